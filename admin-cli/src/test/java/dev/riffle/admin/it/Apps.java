package dev.riffle.admin.it;

import dev.riffle.testkit.FreePorts;
import dev.riffle.testkit.ManagedProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real drm-license and origin-server packaged apps (built earlier in the reactor) on free loopback ports, in the
 * single-machine default: the origin trusts drm-license's dev issuer and gets its content keys from it.
 */
final class Apps implements AutoCloseable {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final Path work;
    final URI license;
    final URI issuer;
    final URI origin;
    final int originPort;
    private final ManagedProcess licenseProcess;
    private final ManagedProcess originProcess;

    private Apps(Path work, URI license, URI origin, int originPort, ManagedProcess lp, ManagedProcess op) {
        this.work = work;
        this.license = license;
        this.issuer = URI.create(license + "/dev-idp");
        this.origin = origin;
        this.originPort = originPort;
        this.licenseProcess = lp;
        this.originProcess = op;
    }

    static Apps start(String name) throws Exception {
        Path work = Files.createDirectories(
                Path.of("target", "it-" + name + "-" + System.nanoTime()).toAbsolutePath());
        Path licenseJar = jar("riffle.it.drm-license-jar", "../drm-license/target/quarkus-app/quarkus-run.jar");
        Path originJar = jar("riffle.it.origin-jar", "../origin-server/target/quarkus-app/quarkus-run.jar");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int lp = FreePorts.pick();
        URI license = URI.create("http://127.0.0.1:" + lp);
        ManagedProcess licenseProcess = ManagedProcess.start(
                List.of(
                        java,
                        "-Xmx256m",
                        "-Dquarkus.http.port=" + lp,
                        "-Dquarkus.http.host=127.0.0.1",
                        "-Driffle.license.public-url=" + license,
                        "-Driffle.license.keys.embedded-dir=" + work.resolve("license-data"),
                        "-jar",
                        licenseJar.toString()),
                work,
                work.resolve("drm-license.log"),
                Map.of());
        ManagedProcess originProcess = null;
        try {
            waitReady(licenseProcess, URI.create(license + "/dev-idp/.well-known/openid-configuration"));
            int op = FreePorts.pick();
            URI origin = URI.create("http://127.0.0.1:" + op);
            List<String> cmd = new ArrayList<>(List.of(
                    java,
                    "-Xmx384m",
                    "-Dquarkus.http.port=" + op,
                    "-Dquarkus.http.host=127.0.0.1",
                    "-Dquarkus.oidc.auth-server-url=" + license + "/dev-idp",
                    "-Driffle.origin.license.url=" + license,
                    "-Driffle.origin.data-dir=" + work.resolve("origin-data"),
                    // a small, quick ladder: the CLI is under test here, not x264
                    "-Driffle.origin.packaging.ladder=240p:240:300,120p:120:120",
                    "-Driffle.origin.packaging.audio-kbps=64",
                    "-Driffle.origin.ffmpeg.preset=ultrafast",
                    "-jar",
                    originJar.toString()));
            originProcess = ManagedProcess.start(cmd, work, work.resolve("origin.log"), Map.of());
            waitReady(originProcess, URI.create(origin + "/q/health/ready"));
            return new Apps(work, license, origin, op, licenseProcess, originProcess);
        } catch (Exception | Error e) {
            if (originProcess != null) originProcess.stop(Duration.ofSeconds(10));
            licenseProcess.stop(Duration.ofSeconds(10));
            throw e;
        }
    }

    String originLogTail() {
        return originProcess.logTail(60);
    }

    private static Path jar(String property, String fallback) {
        Path jar = Path.of(System.getProperty(property, fallback)).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("not built: " + jar + " (the reactor builds it before admin-cli; or run"
                    + " ./mvnw -o -pl drm-license,origin-server package -DskipTests)");
        }
        return jar;
    }

    private static void waitReady(ManagedProcess p, URI probe) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) throw new IllegalStateException(p + " exited early:\n" + p.logTail(40));
            try {
                var r = HTTP.send(
                        HttpRequest.newBuilder(probe)
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) return;
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(p + " did not become ready:\n" + p.logTail(40));
    }

    @Override
    public void close() {
        originProcess.stop(Duration.ofSeconds(15));
        licenseProcess.stop(Duration.ofSeconds(15));
    }
}
