package dev.riffle.origin.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riffle.origin.crypto.Digests;
import dev.riffle.origin.crypto.SegmentCipher;
import dev.riffle.origin.keys.ContentKey;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleConsumer;

/**
 * The thin I/O shell around the pure planning: ffprobe, one ffmpeg run, then per-segment AES-128 encryption with
 * SHA-256 of the encrypted bytes, subtitle segments, playlists and the signed manifest — all inside the job's staging
 * directory. Nothing here is visible to clients until the caller publishes the directory.
 */
public final class Packager {
    /** A source shorter than this share of its declared duration after decoding is reported as truncated. */
    static final double TRUNCATION_RATIO = 0.9;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Knobs the packager needs from configuration. */
    public record Settings(
            String ffmpeg,
            String ffprobe,
            String preset,
            Duration timeout,
            List<LadderRung> ladder,
            int audioKbps,
            int segmentSeconds) {}

    /** Writes the signed manifest bytes for a packaged title. */
    @FunctionalInterface
    public interface ManifestWriter {
        byte[] write(PackagedTitle title);
    }

    private final Settings settings;
    private final ProcessRunner processes;

    public Packager(Settings settings, ProcessRunner processes) {
        this.settings = settings;
        this.processes = processes;
    }

    public ProbeResult probe(Path source, Path workDir) throws IOException {
        String json;
        try {
            json = processes.capture(
                    FfmpegCommand.probe(settings.ffprobe(), source),
                    settings.timeout(),
                    workDir.resolve("ffprobe.log"),
                    1 << 20,
                    "ffprobe");
        } catch (PackagingException e) {
            throw new PackagingException("not a playable media file or truncated (" + e.getMessage() + ")");
        }
        return ProbeParser.parse(json);
    }

    public PackagingPlan plan(ProbeResult probe, List<String> subtitleLanguages) {
        return LadderPlanner.plan(
                probe, settings.ladder(), settings.audioKbps(), subtitleLanguages, settings.segmentSeconds());
    }

    /** Runs ffmpeg into {@code work}; {@code progress} gets 0..1. */
    public void transcode(Path source, PackagingPlan plan, Path work, DoubleConsumer progress) throws IOException {
        for (PackagingPlan.VideoRendition v : plan.video()) Files.createDirectories(work.resolve(v.name()));
        if (plan.audio()) Files.createDirectories(work.resolve(PackagingPlan.AUDIO_NAME));
        ProcessRunner.Result r = processes.run(
                FfmpegCommand.transcode(settings.ffmpeg(), settings.preset(), source, work, plan),
                settings.timeout(),
                line -> ProgressParser.fraction(line, plan.durationSeconds()).ifPresent(progress::accept),
                work.resolve("ffmpeg.log"));
        if (r.timedOut()) throw new PackagingException("ffmpeg exceeded the time limit of " + settings.timeout());
        if (r.exitCode() != 0) {
            throw new PackagingException("ffmpeg failed (exit " + r.exitCode() + "): "
                    + (r.stderrTail().isBlank() ? "no message" : r.stderrTail()));
        }
    }

