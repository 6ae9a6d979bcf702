package dev.riffle.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** NOTES.txt, as a client-only dry-run install prints it: how the operator reaches the services. */
class NotesTest {

    @Test
    void withoutIngressTheNotesGivePortForwardsAndTheSecretsToCreate() {
        String notes = notes(null);

        assertThat(notes)
                .contains("port-forward svc/riffle-edge 8081:80")
                .contains("port-forward svc/riffle-drm-license 8082:8082")
                .contains("port-forward svc/riffle-tracker-service 8083:8083")
                .contains("Secret riffle-postgresql")
                .contains("Secret riffle-license-kek")
                .contains("Secret riffle-origin-client")
                .contains("Secret riffle-origin-signing-kek");
    }

    @Test
    void withIngressTheNotesGiveTheServiceUrls() {
        String notes = notes(Charts.PRODUCTION_VALUES);

        assertThat(notes)
                .contains("https://watch.example.com/v1/titles")
                .contains("https://license.example.com")
                .contains("https://tracker.example.com/ops/index.html")
                .contains("Secret riffle-redis (key redis-url)")
                .doesNotContain("port-forward");
    }

    private static String notes(Path valuesFile) {
        InstallCommand install = new Helm(Charts.CHART)
                .install()
                .withName(Charts.RELEASE)
                .withNamespace(Charts.NAMESPACE)
                .withKubeVersion(Charts.KUBE_VERSION)
                .clientOnly()
                .dryRun();
        if (valuesFile != null) {
            install = install.withValuesFile(valuesFile);
        }
        return install.call().getOutput();
    }
}
