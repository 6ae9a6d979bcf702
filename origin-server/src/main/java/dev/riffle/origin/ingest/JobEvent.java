package dev.riffle.origin.ingest;

/** What can happen to a job; {@link Jobs#apply} turns a job and an event into the next job. */
public sealed interface JobEvent {
    /** The upload file now holds {@code receivedBytes}. */
    record Received(long receivedBytes) implements JobEvent {}

    /** Work moved to another stage. */
    record Entered(JobState state) implements JobEvent {}

    /** Progress within the current stage, 0..1. */
    record Progressed(double fraction) implements JobEvent {}

    record Succeeded(String versionId) implements JobEvent {}

    record Failed(String reason) implements JobEvent {
        public Failed {
            if (reason == null || reason.isBlank()) throw new IllegalArgumentException("a failure needs a reason");
        }
    }
}
