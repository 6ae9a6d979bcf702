package dev.riffle.agent.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class IceServersJsonTest {
    private static IceServersJson parse(String json) {
        return IceServersJson.parse(new JsonObject(json));
    }

    @Test
    void stunAndTurnWithCredentialsAndTheirLifetimeAreRead() {
        var answer = parse("""
                {"iceServers":[{"urls":["stun:10.0.0.1:3478"]},
                 {"urls":"turn:10.0.0.1:3478?transport=udp","username":"1700003600:tag","credential":"c2VjcmV0"}],
                 "ttlSeconds":3600}""");
        assertThat(answer.servers()).hasSize(2);
        assertThat(answer.servers().get(0).isTurn()).isFalse();
        assertThat(answer.servers().get(1).urls()).containsExactly("turn:10.0.0.1:3478?transport=udp");
        assertThat(answer.servers().get(1).username()).contains("1700003600:tag");
        assertThat(answer.servers().get(1).credential()).contains("c2VjcmV0");
        assertThat(answer.ttl()).contains(Duration.ofHours(1));
    }

    @Test
    void aTrackerWithoutIceServersAnswersAnEmptyList() {
        var answer = parse("{\"iceServers\":[]}");
        assertThat(answer.servers()).isEmpty();
        assertThat(answer.ttl()).isEmpty();
    }

    @Test
    void malformedListsAreTypedErrorsNamingTheFault() {
        for (String bad : new String[] {
            "{}",
            "{\"iceServers\":{}}",
            "{\"iceServers\":[1]}",
            "{\"iceServers\":[{}]}",
            "{\"iceServers\":[{\"urls\":[7]}]}",
            "{\"iceServers\":[{\"urls\":[\"http://x\"]}]}",
            "{\"iceServers\":[{\"urls\":[\"turn:x:1\"],\"username\":\"u\"}]}",
            "{\"iceServers\":[{\"urls\":[\"turn:x:1\"],\"username\":1,\"credential\":\"c\"}]}",
            "{\"iceServers\":[],\"ttlSeconds\":0}",
            "{\"iceServers\":[],\"ttlSeconds\":\"x\"}",
        }) {
            assertThatThrownBy(() -> parse(bad))
                    .as(bad)
                    .isInstanceOf(IceServersJson.Invalid.class)
                    .hasMessageStartingWith("bad ICE server list from the tracker: ");
        }
        String many = "{\"iceServers\":[" + "{\"urls\":\"stun:x:1\"},".repeat(17) + "{\"urls\":\"stun:x:1\"}]}";
        assertThatThrownBy(() -> parse(many)).isInstanceOf(IceServersJson.Invalid.class);
    }
}
