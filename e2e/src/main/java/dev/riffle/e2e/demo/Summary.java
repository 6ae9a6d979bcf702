package dev.riffle.e2e.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riffle.e2e.platform.SwarmTotals;
import dev.riffle.e2e.platform.ViewerSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The demo's closing table and its JSON form (pure: tested). */
final class Summary {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Summary() {}

    static List<String> table(List<ViewerSnapshot> viewers, SwarmTotals t, double trackerOffload) {
        List<String> lines = new ArrayList<>();
        String fmt = "%-10s %-7s %8s %7s %9s %6s %6s %10s %10s %10s %8s";
        lines.add(String.format(
                Locale.ROOT,
                fmt,
                "viewer",
                "state",
                "startup",
                "stalls",
                "stall ms",
                "P seg",
                "c seg",
                "from peers",
                "from CDN",
                "uploaded",
                "offload"));
        for (ViewerSnapshot v : viewers) {
            lines.add(String.format(
                    Locale.ROOT,
                    fmt,
                    v.user(),
                    v.state().name().toLowerCase(Locale.ROOT),
                    v.startupMs() < 0 ? "-" : v.startupMs() + " ms",
                    v.stalls(),
                    v.stallMs(),
                    v.peerSegments(),
                    v.cdnSegments(),
                    LiveView.mb(v.bytesFromPeers()),
                    LiveView.mb(v.bytesFromCdn()),
                    LiveView.mb(v.bytesUploaded()),
                    String.format(Locale.ROOT, "%.0f%%", 100 * v.offloadRatio())));
        }
        lines.add(String.format(
                Locale.ROOT,
                fmt,
                "all",
                t.finished() + "/" + t.viewers(),
                "p50 " + t.startupMsP50(),
                t.stalls(),
                t.stallMs(),
                "",
                "",
                LiveView.mb(t.p2pBytes()),
                LiveView.mb(t.cdnBytes()),
                LiveView.mb(t.uploadedBytes()),
                String.format(Locale.ROOT, "%.0f%%", 100 * t.offloadRatio())));
        lines.add(String.format(
                Locale.ROOT,
                "offload ratio %.3f (ceiling 1 - 1/N = %.3f), tracker's view %.3f; startup p50 %s, p95 %s; stalls %d",
                t.offloadRatio(),
                1 - 1.0 / Math.max(1, t.viewers()),
                trackerOffload,
                LiveView.ms(t.startupMsP50()),
                LiveView.ms(t.startupMsP95()),
                t.stalls()));
        return lines;
    }

    static ObjectNode json(
            String titleId,
            double titleSeconds,
            List<ViewerSnapshot> viewers,
            SwarmTotals t,
            double trackerOffload,
            String workDir) {
        ObjectNode n = JSON.createObjectNode();
        n.put("viewers", t.viewers());
        n.put("finished", t.finished());
        n.put("failed", t.failed());
        n.put("titleId", titleId);
        n.put("titleSeconds", titleSeconds);
        n.put("offloadRatio", t.offloadRatio());
        n.put("offloadCeiling", 1 - 1.0 / Math.max(1, t.viewers()));
        n.put("trackerOffloadRatio", trackerOffload);
        n.put("p2pBytes", t.p2pBytes());
        n.put("cdnBytes", t.cdnBytes());
        n.put("uploadedBytes", t.uploadedBytes());
        n.put("stalls", t.stalls());
        n.put("stallMs", t.stallMs());
        n.put("startupMsP50", t.startupMsP50());
        n.put("startupMsP95", t.startupMsP95());
        n.put("startupMsMax", t.startupMsMax());
        n.put("workDir", workDir);
        ArrayNode per = n.putArray("perViewer");
        for (ViewerSnapshot v : viewers) {
            ObjectNode o = per.addObject();
            o.put("user", v.user());
            o.put("state", v.state().name().toLowerCase(Locale.ROOT));
            o.put("segments", v.bar());
            o.put("peerSegments", v.peerSegments());
            o.put("cdnSegments", v.cdnSegments());
            o.put("startupMs", v.startupMs());
            o.put("stalls", v.stalls());
            o.put("stallMs", v.stallMs());
            o.put("p2pBytes", v.bytesFromPeers());
            o.put("cdnBytes", v.bytesFromCdn());
            o.put("uploadedBytes", v.bytesUploaded());
            o.put("peersConnected", v.peersConnected());
            o.put("keyStatus", v.keyStatus());
            if (v.latencyMsP50() >= 0) {
                o.put("latencyMsP50", v.latencyMsP50());
                o.put("latencyMsP95", v.latencyMsP95());
            }
            if (v.error() != null) o.put("error", v.error());
        }
        return n;
    }

    static String pretty(ObjectNode n) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
