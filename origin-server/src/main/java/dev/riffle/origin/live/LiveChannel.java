package dev.riffle.origin.live;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A live channel as the origin keeps it (its catalogue entry is a title of kind {@code live} with the same id).
 *
 * @param streamKeyHash SHA-256 (hex) of the stream key: the key itself is shown once, at creation, and never stored
 * @param windowMs the DVR window
 * @param ladder video ladder ({@code name:height:kbps}) or {@code [source]}
 * @param nextIndex index of the next segment: a resumed push continues the numbering
 * @param nextTimestampMs where a resumed push's timestamps start, so players see one continuous timeline
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RecordBuilder
public record LiveChannel(
        String id,
        String name,
        String streamKeyHash,
        long windowMs,
        List<String> ladder,
        LiveState state,
        long nextIndex,
        long nextTimestampMs,
        Instant createdAt,
        Instant updatedAt,
        Instant onAirSince,
        String lastEvent)
        implements LiveChannelBuilder.With {

    public LiveChannel {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(streamKeyHash, "streamKeyHash");
        Objects.requireNonNull(state, "state");
        ladder = List.copyOf(ladder);
    }
}
