package dev.riffle.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What {@code ./riffle admin live} prints for people (pure: the origin's JSON in, lines out). */
final class LiveText {
    private LiveText() {}

    /** A channel just created: where to push, the key (shown this once), and the exact ffmpeg command. */
    static List<String> created(JsonNode ch) {
        String push = ch.path("pushUrl").asText();
        return List.of(
                "channel " + ch.path("id").asText() + " (" + ch.path("name").asText() + "): "
                        + ch.path("state").asText() + ", DVR window "
                        + ch.path("windowSeconds").asLong() + " s",
                "ingest URL: " + ch.path("ingestUrl").asText(),
                "stream key: " + ch.path("streamKey").asText() + "   (shown only now; keep it secret)",
                "push from a file or a camera with ffmpeg (a key frame every second; OBS: keyframe interval 1 s):",
                "  ffmpeg -re -i INPUT -c:v libx264 -preset veryfast -tune zerolatency -force_key_frames 'expr:gte(t,n_forced*1)'"
                        + " -sc_threshold 0 -c:a aac -f flv '" + push + "'",
                "viewers play it through their agent like any title: /play/"
                        + ch.path("id").asText() + "/master.m3u8");
    }

    /** One line per channel. */
    static List<String> table(JsonNode channels) {
        List<String> lines = new ArrayList<>();
        String fmt = "%-18s %-12s %8s %-22s %s";
        lines.add(String.format(Locale.ROOT, fmt, "id", "state", "segments", "on air since", "name / last event"));
        for (JsonNode ch : channels) {
            String event = ch.path("lastEvent").asText("");
            lines.add(String.format(
                    Locale.ROOT,
                    fmt,
                    ch.path("id").asText(),
                    ch.path("state").asText(),
                    ch.path("segmentsPublished").asLong(),
                    ch.path("onAirSince").asText("-"),
                    ch.path("name").asText() + (event.isEmpty() ? "" : " — " + event)));
        }
        if (channels.isEmpty()) lines.add("(no live channels)");
        return lines;
    }
}
