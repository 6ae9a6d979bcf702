package dev.riffle.e2e.demo;

import dev.riffle.e2e.platform.SwarmTotals;
import dev.riffle.e2e.platform.ViewerSnapshot;
import dev.riffle.e2e.platform.ViewerState;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo's live progress. On a terminal: a block redrawn in place (one line per viewer with its segment bar, then the
 * swarm line). Otherwise: a status line every few seconds and one line per viewer as it finishes, so logs stay readable.
 */
final class LiveView {
    private static final long LINE_EVERY_MS = 5_000;

    private final PrintStream out;
    private final boolean tty;
    private final String header;
    private int drawnLines;
    private long lastLineAt = -LINE_EVERY_MS;
    private final Map<Integer, ViewerState> reported = new HashMap<>();

    LiveView(PrintStream out, boolean tty, String header) {
        this.out = out;
        this.tty = tty;
        this.header = header;
    }

    void update(List<ViewerSnapshot> viewers, SwarmTotals totals, long elapsedMs) {
        if (tty) {
            redraw(render(viewers, totals, elapsedMs));
        } else {
            lines(viewers, totals, elapsedMs);
        }
    }

    /** The block drawn on a terminal (pure: tested). */
    List<String> render(List<ViewerSnapshot> viewers, SwarmTotals totals, long elapsedMs) {
        List<String> lines = new ArrayList<>();
        lines.add(header + String.format(Locale.ROOT, "   t=%ds", elapsedMs / 1000));
        int userWidth = viewers.stream().mapToInt(v -> v.user().length()).max().orElse(9);
        for (ViewerSnapshot v : viewers) {
            lines.add(String.format(
                    Locale.ROOT,
                    " %-" + userWidth + "s %-8s [%s] %3d/%-3d startup %s  stalls %d  peers %2d  offload %4.0f%%%s%s",
                    v.user(),
                    v.state().name().toLowerCase(Locale.ROOT),
                    v.bar(),
                    v.segmentsPlayed(),
                    v.segmentsTotal(),
                    v.startupMs() < 0 ? "    -  " : String.format(Locale.ROOT, "%5d ms", v.startupMs()),
                    v.stalls(),
                    v.peersConnected(),
                    100 * v.offloadRatio(),
                    latency(v),
                    v.error() == null ? "" : "  ! " + v.error()));
        }
        lines.add(swarmLine(totals));
        lines.add(" P = segment from a peer, c = from the CDN, m = both, o = from the agent's cache, . = not yet");
        return lines;
    }

    /** Live viewers: how far behind the encoder, p50/p95; nothing for VOD. */
    static String latency(ViewerSnapshot v) {
        if (v.latencyMsP50() < 0) return "";
        return String.format(
                Locale.ROOT, "  latency %.1f/%.1f s", v.latencyMsP50() / 1000.0, v.latencyMsP95() / 1000.0);
    }

    static String swarmLine(SwarmTotals t) {
        return String.format(
                Locale.ROOT,
                " swarm: offload %.0f%%  (P2P %s, CDN %s)  stalls %d  startup p50 %s p95 %s",
                100 * t.offloadRatio(),
                mb(t.p2pBytes()),
                mb(t.cdnBytes()),
                t.stalls(),
                ms(t.startupMsP50()),
                ms(t.startupMsP95()));
    }

    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    static String ms(long ms) {
        return ms < 0 ? "-" : ms + " ms";
    }

    private void redraw(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        if (drawnLines > 0) sb.append("\033[").append(drawnLines).append('F'); // back to the block's first line
        for (String l : lines) sb.append("\033[2K").append(l).append('\n');
        // a shorter block than last time: clear what is left below
        for (int i = lines.size(); i < drawnLines; i++) sb.append("\033[2K\n");
        out.print(sb);
        out.flush();
        drawnLines = Math.max(lines.size(), drawnLines);
    }

    private void lines(List<ViewerSnapshot> viewers, SwarmTotals totals, long elapsedMs) {
        for (ViewerSnapshot v : viewers) {
            if (v.state().finished() && reported.put(v.number(), v.state()) == null) {
                out.printf(
                        Locale.ROOT,
                        "%s %s: [%s] startup %s, stalls %d, offload %.0f%%%s%s%n",
                        v.user(),
                        v.state() == ViewerState.DONE ? "done" : "FAILED",
                        v.bar(),
                        ms(v.startupMs()),
                        v.stalls(),
                        100 * v.offloadRatio(),
                        latency(v),
                        v.error() == null ? "" : " (" + v.error() + ")");
            }
        }
        if (elapsedMs - lastLineAt >= LINE_EVERY_MS) {
            lastLineAt = elapsedMs;
            long playing = viewers.stream()
                    .filter(v -> v.state() == ViewerState.PLAYING)
                    .count();
            long waiting = viewers.stream()
                    .filter(v -> v.state() == ViewerState.WAITING || v.state() == ViewerState.JOINING)
                    .count();
            out.printf(
                    Locale.ROOT,
                    "[t=%ds] playing %d, done %d, not started %d;%s%n",
                    elapsedMs / 1000,
                    playing,
                    totals.finished(),
                    waiting,
                    swarmLine(totals).substring(" swarm:".length()));
        }
        out.flush();
    }
}
