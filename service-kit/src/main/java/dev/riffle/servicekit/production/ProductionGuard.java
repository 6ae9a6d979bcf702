package dev.riffle.servicekit.production;

import io.quarkus.runtime.Quarkus;
import io.smallrye.config.SmallRyeConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Runs a service's {@link StartupChecks} at start in the {@code production} profile, then asks its issuer whether the
 * realm's published test credentials still sign in ({@link TestUserProbe}). A service starts without its issuer (OIDC
 * connects on first use), so when the issuer does not answer yet the probe is repeated in the background, and a realm
 * found with test users later stops the service. The message names what is wrong, never a password.
 */
public final class ProductionGuard {
    private static final Logger LOG = Logger.getLogger(ProductionGuard.class);
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    static final Duration RETRY_EVERY = Duration.ofSeconds(60);
    /** Two hours of retries; after that the check is reported as not done. */
    static final int MAX_RETRIES = 120;

    private ProductionGuard() {}

    /** Whether the {@code production} profile is active (it may be one of several, e.g. {@code production,eu}). */
    public static boolean active() {
        return ConfigProvider.getConfig()
                .unwrap(SmallRyeConfig.class)
                .getProfiles()
                .contains(StartupChecks.PROFILE);
    }

    /**
     * Throws (failing the start) on any violated check or when the issuer answers that a published credential works.
     */
    public static void enforce(String service, StartupChecks checks, String issuer) {
        checks.enforce(); // refuses a blank issuer, so there is one to ask
        URI uri = URI.create(issuer);
        TestUserProbe probe = new TestUserProbe(
                uri, HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build(), PROBE_TIMEOUT);
        TestUserProbe.Outcome first = probe.run();
        if (first instanceof TestUserProbe.Outcome.Found f) {
            throw new StartupChecks.RefusedStart(service, List.of(found(uri, f)));
        }
        if (first instanceof TestUserProbe.Outcome.Unreachable u) {
            LOG.warnf(
                    "cannot yet check the realm at %s for published test credentials (%s); retrying every %d s",
                    uri, u.why(), RETRY_EVERY.toSeconds());
            retryInBackground(service, uri, probe);
        } else {
            LOG.infof("the realm at %s accepts none of the published test credentials", uri);
        }
    }

    private static void retryInBackground(String service, URI uri, TestUserProbe probe) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "riffle-production-guard");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger tries = new AtomicInteger();
        timer.scheduleWithFixedDelay(
                () -> {
                    TestUserProbe.Outcome o = probe.run();
                    if (o instanceof TestUserProbe.Outcome.Found f) {
                        LOG.errorf(
                                "%s stops: %s",
                                service, new StartupChecks.RefusedStart(service, List.of(found(uri, f))).getMessage());
                        timer.shutdown();
                        Quarkus.asyncExit(1);
                    } else if (o instanceof TestUserProbe.Outcome.Clean) {
                        LOG.infof("the realm at %s accepts none of the published test credentials", uri);
                        timer.shutdown();
                    } else if (tries.incrementAndGet() >= MAX_RETRIES) {
                        LOG.warnf("gave up checking the realm at %s for published test credentials", uri);
                        timer.shutdown();
                    }
                },
                RETRY_EVERY.toSeconds(),
                RETRY_EVERY.toSeconds(),
                TimeUnit.SECONDS);
    }

    private static String found(URI uri, TestUserProbe.Outcome.Found f) {
        return "the realm at " + uri + " still accepts the credentials published in riffle-realm.json: "
                + String.join(", ", f.what()) + " (delete the test users and regenerate the secret)";
    }
}
