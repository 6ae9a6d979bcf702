package dev.riffle.admin.it;

import dev.riffle.testkit.QuarkusApp;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The real drm-license and origin-server packaged apps (built earlier in the reactor) on free loopback ports, in the
 * single-machine default: the origin trusts drm-license's dev issuer and gets its content keys from it.
 */
final class Apps implements AutoCloseable {
    final Path work;
    final URI license;
    final URI issuer;
    final URI origin;
    final int originPort;
    private final QuarkusApp licenseApp;
    private final QuarkusApp originApp;

    private Apps(Path work, QuarkusApp licenseApp, QuarkusApp originApp) {
        this.work = work;
        this.license = licenseApp.url();
        this.issuer = URI.create(license + "/dev-idp");
        this.origin = originApp.url();
        this.originPort = originApp.port();
        this.licenseApp = licenseApp;
        this.originApp = originApp;
    }

    static Apps start(String name) throws Exception {
        Path work = Files.createDirectories(
                Path.of("target", "it-" + name + "-" + System.nanoTime()).toAbsolutePath());
        QuarkusApp license = QuarkusApp.builder(
                        "drm-license",
                        jar("riffle.it.drm-license-jar", "../drm-license-dev/target/quarkus-app/quarkus-run.jar"))
                .workDir(work)
                .property("riffle.license.public-url", "http://127.0.0.1:${port}")
                .property(
                        "riffle.license.keys.embedded-dir",
                        work.resolve("license-data").toString())
                .readyPath("/dev-idp/.well-known/openid-configuration")
                .readyTimeout(Duration.ofSeconds(120))
                .start();
        try {
            QuarkusApp origin = QuarkusApp.builder(
                            "origin-server",
                            jar("riffle.it.origin-jar", "../origin-server/target/quarkus-app/quarkus-run.jar"))
                    .workDir(work)
                    .log(work.resolve("origin.log"))
                    .jvmArgs(List.of("-Xmx384m"))
                    .property("quarkus.oidc.auth-server-url", license.url() + "/dev-idp")
                    .property("riffle.origin.license.url", license.url().toString())
                    .property(
                            "riffle.origin.data-dir",
                            work.resolve("origin-data").toString())
                    // a small, quick ladder: the CLI is under test here, not x264
                    .property("riffle.origin.packaging.ladder", "240p:240:300,120p:120:120")
                    .property("riffle.origin.packaging.audio-kbps", "64")
                    .property("riffle.origin.ffmpeg.preset", "ultrafast")
                    .property("riffle.origin.live.rtmp-port", "0")
                    .readyTimeout(Duration.ofSeconds(120))
                    .start();
            return new Apps(work, license, origin);
        } catch (RuntimeException | Error e) {
            license.stop(Duration.ofSeconds(10));
            throw e;
        }
    }

    String originLogTail() {
        return originApp.logTail(60);
    }

    private static Path jar(String property, String fallback) {
        return Path.of(System.getProperty(property, fallback)).toAbsolutePath();
    }

    @Override
    public void close() {
        originApp.stop(Duration.ofSeconds(15));
        licenseApp.stop(Duration.ofSeconds(15));
    }
}
