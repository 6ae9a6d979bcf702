package dev.riffle.agent.testing;

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
 * The real drm-license packaged app ({@code ../drm-license/target/quarkus-app}) as a process on a free loopback port,
 * single-machine mode (its dev issuer at {@code /dev-idp}), with extra {@code -D} settings. Stopped by {@link #close()}.
 */
public final class LicenseServer implements AutoCloseable {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ManagedProcess process;
    private final URI url;

    private LicenseServer(ManagedProcess process, URI url) {
        this.process = process;
        this.url = url;
    }

    public static LicenseServer start(Path work, String... properties) throws Exception {
        Path jar = Path.of(System.getProperty(
                        "riffle.it.drm-license-jar", "../drm-license/target/quarkus-app/quarkus-run.jar"))
                .toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    "not built: " + jar + " (run ./mvnw -o -pl drm-license package -DskipTests)");
        }
        Files.createDirectories(work);
        int port = FreePorts.pick();
        URI url = URI.create("http://127.0.0.1:" + port);
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.http.host=127.0.0.1",
                "-Driffle.license.public-url=" + url,
                "-Driffle.license.keys.embedded-dir=" + work.resolve("license-data")));
        for (String p : properties) cmd.add("-D" + p);
        cmd.add("-jar");
        cmd.add(jar.toString());
        ManagedProcess p = ManagedProcess.start(cmd, work, work.resolve("drm-license.log"), Map.of());
        LicenseServer s = new LicenseServer(p, url);
        try {
            s.waitReady();
        } catch (Exception e) {
            p.stop(Duration.ofSeconds(5));
            throw e;
        }
        return s;
    }

    public URI url() {
        return url;
    }

    public URI issuer() {
        return URI.create(url + "/dev-idp");
    }

    public String logTail() {
        return process.logTail(40);
    }

    private void waitReady() throws Exception {
        URI probe = URI.create(url + "/dev-idp/.well-known/openid-configuration");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException(process + " exited early:\n" + logTail());
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
        throw new IllegalStateException(process + " did not become ready:\n" + logTail());
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(15));
    }
}
