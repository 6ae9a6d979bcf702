package dev.riffle.e2e.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riffle.agent.scheduler.SchedulerConfig;
import dev.riffle.agent.transport.TransportConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class ViewersOptionsTest {

    final ViewersOptions base = ViewersOptions.defaults(4, Path.of("/tmp/caches"));

    @Test
    void eachWitherChangesItsOwnComponentAndNothingElse() {
        SchedulerConfig scheduler =
                SchedulerConfig.defaults().toBuilder().urgentWindowMillis(2_000).build();
        TransportConfig transport = TransportConfig.defaults();
        IntFunction<String> accounts = n -> "someone-" + n;
        URI edge = URI.create("http://127.0.0.1:9999/");
        ViewersOptions all = base.withStagger(Duration.ofMillis(500))
                .withJoinJitter(Duration.ofMillis(900))
                .withScheduler(scheduler)
                .withTransport(transport)
                .withP2p(false)
                .withAccounts(accounts)
                .withReadAhead(3.5)
                .withPeerWait(Duration.ZERO)
                .withCdn(edge)
                .withPeersWanted(7)
                .withPlayer(PlayerKind.MPV)
                .withStatsEvery(Duration.ofSeconds(9))
                .withLiveSeconds(45);
        assertThat(all)
                .isEqualTo(new ViewersOptions(
                        4,
                        Duration.ofMillis(500),
                        Duration.ofMillis(900),
                        Duration.ZERO,
                        3.5,
                        scheduler,
                        transport,
                        Duration.ofSeconds(9),
                        false,
                        base.cacheBytes(),
                        base.cacheRoot(),
                        accounts,
                        edge,
                        PlayerKind.MPV,
                        7,
                        45));
        assertThat(base.withPeersWanted(7))
                .usingRecursiveComparison()
                .ignoringFields("peersWanted")
                .isEqualTo(base);
        assertThat(base.cdn()).isNull();
        assertThat(base.peersWanted()).isEqualTo(30);
    }

    @Test
    void aWitherStillChecksItsValue() {
        assertThatThrownBy(() -> base.withPeersWanted(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> base.withReadAhead(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> base.withCdn(null)).isInstanceOf(NullPointerException.class);
    }
}
