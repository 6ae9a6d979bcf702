package dev.riffle.origin.packaging;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds the single ffmpeg run that decodes the source once and writes every rendition as MPEG-TS HLS segments. Key
 * frames are forced on the segment grid ({@code expr:gte(t,n_forced*S)}, scene-cut off) in every video rendition, so
 * segment n of each rendition covers the same time span and players can switch between them at any boundary. Pure.
 */
public final class FfmpegCommand {
    public static final String PLAYLIST = "ffmpeg.m3u8";

    private FfmpegCommand() {}

    public static List<String> transcode(String ffmpeg, String preset, Path source, Path outDir, PackagingPlan plan) {
        List<String> a = new ArrayList<>(List.of(
                ffmpeg,
                "-hide_banner",
                "-nostdin",
                "-y",
                "-loglevel",
                "error",
                "-nostats",
                "-progress",
                "pipe:1",
                "-i",
                source.toString()));
        int s = plan.segmentSeconds();
        for (PackagingPlan.VideoRendition v : plan.video()) {
            a.addAll(List.of("-map", "0:v:0", "-an", "-sn", "-dn"));
            a.addAll(List.of("-vf", "scale=-2:" + v.height() + ",format=yuv420p"));
            a.addAll(List.of("-c:v", "libx264", "-preset", preset, "-profile:v", "main"));
            a.addAll(List.of(
                    "-b:v", v.kbps() + "k", "-maxrate", (v.kbps() * 11 / 10) + "k", "-bufsize", (v.kbps() * 2) + "k"));
            if (plan.fps() > 0) {
                String gop = Integer.toString((int) Math.max(1, Math.round(plan.fps() * s)));
                a.addAll(List.of("-g", gop, "-keyint_min", gop));
            }
            a.addAll(List.of("-sc_threshold", "0", "-force_key_frames", "expr:gte(t,n_forced*" + s + ")"));
            a.addAll(hls(outDir.resolve(v.name()), s));
        }
        if (plan.audio()) {
            a.addAll(List.of("-map", "0:a:0", "-vn", "-sn", "-dn"));
            a.addAll(List.of("-c:a", "aac", "-b:a", plan.audioKbps() + "k", "-ac", "2", "-ar", "48000"));
            a.addAll(hls(outDir.resolve(PackagingPlan.AUDIO_NAME), s));
        }
        return List.copyOf(a);
    }

    private static List<String> hls(Path dir, int segmentSeconds) {
        return List.of(
                "-f",
                "hls",
                "-hls_time",
                Integer.toString(segmentSeconds),
                "-hls_playlist_type",
                "vod",
                "-hls_segment_type",
                "mpegts",
                "-hls_flags",
                "independent_segments",
                "-hls_segment_filename",
                dir.resolve("%d.ts").toString(),
                dir.resolve(PLAYLIST).toString());
    }

    /** ffprobe of the source: streams and container, as JSON. */
    public static List<String> probe(String ffprobe, Path file) {
        return List.of(
                ffprobe, "-v", "error", "-print_format", "json", "-show_format", "-show_streams", file.toString());
    }

    /** ffprobe of one packaged segment: codec profile/level and the first timestamp. */
    public static List<String> probeSegment(String ffprobe, Path file) {
        return List.of(
                ffprobe,
                "-v",
                "error",
                "-print_format",
                "json",
                "-show_entries",
                "stream=codec_type,codec_name,profile,level,width,height,start_time",
                file.toString());
    }

    static String kbps(double bps) {
        return String.format(Locale.ROOT, "%.0fk", bps / 1000);
    }
}
