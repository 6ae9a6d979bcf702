package dev.riffle.agent.player;

import dev.riffle.protocol.manifest.Manifest;
import dev.riffle.protocol.manifest.Rendition;
import dev.riffle.protocol.manifest.RenditionType;
import dev.riffle.protocol.manifest.Segment;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Writes the HLS playlists the player gets from the agent, from the signed manifest rather than from the origin's
 * playlists: those are not signed, and writing them here points every segment and key URI at the agent without
 * rewriting text. Pure.
 *
 * <p>URIs are absolute paths on the agent: {@code /play/{title}/{rendition}/{n}.ts} ({@code .vtt} for subtitles) and
 * {@code /play/{title}/keys/{kid}}.
 */
public final class PlaylistWriter {
    private static final String AUDIO_GROUP = "audio";
    private static final String SUBS_GROUP = "subs";

    private PlaylistWriter() {}

    public static String base(String titleId) {
        return "/play/" + titleId + "/";
    }

    /**
     * Master playlist: one variant per video rendition (audio as a group), or the audio rendition alone; the title's
     * subtitle renditions as a group every variant names (the first is the default, none is forced).
     */
    public static String master(Manifest m) {
        String base = base(m.titleId());
        List<Rendition> video = byType(m, RenditionType.VIDEO);
        Rendition audio = byType(m, RenditionType.AUDIO).stream().findFirst().orElse(null);
        var sb = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        String subs = subtitles(sb, m, base);
        if (video.isEmpty()) {
            if (audio == null) throw new IllegalArgumentException("a title needs video or audio");
            sb.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(audio.bandwidthBps());
            codecs(sb, audio.codecs());
            sb.append(subs).append('\n').append(base).append(audio.id()).append("/index.m3u8\n");
            return sb.toString();
        }
        if (audio != null) {
            sb.append("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"" + AUDIO_GROUP + "\",NAME=\"audio\",DEFAULT=YES,")
                    .append("AUTOSELECT=YES,URI=\"")
                    .append(base)
                    .append(audio.id())
                    .append("/index.m3u8\"\n");
        }
        for (Rendition v : video) {
            sb.append("#EXT-X-STREAM-INF:BANDWIDTH=")
                    .append(v.bandwidthBps() + (audio == null ? 0 : audio.bandwidthBps()));
            if (v.resolution() != null) {
                sb.append(",RESOLUTION=")
                        .append(v.resolution().width())
                        .append('x')
                        .append(v.resolution().height());
            }
            String c = v.codecs();
            if (audio != null && !isBlank(audio.codecs()) && !isBlank(c)) c = c + "," + audio.codecs();
            codecs(sb, c);
            if (audio != null) sb.append(",AUDIO=\"" + AUDIO_GROUP + "\"");
            sb.append(subs).append('\n').append(base).append(v.id()).append("/index.m3u8\n");
        }
        return sb.toString();
    }

    /**
     * The {@code EXT-X-MEDIA} lines of the subtitle renditions; returns the attribute variants add to name their group
     * (empty without subtitles). The manifest's ids and languages are checked ids, so they need no quoting.
     */
    private static String subtitles(StringBuilder sb, Manifest m, String base) {
        List<Rendition> subs = byType(m, RenditionType.SUBTITLES);
        boolean first = true;
        for (Rendition s : subs) {
            String name = s.language() == null ? s.id() : s.language();
            sb.append("#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"" + SUBS_GROUP + "\",NAME=\"")
                    .append(name)
                    .append('"');
            if (s.language() != null)
                sb.append(",LANGUAGE=\"").append(s.language()).append('"');
            sb.append(",DEFAULT=")
                    .append(first ? "YES" : "NO")
                    .append(",AUTOSELECT=YES,FORCED=NO,URI=\"")
                    .append(base)
                    .append(s.id())
                    .append("/index.m3u8\"\n");
            first = false;
        }
        return subs.isEmpty() ? "" : ",SUBTITLES=\"" + SUBS_GROUP + "\"";
    }

    /** The file name of a segment on the agent: WebVTT for subtitles, MPEG-TS otherwise. */
    public static String segmentName(Rendition r, long index) {
        return index + (r.type() == RenditionType.SUBTITLES ? ".vtt" : ".ts");
    }

