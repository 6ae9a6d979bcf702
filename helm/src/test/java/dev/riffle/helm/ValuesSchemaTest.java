package dev.riffle.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** values.schema.json turns mistakes into an install-time error instead of a broken rollout. */
class ValuesSchemaTest {

    @Test
    void replicasMustBeANumber() {
        assertRejected(Map.of("drmLicense.replicas", "two"), "replicas");
    }

    @Test
    void trackerNeedsAtLeastTwoReplicas() {
        assertRejected(Map.of("trackerService.replicas", 1), "replicas");
    }

    @Test
    void aRedisUrlWithCredentialsIsRefusedInValues() {
        assertRejected(Map.of("redis.url", "redis://:hunter2@redis:6379"), "url");
    }

    @Test
    void aDatabasePasswordCannotBeGivenInline() {
        assertRejected(Map.of("postgresql.password", "hunter2"), "password");
    }

    @Test
    void aJdbcUrlCarryingAPasswordIsRefused() {
        assertRejected(
                Map.of("postgresql.jdbcUrl", "jdbc:postgresql://db:5432/riffle?user=riffle&password=hunter2"),
                "jdbcUrl");
    }

    @Test
    void extraEnvMayNotCarryASecretAsAPlainValue(@TempDir Path temp) throws IOException {
        Path values = temp.resolve("values.yaml");
        Files.writeString(values, """
                drmLicense:
                  extraEnv:
                    - name: RIFFLE_LICENSE_KEYS_KEK
                      value: c2VjcmV0
                """);

        assertThatThrownBy(() -> Charts.render(values, Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("extraEnv");
    }

    @Test
    void podsMayNotBeSetToRunAsRoot() {
        assertRejected(Map.of("podSecurityContext.runAsNonRoot", false), "runAsNonRoot");
    }

    @Test
    void theProductionExampleAndTheDefaultsAreValid() {
        assertThat(Charts.render().documents()).isNotEmpty();
        assertThat(Charts.render(Charts.PRODUCTION_VALUES, Map.of()).documents())
                .isNotEmpty();
    }

    private static void assertRejected(Map<String, Object> sets, String path) {
        assertThatThrownBy(() -> Charts.render(null, sets))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("schema")
                .hasMessageContaining(path);
    }
}
