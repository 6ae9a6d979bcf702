package dev.riffle.agent.bench;

import dev.riffle.agent.Agent;
import dev.riffle.agent.AgentConfig;
import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.agent.transport.RtcFactory;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Bench only: one agent alone in its JVM, so {@link AgentLoadBench} can read its CPU time and RSS from {@code /proc}.
 * Args: edge URL, signalling relay port, cache dir, agent id. Prints {@code PORT <n>} once listening; exits when its
 * stdin closes (so it never outlives the bench).
 */
public final class MeasuredAgent {
    private MeasuredAgent() {}

    public static void main(String[] args) throws Exception {
        URI edge = URI.create(args[0]);
        int relay = Integer.parseInt(args[1]);
        Path cache = Path.of(args[2]);
        String id = args[3];
        Vertx vertx = Vertx.vertx();
        RtcFactory rtc = new RtcFactory();
        SocketSignaling signaling = new SocketSignaling(relay, new PeerId(id));
        Agent agent = new Agent(
                vertx, AgentConfig.of(id, edge, edge, cache, 2L << 30, 0, () -> "bench-token"), rtc, signaling);
        int port = agent.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        System.out.println("PORT " + port);
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the bench closes our stdin
        }
        agent.close();
        rtc.close();
        signaling.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        System.exit(0);
    }
}
