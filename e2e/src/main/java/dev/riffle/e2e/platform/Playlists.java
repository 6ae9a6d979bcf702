package dev.riffle.e2e.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The little HLS parsing a simulated player needs (playlists as the agent writes them). */
public final class Playlists {
    private static final Pattern KEY_URI = Pattern.compile("#EXT-X-KEY:.*URI=\"([^\"]+)\"");
    private static final Pattern SEGMENT_INDEX = Pattern.compile(".*/(\\d+)\\.ts$");

    private Playlists() {}

    /** One segment of a media playlist. */
    public record Entry(long index, double durationSeconds, String uri) {}

    /** A media playlist: its segments and the first key URI (null if clear). */
    public record Media(List<Entry> segments, String keyUri) {
        public double durationSeconds() {
            return segments.stream().mapToDouble(Entry::durationSeconds).sum();
        }
    }

    /** The URI after the first {@code #EXT-X-STREAM-INF} (the agent lists the highest rendition first). */
    public static Optional<String> firstVariant(String master) {
        boolean next = false;
        for (String line : master.split("\\R")) {
            if (line.startsWith("#EXT-X-STREAM-INF")) {
                next = true;
            } else if (next && !line.isBlank() && !line.startsWith("#")) {
                return Optional.of(line.trim());
            }
        }
        return Optional.empty();
    }

    public static Media media(String playlist) {
        List<Entry> out = new ArrayList<>();
        String key = null;
        double duration = -1;
        for (String line : playlist.split("\\R")) {
            if (line.startsWith("#EXT-X-KEY")) {
                Matcher m = KEY_URI.matcher(line);
                if (key == null && m.find()) key = m.group(1);
            } else if (line.startsWith("#EXTINF:")) {
                String v = line.substring("#EXTINF:".length());
                int comma = v.indexOf(',');
                duration = Double.parseDouble(comma >= 0 ? v.substring(0, comma) : v);
            } else if (!line.isBlank() && !line.startsWith("#")) {
                Matcher m = SEGMENT_INDEX.matcher(line.trim());
                long index = m.matches() ? Long.parseLong(m.group(1)) : out.size();
                out.add(new Entry(index, Math.max(0, duration), line.trim()));
                duration = -1;
            }
        }
        return new Media(List.copyOf(out), key);
    }

    /** {@code /play/{title}/{rendition}/index.m3u8} → {@code rendition}. */
    public static String renditionOf(String mediaPath) {
        String[] parts = mediaPath.split("/");
        if (parts.length < 2) throw new IllegalArgumentException("not a media playlist path: " + mediaPath);
        return parts[parts.length - 2];
    }
}
