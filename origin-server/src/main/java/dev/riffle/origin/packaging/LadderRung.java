package dev.riffle.origin.packaging;

import java.util.List;
import java.util.regex.Pattern;

/** One configured video rendition: {@code name:height:kbps}, e.g. {@code 720p:720:2800}. */
public record LadderRung(String name, int height, int kbps) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

    public LadderRung {
        if (!NAME.matcher(name).matches()) throw new IllegalArgumentException("bad rendition name " + name);
        if (height < 16 || height > 4320 || height % 2 != 0) throw new IllegalArgumentException("bad height " + height);
        if (kbps < 16 || kbps > 100_000) throw new IllegalArgumentException("bad bit rate " + kbps);
    }

    public static LadderRung parse(String spec) {
        String[] p = spec.trim().split(":");
        if (p.length != 3) throw new IllegalArgumentException("ladder entry must be name:height:kbps, got " + spec);
        return new LadderRung(p[0], Integer.parseInt(p[1]), Integer.parseInt(p[2]));
    }

    public static List<LadderRung> parseAll(List<String> specs) {
        return specs.stream().map(LadderRung::parse).toList();
    }
}
