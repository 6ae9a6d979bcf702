package dev.riffle.origin.packaging;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts a WebVTT file into HLS subtitle segments on the media segment grid: segment k holds every cue that overlaps
 * [kS, (k+1)S), with cue times kept absolute and an {@code X-TIMESTAMP-MAP} tying 00:00 to the first MPEG-TS timestamp
 * of the media. Pure.
 */
public final class WebVttSegmenter {
    private static final Pattern TIMING = Pattern.compile(
            "^\\s*((?:\\d+:)?\\d{2}:\\d{2}\\.\\d{3})\\s+-->\\s+((?:\\d+:)?\\d{2}:\\d{2}\\.\\d{3})(.*)$");

    private WebVttSegmenter() {}

    public record Cue(long startMs, long endMs, String block) {}

    public record Piece(long durationMs, String text) {}

    /** @throws PackagingException when the text is not WebVTT */
    public static List<Cue> parse(String vtt) {
        String text = vtt.startsWith("\uFEFF") ? vtt.substring(1) : vtt;
        text = text.replace("\r\n", "\n").replace('\r', '\n');
        if (!text.startsWith("WEBVTT")) throw new PackagingException("subtitles are not WebVTT (no WEBVTT header)");
        List<Cue> cues = new ArrayList<>();
        for (String block : text.split("\n{2,}")) {
            String[] lines = block.split("\n");
            for (int i = 0; i < lines.length; i++) {
                Matcher m = TIMING.matcher(lines[i]);
                if (m.matches()) {
                    long start = millis(m.group(1));
                    long end = millis(m.group(2));
                    if (end > start)
                        cues.add(new Cue(
                                start, end, String.join("\n", List.of(lines).subList(i, lines.length))));
                    break;
                }
            }
        }
        return List.copyOf(cues);
    }

    public static List<Piece> segment(List<Cue> cues, long totalMs, int segmentSeconds, long mpegtsStart) {
        long step = segmentSeconds * 1000L;
        long count = Math.max(1, (totalMs + step - 1) / step);
        List<Piece> out = new ArrayList<>();
        for (long k = 0; k < count; k++) {
            long from = k * step;
            long to = Math.min(totalMs, from + step);
            StringBuilder sb = new StringBuilder("WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:")
                    .append(mpegtsStart)
                    .append(",LOCAL:00:00:00.000\n");
            for (Cue c : cues) {
                if (c.startMs() < to && c.endMs() > from)
                    sb.append('\n').append(c.block()).append('\n');
            }
            out.add(new Piece(Math.max(1, to - from), sb.toString()));
        }
        return out;
    }

    static long millis(String ts) {
        String[] p = ts.split(":");
        long h = p.length == 3 ? Long.parseLong(p[0]) : 0;
        long m = Long.parseLong(p[p.length - 2]);
        String[] sec = p[p.length - 1].split("\\.");
        return ((h * 60 + m) * 60 + Long.parseLong(sec[0])) * 1000 + Long.parseLong(sec[1]);
    }
}
