package dev.riffle.origin.packaging;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/** Reads the segment list of the media playlist ffmpeg wrote (EXTINF + URI pairs); pure. */
public final class MediaPlaylistParser {
    private MediaPlaylistParser() {}

    /** A segment as ffmpeg cut it: file name and duration in whole milliseconds (at least 1). */
    public record Entry(String uri, long durationMs) {}

    public static List<Entry> parse(String playlist) {
        List<Entry> out = new ArrayList<>();
        Long pending = null;
        for (String raw : playlist.split("\r?\n")) {
            String line = raw.trim();
            if (line.isEmpty()) continue;
            if (line.startsWith("#EXTINF:")) {
                String d = line.substring(8);
                int comma = d.indexOf(',');
                if (comma >= 0) d = d.substring(0, comma);
                pending = Math.max(
                        1,
                        new BigDecimal(d.trim())
                                .movePointRight(3)
                                .setScale(0, RoundingMode.HALF_UP)
                                .longValueExact());
            } else if (!line.startsWith("#")) {
                if (pending == null) throw new PackagingException("ffmpeg playlist lists " + line + " without EXTINF");
                out.add(new Entry(line, pending));
                pending = null;
            }
        }
        return List.copyOf(out);
    }
}
