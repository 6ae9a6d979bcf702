package dev.riffle.agent.testing;

import dev.riffle.testkit.QuarkusApp;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The real drm-license packaged app ({@code ../drm-license-dev/target/quarkus-app}, the single-machine build) as a process on a free loopback port,
 * single-machine mode (its dev issuer at {@code /dev-idp}), with extra {@code -D} settings. Stopped by {@link #close()}.
 */
public final class LicenseServer implements AutoCloseable {
    private final QuarkusApp app;

    private LicenseServer(QuarkusApp app) {
        this.app = app;
    }

    /** {@code properties} are {@code key=value} pairs, passed as {@code -Dkey=value}. */
    public static LicenseServer start(Path work, String... properties) {
        Path jar = Path.of(System.getProperty(
                "riffle.it.drm-license-jar", "../drm-license-dev/target/quarkus-app/quarkus-run.jar"));
        QuarkusApp.Builder b = QuarkusApp.builder("drm-license", jar)
                .workDir(work)
                .property("riffle.license.public-url", "http://127.0.0.1:${port}")
                .property(
                        "riffle.license.keys.embedded-dir",
                        work.resolve("license-data").toString())
                .readyPath("/dev-idp/.well-known/openid-configuration")
                .readyTimeout(Duration.ofSeconds(90));
        for (String p : properties) {
            int eq = p.indexOf('=');
            if (eq < 1) throw new IllegalArgumentException("not key=value: " + p);
            b.property(p.substring(0, eq), p.substring(eq + 1));
        }
        return new LicenseServer(b.start());
    }

    public URI url() {
        return app.url();
    }

    public URI issuer() {
        return URI.create(app.url() + "/dev-idp");
    }

    public String logTail() {
        return app.logTail(40);
    }

    @Override
    public void close() {
        app.stop(Duration.ofSeconds(15));
    }
}
