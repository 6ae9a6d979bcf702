package dev.riffle.origin.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;

/**
 * An upload and the ingest that follows it. {@code progress} is 0..1 over the whole ingest; {@code failure} says why a
 * failed job failed, in words an operator can act on.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Job(
        String id,
        String titleId,
        JobState state,
        long totalBytes,
        long receivedBytes,
        double progress,
        String failure,
        String versionId,
        Instant createdAt,
        Instant updatedAt,
        Instant finishedAt) {

    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(titleId, "titleId");
        Objects.requireNonNull(state, "state");
        if (totalBytes <= 0) throw new IllegalArgumentException("totalBytes must be > 0");
        if (receivedBytes < 0 || receivedBytes > totalBytes) {
            throw new IllegalArgumentException("receivedBytes out of 0.." + totalBytes);
        }
        if (progress < 0 || progress > 1) throw new IllegalArgumentException("progress out of 0..1");
    }

    public static Job awaitingUpload(String id, String titleId, long totalBytes, Instant now) {
        return new Job(id, titleId, JobState.AWAITING_UPLOAD, totalBytes, 0, 0, null, null, now, now, null);
    }

    public boolean uploadComplete() {
        return receivedBytes == totalBytes;
    }
}
