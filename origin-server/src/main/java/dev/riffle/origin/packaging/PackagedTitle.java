package dev.riffle.origin.packaging;

import java.util.List;

/**
 * A packaged version of a title, independent of file formats: the input to the playlist writer and the manifest.
 *
 * @param keyId content key id (base64url, 16 bytes)
 */
public record PackagedTitle(String titleId, String keyId, List<Rendition> renditions, double durationSeconds) {

    public PackagedTitle {
        renditions = List.copyOf(renditions);
        if (renditions.isEmpty()) throw new IllegalArgumentException("a title needs a rendition");
    }

    public enum Type {
        VIDEO,
        AUDIO,
        SUBTITLES
    }

    /**
     * @param name directory and rendition id
     * @param peakBps HLS BANDWIDTH (largest segment bits per second)
     * @param averageBps HLS AVERAGE-BANDWIDTH
     * @param width 0 unless video
     * @param language BCP 47 for subtitles, else null
     */
    public record Rendition(
            String name,
            Type type,
            long peakBps,
            long averageBps,
            int width,
            int height,
            String codecs,
            String language,
            List<Segment> segments) {
        public Rendition {
            segments = List.copyOf(segments);
            if (segments.isEmpty()) throw new IllegalArgumentException("rendition " + name + " has no segments");
        }

        public long targetDurationMs() {
            long max = 0;
            for (Segment s : segments) max = Math.max(max, s.durationMs());
            return max;
        }

        public String playlistUri() {
            return name + "/index.m3u8";
        }
    }

    /** One encrypted segment: its bytes on disk hash to {@code sha256Hex}; {@code iv} is the AES-CBC IV (16 bytes). */
    public record Segment(long index, long durationMs, long size, String sha256Hex, String uri, byte[] iv) {
        public Segment {
            if (iv == null || iv.length != 16) throw new IllegalArgumentException("iv must be 16 bytes");
            iv = iv.clone();
        }

        @Override
        public byte[] iv() {
            return iv.clone();
        }
    }
}