    /**
     * Encrypts every segment ffmpeg wrote in {@code work} into {@code out}, cuts subtitles, and writes playlists and
     * the manifest. {@code progress} gets 0..1.
     */
    public PackagedTitle assemble(
            String titleId,
            PackagingPlan plan,
            Map<String, Path> subtitles,
            ContentKey key,
            String keyUri,
            Path work,
            Path out,
            ManifestWriter manifest,
            DoubleConsumer progress)
            throws IOException {
        List<PackagedTitle.Rendition> renditions = new ArrayList<>();
        List<String> media = new ArrayList<>();
        for (PackagingPlan.VideoRendition v : plan.video()) media.add(v.name());
        if (plan.audio()) media.add(PackagingPlan.AUDIO_NAME);
        long mpegtsStart = 0;
        int done = 0;
        for (String name : media) {
            Path dir = work.resolve(name);
            List<MediaPlaylistParser.Entry> entries =
                    MediaPlaylistParser.parse(Files.readString(dir.resolve(FfmpegCommand.PLAYLIST)));
            if (entries.isEmpty()) throw new PackagingException("ffmpeg wrote no segments for " + name);
            long totalMs = entries.stream()
                    .mapToLong(MediaPlaylistParser.Entry::durationMs)
                    .sum();
            if (totalMs < plan.durationSeconds() * 1000 * TRUNCATION_RATIO) {
                throw new PackagingException(String.format(
                        Locale.ROOT,
                        "source is truncated: it declares %.1f s but only %.1f s could be decoded",
                        plan.durationSeconds(),
                        totalMs / 1000.0));
            }
            SegmentInfo info = probeSegment(dir.resolve(entries.get(0).uri()), work);
            if (done == 0) mpegtsStart = info.mpegtsStart();
            Files.createDirectories(out.resolve(name));
            List<PackagedTitle.Segment> segments = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                MediaPlaylistParser.Entry e = entries.get(i);
                Path plain = dir.resolve(e.uri());
                String file = i + ".ts";
                try (InputStream in = Files.newInputStream(plain)) {
                    segments.add(
                            encrypt(in, out.resolve(name).resolve(file), key, i, e.durationMs(), name + "/" + file));
                }
                Files.delete(plain);
            }
            boolean video = !name.equals(PackagingPlan.AUDIO_NAME);
            renditions.add(rendition(
                    name,
                    video ? PackagedTitle.Type.VIDEO : PackagedTitle.Type.AUDIO,
                    info.width(),
                    info.height(),
                    video ? info.videoCodecs() : "mp4a.40.2",
                    null,
                    segments));
            progress.accept(++done / (double) (media.size() + subtitles.size() + 1));
        }
        for (Map.Entry<String, Path> sub : subtitles.entrySet()) {
            String name = PackagingPlan.subtitleName(sub.getKey());
            Files.createDirectories(out.resolve(name));
            List<WebVttSegmenter.Cue> cues =
                    WebVttSegmenter.parse(Files.readString(sub.getValue(), StandardCharsets.UTF_8));
            List<WebVttSegmenter.Piece> pieces = WebVttSegmenter.segment(
                    cues, Math.round(plan.durationSeconds() * 1000), plan.segmentSeconds(), mpegtsStart);
            List<PackagedTitle.Segment> segments = new ArrayList<>();
            for (int i = 0; i < pieces.size(); i++) {
                String file = i + ".vtt";
                byte[] text = pieces.get(i).text().getBytes(StandardCharsets.UTF_8);
                segments.add(encrypt(
                        new ByteArrayInputStream(text),
                        out.resolve(name).resolve(file),
                        key,
                        i,
                        pieces.get(i).durationMs(),
                        name + "/" + file));
            }
            renditions.add(rendition(name, PackagedTitle.Type.SUBTITLES, 0, 0, "wvtt", sub.getKey(), segments));
            progress.accept(++done / (double) (media.size() + subtitles.size() + 1));
        }
        PackagedTitle title = new PackagedTitle(titleId, key.kid(), renditions, plan.durationSeconds());
        for (PackagedTitle.Rendition r : renditions) {
            Files.writeString(out.resolve(r.playlistUri()), PlaylistWriter.media(r, keyUri), StandardCharsets.UTF_8);
        }
        Files.writeString(out.resolve("master.m3u8"), PlaylistWriter.master(title), StandardCharsets.UTF_8);
        Files.write(out.resolve("manifest.json"), manifest.write(title));
        progress.accept(1.0);
        return title;
    }

    private static PackagedTitle.Segment encrypt(
            InputStream plain, Path target, ContentKey key, long index, long durationMs, String uri)
            throws IOException {
        byte[] iv = SegmentCipher.randomIv();
        MessageDigest sha = Digests.sha256();
        long size;
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(target), 1 << 16)) {
            size = SegmentCipher.encrypt(key.key(), iv, plain, os, sha);
        }
        return new PackagedTitle.Segment(index, durationMs, size, HexFormat.of().formatHex(sha.digest()), uri, iv);
    }

    private static PackagedTitle.Rendition rendition(
            String name,
            PackagedTitle.Type type,
            int width,
            int height,
            String codecs,
            String language,
            List<PackagedTitle.Segment> segments) {
        long peak = 1;
        long bytes = 0;
        long ms = 0;
        for (PackagedTitle.Segment s : segments) {
            peak = Math.max(peak, s.size() * 8_000 / Math.max(1, s.durationMs()));
            bytes += s.size();
            ms += s.durationMs();
        }
        long avg = Math.max(1, bytes * 8_000 / Math.max(1, ms));
        return new PackagedTitle.Rendition(name, type, peak, avg, width, height, codecs, language, segments);
    }

    record SegmentInfo(int width, int height, String videoCodecs, long mpegtsStart) {}

    private SegmentInfo probeSegment(Path segment, Path work) throws IOException {
        String json = processes.capture(
                FfmpegCommand.probeSegment(settings.ffprobe(), segment),
                settings.timeout(),
                work.resolve("ffprobe-segment.log"),
                1 << 16,
                "ffprobe of a segment");
        JsonNode streams = JSON.readTree(json).path("streams");
        int w = 0;
        int h = 0;
        String codecs = "avc1.4d401f";
        double start = 0;
        for (JsonNode s : streams) {
            start = Math.max(start, s.path("start_time").asDouble(0));
            if ("video".equals(s.path("codec_type").asText())) {
                w = s.path("width").asInt();
                h = s.path("height").asInt();
                codecs =
                        Codecs.avc(s.path("profile").asText(""), s.path("level").asInt(31));
            }
        }
        return new SegmentInfo(w, h, codecs, Math.round(start * 90_000));
    }
}
