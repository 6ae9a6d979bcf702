package dev.riffle.agent.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.agent.transport.SignalMessage;
import dev.riffle.agent.transport.Signaling;
import dev.riffle.protocol.swarm.SwarmId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;

/**
 * Bench only: WebRTC handshakes between agents in different processes, over a line-per-message TCP relay on
 * 127.0.0.1 (the tracker's WebSocket relay is what production uses; this keeps the bench free of the tracker and
 * license services). A client's first line is its peer id; then each line is one JSON message with {@code to} (sent)
 * or {@code from} (received).
 */
final class SocketSignaling implements Signaling, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Socket socket;
    private final PrintWriter out;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "bench-signal-reader");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "bench-signal-delivery");
        t.setDaemon(true);
        return t;
    });
    private volatile BiConsumer<PeerId, SignalMessage> handler = (f, m) -> {};

    SocketSignaling(int relayPort, PeerId self) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), relayPort);
        out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
        out.println(self.value());
        var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        reader.execute(() -> {
            try {
                for (String line; (line = in.readLine()) != null; ) {
                    JsonNode n = JSON.readTree(line);
                    PeerId from = new PeerId(n.path("from").asText());
                    SignalMessage m = decode(n);
                    delivery.execute(() -> handler.accept(from, m));
                }
            } catch (IOException e) {
                // closed
            }
        });
    }

    @Override
    public synchronized void send(PeerId to, SignalMessage message) {
        ObjectNode n = encode(message);
        n.put("to", to.value());
        out.println(n.toString());
    }

    @Override
    public void receive(BiConsumer<PeerId, SignalMessage> handler) {
        this.handler = handler;
    }

    private static ObjectNode encode(SignalMessage m) {
        ObjectNode n = JSON.createObjectNode();
        if (m instanceof SignalMessage.Offer o) {
            n.put("type", "offer").put("sdp", o.sdp()).put("swarm", o.swarm().hex());
        } else if (m instanceof SignalMessage.Answer a) {
            n.put("type", "answer").put("sdp", a.sdp());
        } else if (m instanceof SignalMessage.Candidate c) {
            n.put("type", "candidate")
                    .put("mid", c.sdpMid())
                    .put("idx", c.sdpMLineIndex())
                    .put("sdp", c.sdp());
        } else if (m instanceof SignalMessage.Hangup h) {
            n.put("type", "hangup").put("reason", h.reason());
        }
        return n;
    }

    private static SignalMessage decode(JsonNode n) {
        return switch (n.path("type").asText()) {
            case "offer" ->
                new SignalMessage.Offer(
                        n.path("sdp").asText(),
                        SwarmId.parse(n.path("swarm").asText()).orElseThrow());
            case "answer" -> new SignalMessage.Answer(n.path("sdp").asText());
            case "candidate" ->
                new SignalMessage.Candidate(
                        n.path("mid").asText(null),
                        n.path("idx").asInt(),
                        n.path("sdp").asText());
            default -> new SignalMessage.Hangup(n.path("reason").asText(""));
        };
    }

    @Override
    public void close() throws IOException {
        socket.close();
        reader.shutdownNow();
        delivery.shutdownNow();
    }

    /** The relay: forwards each line to the client named in {@code to}, rewritten with {@code from}. */
    static final class Relay implements AutoCloseable {
        private final ServerSocket server;
        private final Map<String, PrintWriter> clients = new ConcurrentHashMap<>();
        private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "bench-signal-relay");
            t.setDaemon(true);
            return t;
        });

        Relay() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            threads.execute(this::accept);
        }

        int port() {
            return server.getLocalPort();
        }

        private void accept() {
            try {
                while (!server.isClosed()) {
                    Socket s = server.accept();
                    threads.execute(() -> serve(s));
                }
            } catch (IOException e) {
                // closed
            }
        }

        private void serve(Socket s) {
            try (s) {
                var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                var out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
                String id = in.readLine();
                if (id == null) return;
                clients.put(id, out);
                for (String line; (line = in.readLine()) != null; ) {
                    ObjectNode n = (ObjectNode) JSON.readTree(line);
                    PrintWriter target = clients.get(n.path("to").asText());
                    n.remove("to");
                    n.put("from", id);
                    if (target != null) {
                        synchronized (target) {
                            target.println(n.toString());
                        }
                    }
                }
            } catch (IOException e) {
                // client gone
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            threads.shutdownNow();
        }
    }
}
