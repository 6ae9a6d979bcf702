package dev.riffle.origin.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts the real drm-license (its packaged app, built earlier in the reactor) on a free loopback port in its
 * single-machine default: embedded key store and the built-in dev OIDC issuer under /dev-idp. The origin under test
 * trusts that issuer and gets its content keys from it. Override the jar with -Driffle.it.drm-license-jar=....
 */
public class DrmLicenseServer implements QuarkusTestResourceLifecycleManager {
    static volatile String baseUrl;
    private Process process;

    @Override
    public Map<String, String> start() {
        Path jar = Path.of(
                System.getProperty("riffle.it.drm-license-jar", "../drm-license/target/quarkus-app/quarkus-run.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("drm-license is not built at " + jar.toAbsolutePath()
                    + ": run ./mvnw -pl drm-license package first (the reactor builds it before origin-server)");
        }
        int port = freePort();
        baseUrl = "http://127.0.0.1:" + port;
        Path dir = Path.of("target", "it-drm-license-" + System.nanoTime()).toAbsolutePath();
        try {
            Files.createDirectories(dir);
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            process = new ProcessBuilder(List.of(
                            java,
                            "-Xmx256m",
                            "-Dquarkus.http.port=" + port,
                            "-Dquarkus.http.host=127.0.0.1",
                            "-Driffle.license.public-url=" + baseUrl,
                            "-Driffle.license.keys.embedded-dir=" + dir.resolve("data"),
                            "-jar",
                            jar.toAbsolutePath().toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("drm-license.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start drm-license", e);
        }
        waitReady(dir);
        String dataDir = Path.of("target", "it-origin-" + System.nanoTime())
                .toAbsolutePath()
                .toString();
        return Map.of(
                "quarkus.oidc.auth-server-url", baseUrl + "/dev-idp",
                "riffle.origin.license.url", baseUrl,
                "riffle.origin.data-dir", dataDir,
                "riffle.origin.packaging.ladder", "240p:240:300,180p:180:200,120p:120:120",
                "riffle.origin.packaging.audio-kbps", "64",
                "riffle.origin.ffmpeg.concurrent-jobs", "2",
                "riffle.origin.ffmpeg.preset", "ultrafast");
    }

    private void waitReady(Path dir) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("drm-license exited early; see " + dir.resolve("drm-license.log"));
            }
            try {
                HttpResponse<Void> r = http.send(
                        HttpRequest.newBuilder(URI.create(baseUrl + "/dev-idp/.well-known/openid-configuration"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) return;
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        stop();
        throw new IllegalStateException("drm-license did not become ready; see " + dir.resolve("drm-license.log"));
    }

    @Override
    public void stop() {
        if (process == null) return;
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
