package dev.riffle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riffle.e2e.netlab.Namespaces;
import dev.riffle.e2e.netlab.NetlabMain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./riffle netlab} for real: ISPs in Linux network namespaces behind nftables NATs, coturn, the platform and one
 * agent plus ffmpeg -re per subscriber inside its own namespace. Needs root, as CI has; without it the test fails and
 * says so.
 */
class NetlabIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void mayCreateNamespaces() {
        Namespaces.checkAllowed();
    }

    private static JsonNode netlab(String runId, String... flags) throws Exception {
        Path work = E2e.workDir("netlab-" + runId);
        Path json = work.resolve("out.json");
        List<String> args = new ArrayList<>(List.of(flags));
        args.addAll(List.of("--run-id", runId, "--work-dir", work.toString(), "--json", json.toString()));
        assertThat(NetlabMain.run(args))
                .as("netlab's exit code (logs under %s)", work)
                .isZero();
        assertThat(namespaces()).as("the network is removed").doesNotContain("rl" + runId + "-");
        return JSON.readTree(json.toFile());
    }

    private static String namespaces() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ip", "netns", "list")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    @Test
    void subscribersBehindNatsReachEachOtherAndStayInsideTheirIsp() throws Exception {
        JsonNode f = netlab(
                "it" + Long.toString(System.nanoTime() % 1296, 36),
                "--isps",
                "3",
                "--viewers-per-isp",
                "2",
                "--nat",
                "cone,symmetric,cone",
                "--seconds",
                "20");
        JsonNode pairs = f.path("natPairs");
        // Neighbours on one subnet meet directly.
        assertThat(pairs.path("same-isp").path("connected").asInt()).isEqualTo(3);
        assertThat(pairs.path("same-isp").path("host").asInt()).isEqualTo(3);
        // Two port-restricted cones punch through with their STUN-learnt (server-reflexive) addresses...
        JsonNode cones = pairs.path("cone/cone");
        assertThat(cones.path("attempted").asInt()).isPositive();
        assertThat(cones.path("connected").asInt())
                .isEqualTo(cones.path("attempted").asInt());
        assertThat(cones.path("srflx").asInt())
                .isEqualTo(cones.path("connected").asInt());
        // ...while a symmetric NAT leaves TURN as the only way, and it works.
        JsonNode mixed = pairs.path("cone/symmetric");
        assertThat(mixed.path("attempted").asInt()).isPositive();
        assertThat(mixed.path("connected").asInt())
                .isEqualTo(mixed.path("attempted").asInt());
        assertThat(mixed.path("relay").asInt())
                .isEqualTo(mixed.path("connected").asInt());
        // With the tracker mapping each ISP, same-ISP peers carry a large share: each subscriber has 1 neighbour among
        // 5 peers, so peers picked regardless of ISP would give 0.2. Twice that is asked: with 2 subscribers per ISP
        // and a 20 s clip the first of each ISP to join (no neighbour holding anything yet) takes from other ISPs for
        // much of the run, and the share swings with the machine's load (0.45 seen under CI, 0.85-0.93 in the 3 x 5
        // runs of docs/benchmarks.md).
        assertThat(f.path("intraIspShare").asDouble()).isGreaterThanOrEqualTo(0.4);
        assertThat(f.path("offloadRatio").asDouble()).isPositive();
        assertThat(f.path("playerErrors").asInt()).isZero();
    }

    @Test
    void relayOnlyPeersLearnNoAddressAndAPolluterReportedBySeveralAccountsIsNoLongerHandedOut() throws Exception {
        // One network for both (each run costs a platform start): relay-only subscribers, the first of whom serves
        // corrupted copies of every segment it holds; 5 honest accounts meet it, and the tracker's threshold is 3
        // agreeing accounts.
        JsonNode f = netlab(
                "ro" + Long.toString(System.nanoTime() % 1296, 36),
                "--isps",
                "2",
                "--viewers-per-isp",
                "3",
                "--nat",
                "cone,symmetric",
                "--seconds",
                "12",
                "--relay-only",
                "--polluters",
                "1");
        JsonNode seen = f.path("candidateTypesSeen");
        assertThat(seen.path("relay").asLong()).isPositive();
        assertThat(seen.path("host").asLong()
                        + seen.path("srflx").asLong()
                        + seen.path("prflx").asLong())
                .as("host and reflexive candidates peers received")
                .isZero();
        for (String kind : List.of("same-isp", "cone/symmetric")) {
            JsonNode pairs = f.path("natPairs").path(kind);
            assertThat(pairs.path("connected").asInt()).as(kind).isPositive();
            assertThat(pairs.path("relay").asInt())
                    .as(kind)
                    .isEqualTo(pairs.path("connected").asInt());
        }
        assertThat(f.path("relayBytes").asLong()).isPositive();
        assertThat(f.path("honestBans").asLong()).as("bans by honest agents").isGreaterThanOrEqualTo(3);
        assertThat(f.path("honestHandedOut").asInt())
                .as("honest peers a newcomer is given")
                .isPositive();
        assertThat(f.path("pollutersHandedOut").asInt())
                .as("polluters a newcomer is given")
                .isZero();
        assertThat(f.path("playerErrors").asInt())
                .as("honest players that failed")
                .isZero();
    }
}
