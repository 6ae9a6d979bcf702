package dev.riffle.e2e.netlab;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What one subscriber's agent wrote to its {@code --report-file}, tied to where it sits in the network.
 *
 * @param bans peers it banned for bytes failing the signed hashes
 * @param swarms the swarms it plays in (hex ids)
 * @param remoteCandidateTypes ICE candidates its peers sent it, per type: all it learnt of their addresses
 */
public record AgentReport(
        NetlabTopology.Viewer viewer,
        String peerId,
        long bytesFromPeers,
        long bytesFromCdn,
        long bytesUploaded,
        long stalls,
        long startupMillis,
        long bans,
        List<String> swarms,
        Map<String, Long> remoteCandidateTypes,
        List<Connection> connections) {

    /**
     * One remote peer as this agent's connection log saw it.
     *
     * @param bytesReceived what the connection's candidate pair carried to us (framing and retransmissions included)
     * @param payloadReceived segment bytes the peer sent us over it
     * @param localType our end of the selected candidate pair; empty if it never came up
     */
    public record Connection(
            String peer,
            int attempts,
            boolean connected,
            long bytesReceived,
            long bytesSent,
            long payloadReceived,
            Optional<String> localType,
            Optional<String> remoteType) {}

    /** Reads the agent's JSON; a missing field is a malformed report. */
    public static AgentReport parse(NetlabTopology.Viewer viewer, JsonNode doc) {
        JsonNode t = required(doc, "totals");
        Map<String, Long> seen = new TreeMap<>();
        required(doc, "remoteCandidateTypes")
                .fields()
                .forEachRemaining(e -> seen.put(e.getKey(), e.getValue().asLong()));
        List<String> swarms = new ArrayList<>();
        required(doc, "swarms").forEach(x -> swarms.add(x.asText()));
        List<Connection> connections = new ArrayList<>();
        for (JsonNode c : required(doc, "connections")) {
            connections.add(new Connection(
                    required(c, "peer").asText(),
                    required(c, "attempts").asInt(),
                    required(c, "connected").asBoolean(),
                    required(c, "bytesReceived").asLong(),
                    required(c, "bytesSent").asLong(),
                    required(c, "payloadReceived").asLong(),
                    Optional.ofNullable(c.get("localType")).map(JsonNode::asText),
                    Optional.ofNullable(c.get("remoteType")).map(JsonNode::asText)));
        }
        return new AgentReport(
                viewer,
                required(doc, "peerId").asText(),
                required(t, "bytesFromPeers").asLong(),
                required(t, "bytesFromCdn").asLong(),
                required(t, "bytesUploaded").asLong(),
                required(t, "stalls").asLong(),
                required(t, "startupMillis").asLong(),
                required(t, "bans").asLong(),
                swarms,
                seen,
                connections);
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) throw new IllegalArgumentException("agent report without '" + field + "'");
        return v;
    }
}
