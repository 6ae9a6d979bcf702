package dev.riffle.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The real Keycloak 26 server for integration tests, started from the {@code org.keycloak:keycloak-quarkus-dist} zip
 * ({@code kc.sh start-dev --import-realm}) on 127.0.0.1 and a free port, with realm {@code riffle} imported from
 * {@code deploy/keycloak/riffle-realm.json}. Under Maven, one server per build and realm file, shared by the test JVMs of
 * every module and stopped when the build ends ({@link KeycloakPerBuild}, log under {@code
 * target/keycloak-build/} at the repository root); otherwise one per JVM, stopped by a shutdown hook (by pid, children
 * first), log in {@code target/keycloak/keycloak.log}. Start-up takes 30–90 s on a busy 2-core machine; progress is
 * printed every 15 s while it lasts.
 *
 * <pre>{@code
 * Keycloak kc = Keycloak.shared();                    // starts it on first use, then reuses it
 * URI issuer = kc.issuer();                           // http://127.0.0.1:<port>/realms/riffle
 * String alice = kc.userToken(RiffleRealm.ALICE);     // password grant, client riffle-agent
 * String origin = kc.originToken();                   // client credentials, riffle-origin (role packager)
 * String other = kc.tokens().password(RiffleRealm.OTHER_AUDIENCE_CLIENT, RiffleRealm.BOB);
 * }</pre>
 *
 * In a {@code @QuarkusTest}, wrap it in a {@code QuarkusTestResourceLifecycleManager} whose {@code start()} returns
 * {@code Map.of("quarkus.oidc.auth-server-url", Keycloak.shared().issuer().toString())}.
 *
 * <p>System properties: {@code riffle.keycloak.dist.zip} (the zip; default: the local Maven repository, where building
 * testkit puts it), {@code riffle.keycloak.work-dir} (default {@code target/keycloak} under the working directory),
 * {@code riffle.keycloak.realm-file} (default: found by walking up to {@code deploy/keycloak/riffle-realm.json}, else the
 * copy inside this jar), {@code riffle.keycloak.start-timeout-seconds} (default 900: the longest start-up waited for),
 * {@code riffle.keycloak.stall-timeout-seconds} (default 300: start-up fails sooner when its log has not grown for that
 * long), {@code riffle.keycloak.per-build} (default true). The admin console user is {@code admin}/{@code admin}.
 */
public final class Keycloak {
    private static final String RUNNING_URL = "riffle.testkit.keycloak.url";
    private static final String RUNNING_PID = "riffle.testkit.keycloak.pid";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static Keycloak shared;

    private final URI baseUrl;
    private final long pid;
    private final ManagedProcess process; // null when this JVM attached to a server another class loader started
    private volatile OidcTokens tokens;

    private Keycloak(URI baseUrl, long pid, ManagedProcess process) {
        this.baseUrl = baseUrl;
        this.pid = pid;
        this.process = process;
    }

    /**
     * The JVM-wide server: started on first call (blocking until the realm answers), reused afterwards, also across
     * class loaders (Quarkus test restarts). Stopped when the JVM exits.
     */
    public static synchronized Keycloak shared() {
        if (shared != null && shared.isAlive()) {
            return shared;
        }
        String url = System.getProperty(RUNNING_URL);
        String pid = System.getProperty(RUNNING_PID);
        if (url != null
                && pid != null
                && ProcessHandle.of(Long.parseLong(pid))
                        .map(ProcessHandle::isAlive)
                        .orElse(false)) {
            shared = new Keycloak(URI.create(url), Long.parseLong(pid), null);
            return shared;
        }
        Path work = defaultWorkDir();
        Path realm = realmFile(work);
        Keycloak started = KeycloakPerBuild.of(realm)
                .map(build -> KeycloakPerBuild.attachOrStart(build, dir -> launch(dir, realm)))
                .orElseGet(() -> {
                    Keycloak own = launch(work, realm);
                    Runtime.getRuntime().addShutdownHook(new Thread(own::stop, "keycloak-stop"));
                    return own;
                });
        System.setProperty(RUNNING_URL, started.baseUrl.toString());
        System.setProperty(RUNNING_PID, Long.toString(started.pid));
        shared = started;
        return shared;
    }

    /** Starts a new server that the caller owns and must {@link #stop()}. Prefer {@link #shared()}. */
    public static Keycloak launch() {
        Path work = defaultWorkDir();
        return launch(work, realmFile(work));
    }

    /** A server that another JVM started and will stop. */
    static Keycloak attached(URI baseUrl, long pid) {
        return new Keycloak(baseUrl, pid, null);
    }

    private static Path defaultWorkDir() {
        return Path.of(System.getProperty(
                        "riffle.keycloak.work-dir",
                        Path.of("target", "keycloak").toString()))
                .toAbsolutePath();
    }

