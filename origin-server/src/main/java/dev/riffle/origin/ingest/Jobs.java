package dev.riffle.origin.ingest;

import java.time.Instant;

/** The job state machine: pure, time passed in. */
public final class Jobs {
    private Jobs() {}

    /** Share of overall progress at which each stage starts; transcoding dominates. */
    static double stageStart(JobState s) {
        return switch (s) {
            case AWAITING_UPLOAD, QUEUED -> 0.0;
            case PROBING -> 0.01;
            case TRANSCODING -> 0.03;
            case PACKAGING -> 0.90;
            case PUBLISHING -> 0.98;
            case SUCCEEDED -> 1.0;
            case FAILED -> 0.0;
        };
    }

    static double stageEnd(JobState s) {
        return switch (s) {
            case AWAITING_UPLOAD, QUEUED -> 0.0;
            case PROBING -> 0.03;
            case TRANSCODING -> 0.90;
            case PACKAGING -> 0.98;
            case PUBLISHING, SUCCEEDED -> 1.0;
            case FAILED -> 0.0;
        };
    }

    public static Job apply(Job j, JobEvent e, Instant now) {
        if (j.state().terminal())
            throw new IllegalStateException(
                    "job " + j.id() + " is already " + j.state().json());
        if (e instanceof JobEvent.Received r) {
            if (j.state() != JobState.AWAITING_UPLOAD) throw new IllegalStateException("upload already complete");
            if (r.receivedBytes() < j.receivedBytes() || r.receivedBytes() > j.totalBytes()) {
                throw new IllegalArgumentException("received bytes must grow and stay within the declared size");
            }
            return new Job(
                    j.id(),
                    j.titleId(),
                    j.state(),
                    j.totalBytes(),
                    r.receivedBytes(),
                    0,
                    null,
                    null,
                    j.createdAt(),
                    now,
                    null);
        }
        if (e instanceof JobEvent.Entered en) {
            if (!j.state().next().contains(en.state()) || en.state().terminal()) {
                throw new IllegalStateException("cannot go from " + j.state().json() + " to "
                        + en.state().json());
            }
            if (en.state() == JobState.QUEUED && !j.uploadComplete()) {
                throw new IllegalStateException("upload is not complete");
            }
            return new Job(
                    j.id(),
                    j.titleId(),
                    en.state(),
                    j.totalBytes(),
                    j.receivedBytes(),
                    Math.max(j.progress(), stageStart(en.state())),
                    null,
                    null,
                    j.createdAt(),
                    now,
                    null);
        }
        if (e instanceof JobEvent.Progressed p) {
            double f = Math.max(0, Math.min(1, p.fraction()));
            double overall = stageStart(j.state()) + f * (stageEnd(j.state()) - stageStart(j.state()));
            return new Job(
                    j.id(),
                    j.titleId(),
                    j.state(),
                    j.totalBytes(),
                    j.receivedBytes(),
                    Math.max(j.progress(), overall),
                    null,
                    null,
                    j.createdAt(),
                    now,
                    null);
        }
        if (e instanceof JobEvent.Succeeded s) {
            if (j.state() != JobState.PUBLISHING) throw new IllegalStateException("only publishing can succeed");
            return new Job(
                    j.id(),
                    j.titleId(),
                    JobState.SUCCEEDED,
                    j.totalBytes(),
                    j.receivedBytes(),
                    1.0,
                    null,
                    s.versionId(),
                    j.createdAt(),
                    now,
                    now);
        }
        JobEvent.Failed f = (JobEvent.Failed) e;
        return new Job(
                j.id(),
                j.titleId(),
                JobState.FAILED,
                j.totalBytes(),
                j.receivedBytes(),
                j.progress(),
                f.reason(),
                null,
                j.createdAt(),
                now,
                now);
    }

    /**
     * What a job becomes when the origin starts again: an upload in progress stays resumable at the bytes that are on
     * disk; work that was running is failed with a reason (its staging is removed by the store); ended jobs stay.
     */
    public static Job afterRestart(Job j, long bytesOnDisk, Instant now) {
        if (j.state() == JobState.AWAITING_UPLOAD) {
            long kept = Math.max(0, Math.min(bytesOnDisk, j.totalBytes()));
            if (kept == j.receivedBytes()) return j;
            return new Job(
                    j.id(), j.titleId(), j.state(), j.totalBytes(), kept, 0, null, null, j.createdAt(), now, null);
        }
        if (j.state().terminal()) return j;
        return apply(
                j,
                new JobEvent.Failed(
                        "interrupted: the origin stopped during " + j.state().json() + "; upload the source again"),
                now);
    }

    /**
     * A job whose worker stopped (its lease expired) goes back to the queue for the next worker: same upload, progress
     * from zero. Ended jobs and uploads still arriving are not requeued.
     */
    public static Job requeued(Job j, Instant now) {
        if (j.state().terminal() || j.state() == JobState.AWAITING_UPLOAD || j.state() == JobState.QUEUED) return j;
        return new Job(
                j.id(),
                j.titleId(),
                JobState.QUEUED,
                j.totalBytes(),
                j.receivedBytes(),
                0,
                null,
                null,
                j.createdAt(),
                now,
                null);
    }
}
