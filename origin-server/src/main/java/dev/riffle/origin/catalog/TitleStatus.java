package dev.riffle.origin.catalog;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a title is in its life. Only {@link #PUBLISHED} titles are served and listed publicly. */
public enum TitleStatus {
    /** Created, waiting for its source. */
    DRAFT,
    /** A source is being packaged; nothing (or the previous version) is live. */
    PROCESSING,
    PUBLISHED,
    /** Taken offline by an operator; can be published again. */
    UNPUBLISHED,
    /** The first ingest failed; see the job for why. */
    FAILED;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TitleStatus parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
}
