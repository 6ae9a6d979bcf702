package dev.riffle.origin.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riffle.origin.config.OriginConfig;
import dev.riffle.origin.store.JsonRecordStore;
import dev.riffle.servicekit.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** The catalogue: titles by id, persisted under {@code catalog/}. */
@ApplicationScoped
public class CatalogStore {
    private final JsonRecordStore<Title> titles;

    @Inject
    public CatalogStore(OriginConfig config, ObjectMapper json) {
        this.titles = new JsonRecordStore<>(config.dataDir().resolve("catalog"), json, Title.class, Title::id);
    }

    public Optional<Title> find(String id) {
        return titles.get(id);
    }

    public Title require(String id) {
        return titles.get(id)
                .orElseThrow(() -> ProblemException.notFound("not-found", "title '" + id + "' does not exist"));
    }

    /** The title as its file says now (a catalogue directory shared with another origin process). */
    public Optional<Title> refresh(String id) {
        return titles.refresh(id);
    }

    public Title save(Title t) {
        return titles.put(t);
    }

    public Title update(String id, UnaryOperator<Title> change) {
        return titles.update(id, change)
                .orElseThrow(() -> ProblemException.notFound("not-found", "title '" + id + "' does not exist"));
    }

    public TitlePage query(TitleQuery q) {
        return q.apply(titles.all());
    }

    /** Fast check used on every edge request. */
    public boolean isLive(String id) {
        Title t = titles.get(id).orElse(null);
        return t != null && t.status() == TitleStatus.PUBLISHED;
    }
}