    /** Media playlist of one rendition; each segment carries its own key line because each has its own IV. */
    public static String media(Manifest m, Rendition r) {
        String base = base(m.titleId());
        long maxMs = r.targetDurationMs();
        for (Segment s : r.segments()) maxMs = Math.max(maxMs, s.durationMs());
        var sb = new StringBuilder(64 * r.segments().size() + 200);
        sb.append("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:")
                .append((maxMs + 999) / 1000)
                .append("\n#EXT-X-MEDIA-SEQUENCE:")
                .append(Math.max(0, r.firstIndex()))
                .append("\n#EXT-X-PLAYLIST-TYPE:VOD\n");
        String keyUri = base + "keys/" + m.contentKey().kid().base64url();
        for (Segment s : r.segments()) {
            sb.append("#EXT-X-KEY:METHOD=AES-128,URI=\"")
                    .append(keyUri)
                    .append("\",IV=0x")
                    .append(HexFormat.of().formatHex(m.ivFor(s).bytes()))
                    .append('\n');
            sb.append("#EXTINF:")
                    .append(String.format(Locale.ROOT, "%.3f", s.durationMs() / 1000.0))
                    .append(",\n")
                    .append(base)
                    .append(r.id())
                    .append('/')
                    .append(segmentName(r, s.index()))
                    .append('\n');
        }
        return sb.append("#EXT-X-ENDLIST\n").toString();
    }

    /**
     * Live media playlist of one rendition: of the segments up to {@code listedUpTo}, the newest spanning
     * {@code offeredMillis} (a player that falls
     * further behind finds its next segment gone and jumps towards the edge), each with its key (keys rotate) and its
     * program date; no end until the channel has ended.
     */
    public static String live(Manifest m, Rendition r, long offeredMillis, long listedUpTo) {
        String base = base(m.titleId());
        List<Segment> all =
                r.segments().stream().filter(s -> s.index() <= listedUpTo).toList();
        int from = all.size();
        long span = 0;
        // whole segments until they span the offer (1.001 s segments and a 2 s offer give two, not one)
        while (from > 0 && span < offeredMillis) span += all.get(--from).durationMs();
        from = Math.min(from, Math.max(0, all.size() - 1));
        List<Segment> offered = all.subList(from, all.size());
        long maxMs = r.targetDurationMs();
        for (Segment s : offered) maxMs = Math.max(maxMs, s.durationMs());
        var sb = new StringBuilder(128 * offered.size() + 200);
        sb.append("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:")
                .append((maxMs + 999) / 1000)
                .append("\n#EXT-X-MEDIA-SEQUENCE:")
                .append(offered.isEmpty() ? 0 : offered.get(0).index())
                .append('\n');
        for (Segment s : offered) {
            sb.append("#EXT-X-KEY:METHOD=AES-128,URI=\"")
                    .append(base)
                    .append("keys/")
                    .append(s.keyIn(m).base64url())
                    .append("\",IV=0x")
                    .append(HexFormat.of().formatHex(m.ivFor(s).bytes()))
                    .append('\n');
            if (s.programDate() != null) {
                sb.append("#EXT-X-PROGRAM-DATE-TIME:")
                        .append(java.time.format.DateTimeFormatter.ISO_INSTANT.format(s.programDate()))
                        .append('\n');
            }
            sb.append("#EXTINF:")
                    .append(String.format(Locale.ROOT, "%.3f", s.durationMs() / 1000.0))
                    .append(",\n")
                    .append(base)
                    .append(r.id())
                    .append('/')
                    .append(segmentName(r, s.index()))
                    .append('\n');
        }
        if (m.live() != null && m.live().ended()) sb.append("#EXT-X-ENDLIST\n");
        return sb.toString();
    }

    /** Every key id a title's segments are encrypted under (one for VOD; live channels rotate keys). */
    public static java.util.Set<String> keyIds(Manifest m) {
        var out = new java.util.HashSet<String>();
        out.add(m.contentKey().kid().base64url());
        for (Rendition r : m.renditions()) {
            for (Segment s : r.segments()) {
                if (s.kid() != null) out.add(s.kid().base64url());
            }
        }
        return out;
    }

    private static void codecs(StringBuilder sb, String codecs) {
        // Codecs come from the signed manifest, but a quote would still end the attribute: leave such a value out.
        if (!isBlank(codecs) && codecs.indexOf('"') < 0)
            sb.append(",CODECS=\"").append(codecs).append('"');
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static List<Rendition> byType(Manifest m, RenditionType type) {
        return m.renditions().stream().filter(r -> r.type() == type).toList();
    }
}
