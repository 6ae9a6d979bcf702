package dev.riffle.tracker.stats;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.tracker.TestTokens;
import dev.riffle.tracker.admission.PeerIds;
import dev.riffle.tracker.signal.SignalRelay;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every {@code riffle_tracker_*} series the Grafana dashboard and the Prometheus alert rules in {@code deploy/} query
 * is really exposed on {@code /q/metrics} once the tracker has seen an announce, a stats report, a rejection and a
 * signalling message — so a renamed metric breaks this test instead of silently emptying a panel or an alert.
 */
@QuarkusTest
class MetricNamesTest {
    /** Health and metrics are on the management interface, not the public port. */
    @TestHTTPResource(value = "/metrics", management = true) // under the management root, /q
    URL metrics;

    static final Path DEPLOY = Path.of(System.getProperty("riffle.deploy.dir", "../deploy"));
    static final Pattern NAME = Pattern.compile("riffle_tracker_[a-z_]*[a-z]");

    @Inject
    SignalRelay relay;

    static Set<String> queried() throws Exception {
        Set<String> names = new TreeSet<>();
        for (Path file : new Path[] {
            DEPLOY.resolve("grafana/riffle-tracker.json"), DEPLOY.resolve("prometheus/tracker-rules.yml")
        }) {
            Matcher m = NAME.matcher(Files.readString(file));
            while (m.find()) {
                names.add(m.group());
            }
        }
        return names;
    }

    @Test
    void everySeriesTheDashboardAndAlertsQueryIsExposed() throws Exception {
        String subject = "metrics-" + System.nanoTime();
        given().auth()
                .oauth2(TestTokens.subscriber(subject))
                .contentType("application/json")
                .body("{\"event\":\"started\",\"uploadCapacity\":1,\"swarms\":[{\"id\":\"metrics-swarm\"}]}")
                .post("/v1/announce")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(TestTokens.subscriber(subject))
                .contentType("application/json")
                .body("{")
                .post("/v1/announce")
                .then()
                .statusCode(400);
        given().auth()
                .oauth2(TestTokens.subscriber(subject))
                .contentType("application/json")
                .body("{\"peerId\":\"" + PeerIds.of(subject, "0") + "\",\"entries\":[{\"title\":\"metrics-title\","
                        + "\"rendition\":\"720p\",\"bytesFromPeers\":10,\"bytesFromCdn\":10,\"bytesUploaded\":1,"
                        + "\"stalls\":1,\"startupMs\":500}]}")
                .post("/v1/stats")
                .then()
                .statusCode(202);
        SignalRelay.Session session = relay.open(PeerIds.of(subject, "ws"), text -> {}, (code, reason) -> {});
        relay.onText(session, "{}").toCompletableFuture().join();
        relay.closed(session);

        String exposed = given().get(metrics).then().statusCode(200).extract().asString();
        Set<String> queried = queried();
        assertThat(queried).contains("riffle_tracker_announces_total", "riffle_tracker_signal_messages_total");
        for (String name : queried) {
            assertThat(Pattern.compile("(?m)^" + name + "[{ ]").matcher(exposed).find())
                    .as("%s is queried in deploy/ but not exposed", name)
                    .isTrue();
        }
    }
}