    private static Keycloak launch(Path work, Path realm) {
        Path home = KeycloakDist.unpacked(work);
        killLeftover(work.resolve("keycloak.pid"));
        prepareData(home, realm);

        int port = FreePorts.pick();
        int managementPort = FreePorts.pick();
        List<String> command = new ArrayList<>(List.of(
                home.resolve("bin/kc.sh").toString(),
                "start-dev",
                "--import-realm",
                "--http-host=127.0.0.1",
                "--http-port=" + port,
                "--http-management-port=" + managementPort,
                "--hostname-strict=false"));
        Path log = work.resolve("keycloak.log");
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ManagedProcess process = ManagedProcess.start(
                command,
                home,
                log,
                Map.of(
                        "JAVA_HOME", System.getProperty("java.home"),
                        "JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m",
                        "KC_BOOTSTRAP_ADMIN_USERNAME", "admin",
                        "KC_BOOTSTRAP_ADMIN_PASSWORD", "admin"));
        write(work.resolve("keycloak.pid"), Long.toString(process.pid()));
        Keycloak kc = new Keycloak(URI.create("http://127.0.0.1:" + port), process.pid(), process);
        try {
            kc.awaitReady(
                    Duration.ofSeconds(Long.getLong("riffle.keycloak.start-timeout-seconds", 900)),
                    Duration.ofSeconds(Long.getLong("riffle.keycloak.stall-timeout-seconds", 300)));
        } catch (RuntimeException e) {
            process.stop(Duration.ofSeconds(10));
            throw e;
        }
        return kc;
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /** The issuer of realm {@code riffle}: what {@code quarkus.oidc.auth-server-url} must be set to. */
    public URI issuer() {
        return URI.create(baseUrl + "/realms/" + RiffleRealm.REALM);
    }

    public int port() {
        return baseUrl.getPort();
    }

    public long pid() {
        return pid;
    }

    /** Token helper bound to the realm's token endpoint. */
    public OidcTokens tokens() {
        OidcTokens t = tokens;
        if (t == null) {
            t = OidcTokens.forIssuer(issuer());
            tokens = t;
        }
        return t;
    }

    /** An access token for {@code user} (password grant through the public client {@code riffle-agent}). */
    public String userToken(RiffleRealm.User user) {
        return tokens().password(RiffleRealm.AGENT_CLIENT, user);
    }

    /** An access token of the origin's service account (client credentials, role {@code packager}). */
    public String originToken() {
        return tokens().clientCredentials(RiffleRealm.ORIGIN_CLIENT, RiffleRealm.ORIGIN_SECRET);
    }

    public boolean isAlive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Whether realm {@code riffle} answers its discovery document now. */
    boolean answers() {
        try {
            return isAlive()
                    && HTTP.send(
                                            HttpRequest.newBuilder(discovery())
                                                    .timeout(Duration.ofSeconds(5))
                                                    .GET()
                                                    .build(),
                                            HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200;
        } catch (IOException e) {
            return false; // not listening (yet, or any more)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking Keycloak", e);
        }
    }

    private URI discovery() {
        return URI.create(issuer() + "/.well-known/openid-configuration");
    }

    /** Stops the server (children first). Only the JVM that started it stops it. */
    public synchronized void stop() {
        if (process != null && process.isAlive()) {
            process.stop(Duration.ofSeconds(20));
        }
    }

    /**
     * Waits for the realm to answer. A loaded machine slows Keycloak down but its log keeps growing, so the wait ends in
     * failure only when the process died, when the log has not grown for {@code stall}, or after {@code limit}.
     * Prints how long it has been every 15 s, with the log's last line, so a slow start is visible as such.
     */
    private void awaitReady(Duration limit, Duration stall) {
        long start = System.nanoTime();
        long lastGrowth = start;
        long lastReport = start;
        long logSize = -1;
        while (!answers()) {
            long now = System.nanoTime();
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "Keycloak exited during startup; log " + process.log() + ":\n" + process.logTail(40));
            }
            long size = process.log().toFile().length();
            if (size != logSize) {
                logSize = size;
                lastGrowth = now;
            }
            String why = now - start > limit.toNanos()
                    ? "not ready after " + limit.toSeconds() + " s"
                    : now - lastGrowth > stall.toNanos()
                            ? "no progress in its log for " + stall.toSeconds() + " s"
                            : null;
            if (why != null) {
                throw new IllegalStateException(
                        "Keycloak " + why + "; log " + process.log() + ":\n" + process.logTail(40));
            }
            if (now - lastReport >= Duration.ofSeconds(15).toNanos()) {
                lastReport = now;
                System.out.printf(
                        "[testkit] Keycloak on port %d still starting after %d s (log: %s)%n",
                        port(),
                        Duration.ofNanos(now - start).toSeconds(),
                        process.logTail(1).strip());
            }
            sleep(500);
        }
        System.out.printf(
                "[testkit] Keycloak ready on port %d after %d s%n",
                port(), Duration.ofNanos(System.nanoTime() - start).toSeconds());
    }

    private static void prepareData(Path home, Path realm) {
        Path data = home.resolve("data");
        try {
            KeycloakDist.deleteTree(data); // fresh H2 database: the realm import skips realms that already exist
            Path imports = Files.createDirectories(data.resolve("import"));
            Files.copy(realm, imports.resolve("riffle-realm.json"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare " + data, e);
        }
    }

    private static Path realmFile(Path work) {
        String configured = System.getProperty("riffle.keycloak.realm-file");
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("deploy/keycloak/riffle-realm.json");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        try (InputStream in = Keycloak.class.getResourceAsStream("riffle-realm.json")) {
            if (in == null) {
                throw new IllegalStateException("deploy/keycloak/riffle-realm.json not found");
            }
            Path copy = Files.createDirectories(work).resolve("riffle-realm.json");
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void killLeftover(Path pidFile) {
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            boolean isKeycloak = ProcessHandle.of(pid)
                    .flatMap(h -> h.info().commandLine())
                    .map(cmd -> cmd.contains("kc.sh") || cmd.contains("keycloak"))
                    .orElse(false);
            if (isKeycloak) {
                ManagedProcess.killTree(pid, Duration.ofSeconds(10));
            }
            Files.deleteIfExists(pidFile);
        } catch (IOException | NumberFormatException e) {
            // unreadable pid file: ignore
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Where the dist zip comes from, as recorded when testkit was built. */
    static Properties buildProperties() {
        Properties p = new Properties();
        try (InputStream in = Keycloak.class.getResourceAsStream("testkit.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
