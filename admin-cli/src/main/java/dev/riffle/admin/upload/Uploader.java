package dev.riffle.admin.upload;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riffle.admin.cli.Command;
import dev.riffle.admin.origin.ApiException;
import dev.riffle.admin.origin.CliException;
import dev.riffle.admin.origin.OriginClient;
import dev.riffle.admin.origin.OriginClient.UploadStatus;
import dev.riffle.admin.origin.TransientException;
import dev.riffle.admin.progress.ProgressBar;
import dev.riffle.admin.progress.ProgressDisplay;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./riffle admin upload}: checks the files, creates the title, sends subtitles and poster, uploads the source in
 * chunks (resuming from the origin's offset after a failure), then follows the ingest job.
 */
public final class Uploader {
    private static final Set<String> TERMINAL = Set.of("succeeded", "failed");

    private final OriginClient origin;
    private final ProgressDisplay progress;
    private final PrintStream out;
    private final ResumePolicy policy;
    private final JobWatcher watcher;

    public Uploader(OriginClient origin, ProgressDisplay progress, PrintStream out, ResumePolicy policy) {
        this.origin = origin;
        this.progress = progress;
        this.out = out;
        this.policy = policy;
        this.watcher = new JobWatcher(origin, progress);
    }

    public void run(Command.Upload cmd) {
        long size = checkSource(cmd.source());
        String jobId;
        String titleId;
        if (cmd.resumeJob().isPresent()) {
            jobId = cmd.resumeJob().get();
            JsonNode job = origin.job(jobId);
            titleId = job.path("titleId").asText();
            if (job.path("totalBytes").asLong() != size) {
                throw new CliException(
                        "job " + jobId + " expects " + job.path("totalBytes").asLong() + " bytes but " + cmd.source()
                                + " has " + size + ": is it the same file?");
            }
            progress.message("resuming upload " + jobId + " of title " + titleId);
        } else {
            Map<String, Path> subtitles = cmd.subtitles();
            subtitles.values().forEach(Uploader::checkSubtitles);
            String posterType = cmd.poster().map(Uploader::posterType).orElse(null);
            JsonNode created = origin.createTitle(cmd.metadata(), size);
            titleId = created.path("title").path("id").asText();
            jobId = created.path("jobId").asText();
            out.println("title " + titleId + " created; upload job " + jobId);
            for (var e : subtitles.entrySet()) {
                origin.putSubtitles(titleId, e.getKey(), e.getValue());
                out.println("subtitles " + e.getKey() + " sent (" + e.getValue().getFileName() + ")");
            }
            if (posterType != null) {
                origin.putPoster(titleId, cmd.poster().get(), posterType);
                out.println("poster sent (" + cmd.poster().get().getFileName() + ")");
            }
        }
        upload(jobId, cmd.source(), size, cmd.chunkBytes());
        if (!cmd.followIngest()) {
            out.println("upload complete; follow the ingest with ./riffle admin jobs " + jobId + " --watch");
            return;
        }
        JsonNode job = watcher.follow(jobId);
        finish(job, titleId);
    }

    /** Sends every byte the origin does not have yet; survives dropped connections and origin restarts. */
    void upload(String jobId, Path source, long size, long chunkBytes) {
        long started = System.nanoTime();
        long stored = status(jobId, 0, size).offset();
        long firstStored = stored;
        if (stored > 0) progress.message("the origin already has " + ProgressBar.human(stored) + "; resuming there");
        while (true) {
            Chunk c = Chunk.next(stored, size, chunkBytes);
            if (c == null) break;
            long base = stored;
            try {
                stored = origin.putChunk(jobId, source, size, c, sent -> {
                    long done = Math.min(size, base + sent);
                    progress.show(
                            "upload",
                            (double) done / size,
                            ProgressBar.bytes(done, size) + "  "
                                    + ProgressBar.rate(done - firstStored, System.nanoTime() - started),
                            "");
                });
            } catch (TransientException | ApiException e) {
                if (e instanceof ApiException a && !resumable(a)) throw e;
                stored = recover(jobId, stored, size, e);
            }
        }
        progress.show("upload", 1.0, ProgressBar.bytes(size, size), "");
        progress.done();
    }

    /** After a failed chunk: wait as the policy says, then learn the origin's offset (retrying the same way). */
    private long recover(String jobId, long lastKnown, long size, CliException cause) {
        CliException last = cause;
        while (true) {
            ResumePolicy.Decision d = policy.failed(lastKnown);
            if (d instanceof ResumePolicy.Decision.GiveUp g) {
                throw new CliException(
                        "upload stopped after " + g.attempts() + " tries without progress (" + last.getMessage()
                                + "). The origin keeps what it received: continue with ./riffle admin upload <file>"
                                + " --resume " + jobId,
                        last);
            }
            ResumePolicy.Decision.Retry r = (ResumePolicy.Decision.Retry) d;
            progress.message(String.format(
                    Locale.ROOT,
                    "upload interrupted (%s); asking the origin where to resume in %.1f s (try %d)",
                    last.getMessage(),
                    r.delay().toMillis() / 1000.0,
                    r.attempt()));
            sleep(r.delay().toMillis());
            try {
                long offset = status(jobId, lastKnown, size).offset();
                progress.message("resuming at byte " + offset + " (" + ProgressBar.human(offset) + " stored)");
                return offset;
            } catch (TransientException e) {
                last = e;
            }
        }
    }

    private UploadStatus status(String jobId, long lastKnown, long size) {
        UploadStatus s = origin.uploadStatus(jobId);
        if (s.length() != size) {
            throw new CliException("upload " + jobId + " expects " + s.length() + " bytes but the file has " + size);
        }
        return s;
    }

    /** Conflicts that a fresh look at the offset resolves: our idea of the offset was stale, or the old request lingers. */
    private static boolean resumable(ApiException e) {
        return e.status() == 409
                        && (e.reason().equals("offset-mismatch") || e.reason().equals("upload-busy"))
                || e.status() == 400 && e.reason().equals("short-chunk")
                || e.status() == 502
                || e.status() == 503;
    }

    private void finish(JsonNode job, String titleId) {
        if (job.path("state").asText().equals("failed")) {
            throw new CliException("ingest failed: " + job.path("failure").asText("(no reason given)") + " [job "
                    + job.path("id").asText() + "]");
        }
        JsonNode title = origin.title(titleId);
        out.println("published " + titleId + " \"" + title.path("name").asText() + "\" ("
                + title.path("kind").asText() + ", "
                + title.path("durationSeconds").asText() + " s, renditions "
                + title.path("renditions") + ")");
        String master = title.path("links").path("master").asText("");
        if (!master.isEmpty()) out.println("  master playlist: " + origin.origin() + master);
        String manifest = title.path("links").path("manifest").asText("");
        if (!manifest.isEmpty()) out.println("  signed manifest: " + origin.origin() + manifest);
    }

    static long checkSource(Path source) {
        if (!Files.exists(source)) throw new CliException(source + ": no such file");
        if (!Files.isRegularFile(source)) throw new CliException(source + " is not a regular file");
        if (!Files.isReadable(source)) throw new CliException(source + " is not readable");
        try {
            long size = Files.size(source);
            if (size == 0) throw new CliException(source + " is empty");
            return size;
        } catch (IOException e) {
            throw new CliException("cannot read " + source + ": " + e.getMessage());
        }
    }

    private static void checkSubtitles(Path vtt) {
        checkSource(vtt);
        try (InputStream in = Files.newInputStream(vtt)) {
            String head = new String(in.readNBytes(16), StandardCharsets.UTF_8);
            if (head.startsWith("\uFEFF")) head = head.substring(1);
            if (!head.startsWith("WEBVTT")) throw new CliException(vtt + " is not WebVTT (it must start with WEBVTT)");
        } catch (IOException e) {
            throw new CliException("cannot read " + vtt + ": " + e.getMessage());
        }
    }

    static String posterType(Path image) {
        checkSource(image);
        String n = image.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".jpg") || n.endsWith(".jpeg")) return "image/jpeg";
        if (n.endsWith(".png")) return "image/png";
        if (n.endsWith(".webp")) return "image/webp";
        throw new CliException(image + ": a poster must be .jpg, .png or .webp");
    }

    static boolean terminal(String state) {
        return TERMINAL.contains(state);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }
}
