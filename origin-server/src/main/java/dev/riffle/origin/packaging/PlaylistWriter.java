package dev.riffle.origin.packaging;

import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/** Writes standard HLS master and media playlists (RFC 8216, version 3); pure. */
public final class PlaylistWriter {
    private static final String AUDIO_GROUP = "audio";
    private static final String SUBS_GROUP = "subs";

    private PlaylistWriter() {}

    /** {@code keyUri} goes into every EXT-X-KEY; each segment gets its own explicit IV. */
    public static String media(PackagedTitle.Rendition r, String keyUri) {
        StringBuilder sb = new StringBuilder(64 + r.segments().size() * 140);
        long target = 1;
        for (PackagedTitle.Segment s : r.segments()) target = Math.max(target, Math.round(s.durationMs() / 1000.0));
        sb.append("#EXTM3U\n#EXT-X-VERSION:3\n");
        sb.append("#EXT-X-TARGETDURATION:").append(target).append('\n');
        sb.append("#EXT-X-MEDIA-SEQUENCE:").append(r.segments().get(0).index()).append('\n');
        sb.append("#EXT-X-PLAYLIST-TYPE:VOD\n");
        if (r.type() != PackagedTitle.Type.SUBTITLES) sb.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        for (PackagedTitle.Segment s : r.segments()) {
            sb.append("#EXT-X-KEY:METHOD=AES-128,URI=\"")
                    .append(keyUri)
                    .append("\",IV=0x")
                    .append(HexFormat.of().formatHex(s.iv()))
                    .append('\n');
            sb.append("#EXTINF:").append(seconds(s.durationMs())).append(",\n");
            sb.append(fileName(s.uri())).append('\n');
        }
        sb.append("#EXT-X-ENDLIST\n");
        return sb.toString();
    }

    /** The master playlist: video variants referencing the audio and subtitle groups, or audio alone. */
    public static String master(PackagedTitle t) {
        List<PackagedTitle.Rendition> video = byType(t, PackagedTitle.Type.VIDEO);
        List<PackagedTitle.Rendition> audio = byType(t, PackagedTitle.Type.AUDIO);
        List<PackagedTitle.Rendition> subs = byType(t, PackagedTitle.Type.SUBTITLES);
        StringBuilder sb = new StringBuilder(1024);
        sb.append("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        boolean first = true;
        for (PackagedTitle.Rendition s : subs) {
            sb.append("#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"")
                    .append(SUBS_GROUP)
                    .append("\",NAME=\"")
                    .append(s.language())
                    .append("\",LANGUAGE=\"")
                    .append(s.language())
                    .append("\",DEFAULT=")
                    .append(first ? "YES" : "NO")
                    .append(",AUTOSELECT=YES,FORCED=NO,URI=\"")
                    .append(s.playlistUri())
                    .append("\"\n");
            first = false;
        }
        String subsAttr = subs.isEmpty() ? "" : ",SUBTITLES=\"" + SUBS_GROUP + "\"";
        PackagedTitle.Rendition a = audio.isEmpty() ? null : audio.get(0);
        if (video.isEmpty()) {
            if (a == null) throw new IllegalArgumentException("a title needs video or audio");
            sb.append("#EXT-X-STREAM-INF:BANDWIDTH=")
                    .append(a.peakBps())
                    .append(",AVERAGE-BANDWIDTH=")
                    .append(a.averageBps())
                    .append(",CODECS=\"")
                    .append(a.codecs())
                    .append('"')
                    .append(subsAttr)
                    .append('\n')
                    .append(a.playlistUri())
                    .append('\n');
            return sb.toString();
        }
        if (a != null) {
            sb.append("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"")
                    .append(AUDIO_GROUP)
                    .append("\",NAME=\"audio\",DEFAULT=YES,AUTOSELECT=YES,CHANNELS=\"2\",URI=\"")
                    .append(a.playlistUri())
                    .append("\"\n");
        }
        for (PackagedTitle.Rendition v : video) {
            long peak = v.peakBps() + (a == null ? 0 : a.peakBps());
            long avg = v.averageBps() + (a == null ? 0 : a.averageBps());
            sb.append("#EXT-X-STREAM-INF:BANDWIDTH=")
                    .append(peak)
                    .append(",AVERAGE-BANDWIDTH=")
                    .append(avg)
                    .append(",RESOLUTION=")
                    .append(v.width())
                    .append('x')
                    .append(v.height())
                    .append(",CODECS=\"")
                    .append(v.codecs())
                    .append(a == null ? "" : "," + a.codecs())
                    .append('"')
                    .append(a == null ? "" : ",AUDIO=\"" + AUDIO_GROUP + "\"")
                    .append(subsAttr)
                    .append('\n')
                    .append(v.playlistUri())
                    .append('\n');
        }
        return sb.toString();
    }

    private static List<PackagedTitle.Rendition> byType(PackagedTitle t, PackagedTitle.Type type) {
        return t.renditions().stream().filter(r -> r.type() == type).toList();
    }

    /** Segment URIs in the manifest are title-relative ({@code 720p/0.ts}); media playlists sit beside them. */
    private static String fileName(String uri) {
        return uri.substring(uri.lastIndexOf('/') + 1);
    }

    static String seconds(long ms) {
        return String.format(Locale.ROOT, "%d.%03d", ms / 1000, ms % 1000);
    }
}
