package dev.riffle.origin.it;

import dev.riffle.testkit.QuarkusApp;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Starts the real drm-license (its packaged app, built earlier in the reactor) on a free loopback port in its
 * single-machine default: embedded key store and the built-in dev OIDC issuer under /dev-idp. The origin under test
 * trusts that issuer and gets its content keys from it. Override the jar with -Driffle.it.drm-license-jar=....
 */
public class DrmLicenseServer implements QuarkusTestResourceLifecycleManager {
    static volatile String baseUrl;
    /** The origin's own log, kept in a file (Quarkus's test default path) so tests can read what it logged. */
    static final Path ORIGIN_LOG = Path.of("target", "quarkus.log");

    private QuarkusApp app;

    @Override
    public Map<String, String> start() {
        Path jar = Path.of(System.getProperty(
                "riffle.it.drm-license-jar", "../drm-license-dev/target/quarkus-app/quarkus-run.jar"));
        Path dir = Path.of("target", "it-drm-license-" + System.nanoTime()).toAbsolutePath();
        app = QuarkusApp.builder("drm-license", jar)
                .workDir(dir)
                .property("riffle.license.public-url", "http://127.0.0.1:${port}")
                .property(
                        "riffle.license.keys.embedded-dir", dir.resolve("data").toString())
                .readyPath("/dev-idp/.well-known/openid-configuration")
                .readyTimeout(Duration.ofSeconds(90))
                .start();
        baseUrl = app.url().toString();
        String dataDir = Path.of("target", "it-origin-" + System.nanoTime())
                .toAbsolutePath()
                .toString();
        return Map.ofEntries(
                // a stalled upload is cut after 3 s here (30 s in the shipped configuration)
                Map.entry("quarkus.http.read-timeout", "3s"),
                Map.entry("quarkus.log.file.enabled", "true"),
                Map.entry("quarkus.oidc.auth-server-url", baseUrl + "/dev-idp"),
                Map.entry("riffle.origin.license.url", baseUrl),
                Map.entry("riffle.origin.data-dir", dataDir),
                Map.entry("riffle.origin.packaging.ladder", "240p:240:300,180p:180:200,120p:120:120"),
                Map.entry("riffle.origin.packaging.audio-kbps", "64"),
                Map.entry("riffle.origin.ffmpeg.concurrent-jobs", "2"),
                Map.entry("riffle.origin.ffmpeg.preset", "ultrafast"),
                // live: a free RTMP port, keys that rotate every 3 s, a push silent for 3 s is dead
                Map.entry("riffle.origin.live.rtmp-port", "0"),
                Map.entry("riffle.origin.live.key-rotation", "3s"),
                Map.entry("riffle.origin.live.idle-timeout", "3s"));
    }

    @Override
    public void stop() {
        if (app != null) app.stop(Duration.ofSeconds(15));
    }
}
