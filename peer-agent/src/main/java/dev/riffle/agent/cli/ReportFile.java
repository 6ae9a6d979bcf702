package dev.riffle.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riffle.agent.Agent;
import dev.riffle.agent.AgentTotals;
import dev.riffle.agent.session.TitleSession;
import dev.riffle.agent.transport.ConnectionLog;
import dev.riffle.protocol.swarm.SwarmId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code --report-file}: the agent's totals and its connections to peers as one JSON document, replaced whole (written
 * beside, then moved) so a reader never sees half of one. Test networks read it from outside the agent's network
 * namespace, where its HTTP port cannot be reached.
 */
final class ReportFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportFile() {}

    /** Asks for fresh connection stats (they arrive for the next write) and writes what is known now. */
    static void write(Agent agent, Path file) throws IOException {
        agent.transport().refreshConnectionStats();
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, JSON.writeValueAsString(document(agent)));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static ObjectNode document(Agent agent) {
        AgentTotals t = agent.totals();
        ObjectNode doc =
                JSON.createObjectNode().put("peerId", agent.transport().self().value());
        doc.putObject("totals")
                .put("bytesFromPeers", t.bytesFromPeers())
                .put("bytesFromCdn", t.bytesFromCdn())
                .put("bytesUploaded", t.bytesUploaded())
                .put("peersConnected", t.peersConnected())
                .put("stalls", t.stalls())
                .put("startupMillis", t.startupMillis())
                .put("bans", t.bans());
        // The swarm of the rendition each player follows: where the tracker hands this agent out.
        ArrayNode swarms = doc.putArray("swarms");
        for (TitleSession s : agent.loadedSessions()) {
            if (s.rendition() != null)
                swarms.add(SwarmId.of(s.manifest().titleId(), s.rendition()).hex());
        }
        ObjectNode seen = doc.putObject("remoteCandidateTypes");
        agent.transport().remoteCandidateTypes().forEach(seen::put);
        ArrayNode connections = doc.putArray("connections");
        for (ConnectionLog.Entry e : agent.transport().connections().entries()) {
            ObjectNode c = connections
                    .addObject()
                    .put("peer", e.peer().value())
                    .put("attempts", e.attempts())
                    .put("connected", e.connected())
                    .put("bytesReceived", e.bytesReceived())
                    .put("bytesSent", e.bytesSent())
                    .put("payloadReceived", e.payloadReceived());
            e.pair().ifPresent(p -> c.put("localType", p.localType()).put("remoteType", p.remoteType()));
        }
        return doc;
    }
}
