package dev.riffle.e2e.platform;

/** Told about an ingest as it goes: upload first, then the origin's job states. */
@FunctionalInterface
public interface IngestProgress {
    /**
     * @param state {@code uploading}, then the job's state ({@code queued}, {@code probing}, {@code transcoding},
     *     {@code packaging}, {@code publishing}, {@code succeeded})
     * @param progress 0..1 within that state for {@code uploading}, over the whole ingest for the job states
     */
    void update(String state, double progress);

    IngestProgress NONE = (s, p) -> {};
}
