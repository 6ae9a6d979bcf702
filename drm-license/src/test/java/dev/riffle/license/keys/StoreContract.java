package dev.riffle.license.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.license.policy.Plan;
import dev.riffle.license.policy.TitlePolicy;
import dev.riffle.license.policy.TitlePolicyStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The contract every key store and title-policy store meets; run against the embedded and PostgreSQL stores. */
public abstract class StoreContract {
    private final Random random = new Random();

    protected abstract KeyStore keys();

    protected abstract TitlePolicyStore policies();

    protected String title() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected SealedKey candidate(String title, String label) {
        byte[] sealed = new byte[44];
        random.nextBytes(sealed);
        return new SealedKey(
                Kid.random(random), title, label, sealed, "kek1", Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    @Test
    void put_if_absent_stores_the_first_key_and_returns_it_afterwards() {
        String t = title();
        SealedKey first = candidate(t, "default");
        assertThat(keys().putIfAbsent(first)).isEqualTo(first);
        SealedKey second = candidate(t, "default");
        assertThat(keys().putIfAbsent(second)).isEqualTo(first);
        assertThat(keys().findByKid(first.kid())).contains(first);
        assertThat(keys().findByKid(second.kid())).isEmpty();
    }

    @Test
    void a_title_may_hold_several_keys_one_per_label() {
        String t = title();
        SealedKey a = keys().putIfAbsent(candidate(t, "default"));
        SealedKey b = keys().putIfAbsent(candidate(t, "video-720p"));
        SealedKey c = keys().putIfAbsent(candidate(t, "period-0001"));
        assertThat(keys().findByTitle(t)).containsExactlyInAnyOrder(a, b, c);
        assertThat(keys().findByTitle(title())).isEmpty();
    }

    @Test
    void unknown_kids_are_not_found() {
        assertThat(keys().findByKid(Kid.random(random))).isEmpty();
    }

    @Test
    void concurrent_create_or_get_agrees_on_one_key() throws Exception {
        String t = title();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<SealedKey>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                SealedKey c = candidate(t, "default");
                results.add(pool.submit(() -> keys().putIfAbsent(c)));
            }
            Set<Kid> kids = new HashSet<>();
            for (Future<SealedKey> f : results) {
                kids.add(f.get().kid());
            }
            assertThat(kids).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(keys().findByTitle(t)).hasSize(1);
    }

    @Test
    void title_policies_are_created_and_replaced() {
        String t = title();
        assertThat(policies().find(t)).isEmpty();
        TitlePolicy p1 = new TitlePolicy(
                t,
                Plan.STANDARD,
                Set.of("FR", "DE"),
                Optional.of(Instant.parse("2026-01-01T00:00:00Z")),
                Optional.of(Instant.parse("2027-01-01T00:00:00Z")));
        policies().put(p1);
        assertThat(policies().find(t)).contains(p1);
        TitlePolicy p2 = new TitlePolicy(t, Plan.PREMIUM, Set.of(), Optional.empty(), Optional.empty());
        policies().put(p2);
        assertThat(policies().find(t)).contains(p2);
    }

    @Test
    void keys_under_another_kek_are_listed_replaced_once_and_counted() {
        String t = title();
        SealedKey old = keys().putIfAbsent(candidate(t, "default"));
        assertThat(keys().sealedUnder(java.util.Set.of("kek1"), 10_000)).contains(old);
        assertThat(keys().sealedUnder(java.util.Set.of("kek3"), 10_000)).doesNotContain(old);
        byte[] sealed = new byte[44];
        random.nextBytes(sealed);
        SealedKey resealed = new SealedKey(old.kid(), t, "default", sealed, "kek2", old.createdAt());
        assertThat(keys().replace(old, resealed)).isTrue();
        assertThat(keys().replace(old, resealed))
                .as("already moved by someone else")
                .isFalse();
        assertThat(keys().findByKid(old.kid())).contains(resealed);
        assertThat(keys().findByTitle(t)).containsExactly(resealed);
        assertThat(keys().sealedUnder(java.util.Set.of("kek1"), 10_000)).doesNotContain(old, resealed);
        assertThat(keys().countByKek()).containsKey("kek2");
    }
}
