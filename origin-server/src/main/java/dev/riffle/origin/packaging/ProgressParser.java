package dev.riffle.origin.packaging;

import java.util.OptionalDouble;

/** Reads ffmpeg {@code -progress} lines ({@code key=value}); pure. */
public final class ProgressParser {
    private ProgressParser() {}

    /** The fraction done (0..1) this line reports, or empty when it reports nothing about position. */
    public static OptionalDouble fraction(String line, double durationSeconds) {
        int eq = line.indexOf('=');
        if (eq < 0) return OptionalDouble.empty();
        String key = line.substring(0, eq).trim();
        String value = line.substring(eq + 1).trim();
        if (key.equals("progress") && value.equals("end")) return OptionalDouble.of(1.0);
        // out_time_ms is microseconds too (a long-standing ffmpeg quirk); prefer out_time_us when present.
        if (!key.equals("out_time_us") && !key.equals("out_time_ms")) return OptionalDouble.empty();
        if (durationSeconds <= 0) return OptionalDouble.empty();
        try {
            long us = Long.parseLong(value);
            if (us < 0) return OptionalDouble.empty();
            return OptionalDouble.of(Math.min(1.0, us / 1_000_000.0 / durationSeconds));
        } catch (NumberFormatException e) {
            return OptionalDouble.empty(); // "N/A" before the first frame
        }
    }
}
