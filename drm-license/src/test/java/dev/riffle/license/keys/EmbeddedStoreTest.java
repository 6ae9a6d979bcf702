package dev.riffle.license.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.license.policy.EmbeddedTitlePolicyStore;
import dev.riffle.license.policy.Plan;
import dev.riffle.license.policy.TitlePolicy;
import dev.riffle.license.policy.TitlePolicyStore;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedStoreTest extends StoreContract {
    @TempDir
    Path dir;

    private EmbeddedKeyStore keys;
    private EmbeddedTitlePolicyStore policies;

    @BeforeEach
    void open() {
        keys = new EmbeddedKeyStore(Optional.of(dir.resolve("keys.jsonl")));
        policies = new EmbeddedTitlePolicyStore(Optional.of(dir.resolve("policies.json")));
    }

    @Override
    protected KeyStore keys() {
        return keys;
    }

    @Override
    protected TitlePolicyStore policies() {
        return policies;
    }

    @Test
    void files_survive_a_restart() {
        SealedKey k = keys.putIfAbsent(candidate("t1", "default"));
        TitlePolicy p = new TitlePolicy("t1", Plan.BASIC, Set.of("FR"), Optional.empty(), Optional.empty());
        policies.put(p);
        EmbeddedKeyStore reopened = new EmbeddedKeyStore(Optional.of(dir.resolve("keys.jsonl")));
        assertThat(reopened.findByKid(k.kid())).contains(k);
        assertThat(reopened.putIfAbsent(candidate("t1", "default"))).isEqualTo(k);
        assertThat(new EmbeddedTitlePolicyStore(Optional.of(dir.resolve("policies.json"))).find("t1"))
                .contains(p);
    }

    @Test
    void memory_only_store_meets_the_contract_too() {
        EmbeddedKeyStore memory = new EmbeddedKeyStore(Optional.empty());
        SealedKey k = memory.putIfAbsent(candidate("t1", "default"));
        assertThat(memory.findByKid(k.kid())).contains(k);
    }
}
