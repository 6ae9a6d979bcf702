package dev.riffle.origin.ingest;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Set;

/** Stages of an ingest job, in order. Terminal: {@link #SUCCEEDED}, {@link #FAILED}. */
public enum JobState {
    AWAITING_UPLOAD,
    QUEUED,
    PROBING,
    TRANSCODING,
    PACKAGING,
    PUBLISHING,
    SUCCEEDED,
    FAILED;

    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED;
    }

    /** States this one may move to: the next stage, or failure. */
    public Set<JobState> next() {
        return switch (this) {
            case AWAITING_UPLOAD -> Set.of(QUEUED, FAILED);
            case QUEUED -> Set.of(PROBING, FAILED);
            case PROBING -> Set.of(TRANSCODING, FAILED);
            case TRANSCODING -> Set.of(PACKAGING, FAILED);
            case PACKAGING -> Set.of(PUBLISHING, FAILED);
            case PUBLISHING -> Set.of(SUCCEEDED, FAILED);
            case SUCCEEDED, FAILED -> Set.of();
        };
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
