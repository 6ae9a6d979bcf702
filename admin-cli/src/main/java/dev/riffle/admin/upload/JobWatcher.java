package dev.riffle.admin.upload;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riffle.admin.origin.CliException;
import dev.riffle.admin.origin.OriginClient;
import dev.riffle.admin.origin.TransientException;
import dev.riffle.admin.progress.ProgressBar;
import dev.riffle.admin.progress.ProgressDisplay;

/** Follows {@code GET /v1/jobs/{id}} with a progress bar until the job ends; rides out a short origin outage. */
public final class JobWatcher {
    private static final long POLL_MS = 500;
    /** How long the origin may stay unreachable while we watch (e.g. a restart) before we give up. */
    private static final long OUTAGE_MS = 60_000;

    private final OriginClient origin;
    private final ProgressDisplay progress;

    public JobWatcher(OriginClient origin, ProgressDisplay progress) {
        this.origin = origin;
        this.progress = progress;
    }

    /** Polls until the job succeeded or failed; answers its last JSON. */
    public JsonNode follow(String jobId) {
        long unreachableSince = -1;
        while (true) {
            JsonNode job;
            try {
                job = origin.job(jobId);
                unreachableSince = -1;
            } catch (TransientException e) {
                long now = System.nanoTime();
                if (unreachableSince < 0) {
                    unreachableSince = now;
                    progress.message("lost the origin while watching job " + jobId + " (" + e.getMessage()
                            + "); retrying for up to " + OUTAGE_MS / 1000 + " s");
                } else if (now - unreachableSince > OUTAGE_MS * 1_000_000) {
                    throw new CliException(
                            "the origin stayed unreachable; check the job later with ./riffle admin jobs " + jobId, e);
                }
                pause();
                continue;
            }
            String state = job.path("state").asText();
            show(job);
            if (Uploader.terminal(state)) {
                progress.done();
                return job;
            }
            pause();
        }
    }

    void show(JsonNode job) {
        String state = job.path("state").asText();
        if (state.equals("awaiting_upload")) {
            long total = job.path("totalBytes").asLong();
            long got = job.path("receivedBytes").asLong();
            progress.show("upload", total == 0 ? 0 : (double) got / total, ProgressBar.bytes(got, total), state);
        } else {
            progress.show("ingest", job.path("progress").asDouble(), state, state);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }
}
