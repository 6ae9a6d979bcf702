package dev.riffle.e2e;

import dev.riffle.e2e.platform.DemoRealm;
import dev.riffle.testkit.Keycloak;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** What the end-to-end ITs share. */
final class E2e {
    private E2e() {}

    /** A fresh folder under {@code target/} for one test class's logs and data. */
    static Path workDir(String name) {
        try {
            return Files.createDirectories(
                    Path.of("target", name + "-" + System.currentTimeMillis()).toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The real Keycloak of this test JVM, its realm {@code riffle} imported with the viewer accounts ({@link
     * DemoRealm}) besides the users of {@code deploy/keycloak/riffle-realm.json}.
     */
    static synchronized Keycloak keycloak(int viewerAccounts) {
        if (System.getProperty("riffle.keycloak.realm-file") == null) {
            Path realm = DemoRealm.write(Path.of("target", "e2e-realm.json").toAbsolutePath(), viewerAccounts);
            System.setProperty("riffle.keycloak.realm-file", realm.toString());
        }
        return Keycloak.shared();
    }

    static void eventually(String what, Duration within, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within " + within + ": " + what);
            Thread.sleep(200);
        }
    }
}
