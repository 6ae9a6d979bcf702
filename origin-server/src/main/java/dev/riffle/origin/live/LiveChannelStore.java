package dev.riffle.origin.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riffle.origin.config.OriginConfig;
import dev.riffle.origin.store.JsonRecordStore;
import dev.riffle.servicekit.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Live channels by id, persisted under {@code live/}. */
@ApplicationScoped
public class LiveChannelStore {
    private final JsonRecordStore<LiveChannel> channels;

    @Inject
    public LiveChannelStore(OriginConfig config, ObjectMapper json) {
        this.channels =
                new JsonRecordStore<>(config.dataDir().resolve("live"), json, LiveChannel.class, LiveChannel::id);
    }

    public Optional<LiveChannel> find(String id) {
        return channels.get(id);
    }

    public LiveChannel require(String id) {
        return channels.get(id)
                .orElseThrow(() -> ProblemException.notFound("not-found", "live channel '" + id + "' does not exist"));
    }

    /** The channel whose stream key this is, if any (constant-time comparison per channel). */
    public Optional<LiveChannel> byStreamKey(String key) {
        for (LiveChannel c : channels.all()) {
            if (StreamKeys.matches(key, c.streamKeyHash())) return Optional.of(c);
        }
        return Optional.empty();
    }

    public Collection<LiveChannel> all() {
        return channels.all();
    }

    public LiveChannel save(LiveChannel c) {
        return channels.put(c);
    }

    public LiveChannel update(String id, UnaryOperator<LiveChannel> change) {
        return channels.update(id, change)
                .orElseThrow(() -> ProblemException.notFound("not-found", "live channel '" + id + "' does not exist"));
    }
}
