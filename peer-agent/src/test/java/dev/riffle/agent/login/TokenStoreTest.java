package dev.riffle.agent.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenStoreTest {
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    @TempDir
    Path dir;

    static TokenSet tokens(String access, Duration life) {
        return new TokenSet(
                URI.create("http://127.0.0.1:8082/dev-idp"),
                "riffle-agent",
                access,
                NOW,
                NOW.plus(life),
                Optional.of("refresh-" + access),
                Optional.of(NOW.plus(Duration.ofHours(1))));
    }

    @Test
    void tokens_are_saved_owner_only_and_read_back() throws Exception {
        TokenStore store = new TokenStore(dir.resolve("home/.riffle/agent"));
        assertThat(store.load()).isEmpty();
        assertThatThrownBy(store::accessToken).isInstanceOf(IOException.class).hasMessageContaining("agent login");
        store.save(tokens("a1", Duration.ofMinutes(15)));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.dir())))
                .isEqualTo("rwx------");
        assertThat(store.load()).contains(tokens("a1", Duration.ofMinutes(15)));
        store.save(tokens("a2", Duration.ofMinutes(15)));
        assertThat(store.accessToken()).isEqualTo("a2");
        try (var files = Files.list(store.dir())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("tokens.json");
        }
        assertThat(store.delete()).isTrue();
        assertThat(store.load()).isEmpty();
    }

    @Test
    void an_existing_config_dir_is_tightened() throws Exception {
        Path d = Files.createDirectories(dir.resolve("loose"));
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
        new TokenStore(d).save(tokens("a", Duration.ofMinutes(1)));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d)))
                .isEqualTo("rwx------");
    }

    @Test
    void only_a_tokens_json_names_a_store() {
        assertThat(TokenStore.ofFile(dir.resolve("x/tokens.json")).map(TokenStore::dir))
                .contains(dir.resolve("x").toAbsolutePath());
        assertThat(TokenStore.ofFile(dir.resolve("token.txt"))).isEmpty();
    }

    @Test
    void token_sets_never_show_their_tokens() {
        assertThat(tokens("secret-access", Duration.ofMinutes(1)).toString())
                .doesNotContain("secret-access")
                .contains("refresh=yes");
    }

    @Test
    void renewal_comes_a_quarter_of_the_life_early_within_30s_and_5min() {
        assertThat(tokens("a", Duration.ofMinutes(15)).renewAt())
                .isEqualTo(NOW.plus(Duration.ofMinutes(15)).minus(Duration.ofSeconds(225)));
        assertThat(tokens("a", Duration.ofHours(2)).renewAt())
                .isEqualTo(NOW.plus(Duration.ofHours(2)).minus(Duration.ofMinutes(5)));
        assertThat(tokens("a", Duration.ofSeconds(40)).renewAt()).isEqualTo(NOW.plusSeconds(10));
        assertThat(tokens("a", Duration.ofSeconds(2)).renewAt()).isEqualTo(NOW);
    }

    @Test
    void a_refresh_token_is_usable_until_its_end() {
        TokenSet t = tokens("a", Duration.ofMinutes(1));
        assertThat(t.canRefresh(NOW)).isTrue();
        assertThat(t.canRefresh(NOW.plus(Duration.ofHours(1)))).isFalse();
        TokenSet none = new TokenSet(
                t.issuer(), t.clientId(), "a", NOW, NOW.plusSeconds(60), Optional.empty(), Optional.empty());
        assertThat(none.canRefresh(NOW)).isFalse();
    }
}
