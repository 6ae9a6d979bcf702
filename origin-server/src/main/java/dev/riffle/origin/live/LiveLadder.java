package dev.riffle.origin.live;

import dev.riffle.origin.packaging.LadderRung;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The renditions of a live channel and the ffmpeg command that cuts them: the pushed FLV on stdin, one MPEG-TS
 * segment per {@code segmentMs} per rendition, and per rendition a CSV list ffmpeg appends to as each segment closes.
 * {@code source} passes the pushed stream through (no decoding: the cheapest and closest to the edge); rungs are
 * encoded with x264 {@code zerolatency} and key frames forced on the segment grid.
 */
public record LiveLadder(List<LadderRung> rungs) {
    public static final String SOURCE = "source";

    public LiveLadder {
        rungs = List.copyOf(rungs);
    }

    /** {@code [source]} or a list of {@code name:height:kbps}; refuses anything else with a clear message. */
    public static LiveLadder parse(List<String> specs) {
        if (specs == null
                || specs.isEmpty()
                || specs.size() == 1 && specs.get(0).trim().equals(SOURCE)) {
            return new LiveLadder(List.of());
        }
        if (specs.size() > 4) throw new IllegalArgumentException("a live ladder has at most 4 renditions");
        List<LadderRung> rungs = new ArrayList<>();
        for (String s : specs) {
            if (s.trim().equals(SOURCE))
                throw new IllegalArgumentException("source cannot be mixed with encoded rungs");
            rungs.add(LadderRung.parse(s));
        }
        if (rungs.stream().map(LadderRung::name).distinct().count() != rungs.size()) {
            throw new IllegalArgumentException("rendition names must differ");
        }
        return new LiveLadder(rungs);
    }

    public boolean passThrough() {
        return rungs.isEmpty();
    }

    /** The rendition ids, in ladder order. */
    public List<String> names() {
        return passThrough()
                ? List.of(SOURCE)
                : rungs.stream().map(LadderRung::name).toList();
    }

    /** As configured: {@code [source]} or the rung specs. */
    public List<String> specs() {
        return passThrough()
                ? List.of(SOURCE)
                : rungs.stream()
                        .map(r -> r.name() + ":" + r.height() + ":" + r.kbps())
                        .toList();
    }

    /** Where ffmpeg writes rendition {@code name}'s list of closed segments. */
    public static Path listFile(Path dir, String name) {
        return dir.resolve(name + ".csv");
    }

    /**
     * The packager: reads FLV from stdin; timestamps kept as pushed ({@code -copyts}) so list times map to the
     * pusher's clock; numbering starts at {@code firstIndex} (a resumed push continues it).
     */
    public List<String> command(String ffmpeg, String preset, long segmentMs, long firstIndex, Path dir) {
        String seconds = String.format(Locale.ROOT, "%.3f", segmentMs / 1000.0);
        List<String> c = new ArrayList<>(List.of(
                ffmpeg,
                "-hide_banner",
                "-nostats",
                "-loglevel",
                "warning",
                // little probing: the stream must start to flow at once, not after seconds of analysis (and no
                // +nobuffer: with it the segment muxer merged the first seconds into one segment)
                "-probesize",
                "262144",
                "-analyzeduration",
                "1000000",
                "-f",
                "flv",
                "-i",
                "pipe:0",
                "-copyts"));
        for (String name : names()) {
            c.addAll(List.of("-map", "0:v:0", "-map", "0:a:0?"));
            if (passThrough()) {
                c.addAll(List.of("-c", "copy"));
            } else {
                LadderRung r = rungs.stream()
                        .filter(x -> x.name().equals(name))
                        .findFirst()
                        .orElseThrow();
                String rate = r.kbps() + "k";
                c.addAll(List.of(
                        "-c:v",
                        "libx264",
                        "-preset",
                        preset,
                        "-tune",
                        "zerolatency",
                        "-profile:v",
                        "main",
                        "-vf",
                        "scale=-2:" + r.height(),
                        "-b:v",
                        rate,
                        "-maxrate",
                        rate,
                        "-bufsize",
                        rate,
                        "-force_key_frames",
                        "expr:gte(t,n_forced*" + seconds + ")",
                        "-sc_threshold",
                        "0",
                        "-c:a",
                        "aac",
                        "-b:a",
                        "96k",
                        "-ac",
                        "2"));
            }
            c.addAll(List.of(
                    "-f",
                    "segment",
                    "-segment_time",
                    seconds,
                    "-segment_format",
                    "mpegts",
                    "-segment_start_number",
                    Long.toString(firstIndex),
                    "-segment_list",
                    listFile(dir, name).toString(),
                    "-segment_list_type",
                    "csv",
                    "-segment_list_flags",
                    "live",
                    dir.resolve(name).resolve("%d.ts").toString()));
        }
        return c;
    }
}
