package dev.riffle.agent.scheduler;

import dev.riffle.agent.scheduler.Action.Cancel;
import dev.riffle.agent.scheduler.Action.FetchFromCdn;
import dev.riffle.agent.scheduler.Action.FetchFromPeer;
import dev.riffle.agent.scheduler.Action.FinishFromCdn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A compact text form of one scheduler tick, in the spirit of libtorrent's piece-picker tests. Clauses are separated
 * by {@code ;}:
 *
 * <pre>
 * playhead 4            first segment the player has not buffered      (default 0)
 * buffer 1s             media left before it is needed (negative: the player has waited that long)   (default 0s)
 * segdur 2s | size 1MB | last 30 | have 5,6 | rendition v | swarm 20 | cdn 4MB/s | self me
 * peer A same-isp has 0-9,12 claims 13-14 wants 10-30 @2MB/s   holdings, claims (/hops, default 0) and the window
 *                                          its player wants, of the current rendition; rate omitted = unmeasured
 * inflight 6 from A 300KB [idle 2.5s]    bytes done so far; "480p/6" names another rendition
 * expect 3; window 1s                    announced peers still connecting; time since the want window started
 * score me=0.9 A=0.5                     fixed election scores (others 0); default: rendezvous hashing
 * urgent 4s | prefetch 20s | pull 24s | margin 1s | stall 2s | http 2 | p2p 3 | per-peer 2 | peer-wait 3s | grace 1s
 * </pre>
 *
 * Actions print as {@code fetch 4..5 from CDN; fetch 6 from A; cancel 7 from B (stalled); finish 5 from CDN bytes
 * 300000-999999 (drop A)}, or {@code nothing}; claims as {@code 4..5/0; 9/2}, or {@code none}.
 */
public final class SchedulerDsl {
    static final long NOW = 1_000_000;

    long segdur = 2000, size = 1_000_000, last = Long.MAX_VALUE, buffer = 0, playhead = 0, cdn = 4_000_000;
    long urgent = 4000, prefetch = 20_000, pull = 24_000, margin = 1000, stall = 2000, assumed = 1_000_000;
    long peerWait = 3000, windowAgo = 0, grace = 1000;
    int http = 2, p2p = 3, perPeer = 2, swarm = 0, expect = 0;
    String rendition = "v";
    String self = "me";
    Map<String, Double> scores;
    final Set<Long> have = new HashSet<>();
    final List<PeerView> peers = new ArrayList<>();
    final List<InFlight> inFlight = new ArrayList<>();

    static String tick(String state) {
        var dsl = parse(state);
        return render(dsl.scheduler().decide(dsl.input()).actions(), dsl.rendition);
    }

    /** What the agent claims after the tick. */
    static String claims(String state) {
        var dsl = parse(state);
        var claims = dsl.scheduler().decide(dsl.input()).claims();
        if (claims.isEmpty()) return "none";
        var parts = new ArrayList<String>();
        long from = -1, to = -1;
        int h = -1;
        for (var e : claims.entrySet()) {
            if (e.getValue() == h && e.getKey() == to + 1) {
                to = e.getKey();
                continue;
            }
            if (h >= 0) parts.add(span(from, to) + "/" + h);
            from = to = e.getKey();
            h = e.getValue();
        }
        parts.add(span(from, to) + "/" + h);
        return String.join("; ", parts);
    }

    static SchedulerDsl parse(String state) {
        var d = new SchedulerDsl();
        for (String raw : state.split(";")) {
            String clause = raw.trim();
            if (!clause.isEmpty()) d.clause(clause.split("\\s+"));
        }
        return d;
    }

    private void clause(String[] w) {
        switch (w[0]) {
            case "playhead" -> playhead = Long.parseLong(w[1]);
            case "buffer" -> buffer = millis(w[1]);
            case "segdur" -> segdur = millis(w[1]);
            case "size" -> size = bytes(w[1]);
            case "last" -> last = Long.parseLong(w[1]);
            case "have" -> have.addAll(seqs(w[1]));
            case "rendition" -> rendition = w[1];
            case "swarm" -> swarm = Integer.parseInt(w[1]);
            case "cdn" -> cdn = rate(w[1]);
            case "self" -> self = w[1];
            case "urgent" -> urgent = millis(w[1]);
            case "prefetch" -> prefetch = millis(w[1]);
            case "pull" -> pull = millis(w[1]);
            case "margin" -> margin = millis(w[1]);
            case "stall" -> stall = millis(w[1]);
            case "http" -> http = Integer.parseInt(w[1]);
            case "p2p" -> p2p = Integer.parseInt(w[1]);
            case "per-peer" -> perPeer = Integer.parseInt(w[1]);
            case "expect" -> expect = Integer.parseInt(w[1]);
            case "window" -> windowAgo = millis(w[1]);
            case "peer-wait" -> peerWait = millis(w[1]);
            case "grace" -> grace = millis(w[1]);
            case "score" -> scores(w);
            case "peer" -> peer(w);
            case "inflight" -> inflight(w);
            default -> throw new IllegalArgumentException("unknown clause: " + String.join(" ", w));
        }
    }

    private void peer(String[] w) {
        boolean sameIsp = false;
        long r = 0;
        List<Long> holds = new ArrayList<>();
        Map<Long, Integer> claims = new HashMap<>();
        SegmentWindow wants = SegmentWindow.NONE;
        for (int i = 2; i < w.length; i++) {
            if (w[i].equals("same-isp")) sameIsp = true;
            else if (w[i].equals("has")) holds.addAll(seqs(w[++i]));
            else if (w[i].equals("claims")) {
                String[] spec = w[++i].split("/");
                int h = spec.length > 1 ? Integer.parseInt(spec[1]) : 0;
                seqs(spec[0]).forEach(s -> claims.put(s, h));
            } else if (w[i].equals("wants")) {
                List<Long> span = seqs(w[++i]);
                wants = new SegmentWindow(span.get(0), span.get(span.size() - 1) - span.get(0) + 1);
            } else if (w[i].startsWith("@")) r = rate(w[i].substring(1));
            else throw new IllegalArgumentException("peer: " + w[i]);
        }
        peers.add(new PeerView(new PeerId(w[1]), sameIsp, r, SegmentSet.of(holds), claims, wants));
    }

    private void scores(String[] w) {
        scores = new HashMap<>();
        for (int i = 1; i < w.length; i++) {
            String[] kv = w[i].split("=");
            scores.put(kv[0], Double.parseDouble(kv[1]));
        }
    }

    private void inflight(String[] w) {
        // inflight 6 from A 300KB [idle 2.5s]
        SegmentRef seg = segment(w[1]);
        Source src = w[3].equals("CDN") ? Source.CDN : Source.peer(new PeerId(w[3]));
        long done = bytes(w[4]);
        long idle = w.length > 6 && w[5].equals("idle") ? millis(w[6]) : 0;
        inFlight.add(new InFlight(seg, src, 0, size, done, NOW - idle - 1, NOW - idle));
    }

    private SegmentRef segment(String s) {
        int slash = s.indexOf('/');
        return slash < 0
                ? new SegmentRef(rendition, Long.parseLong(s))
                : new SegmentRef(s.substring(0, slash), Long.parseLong(s.substring(slash + 1)));
    }

    SchedulerConfig config() {
        return new SchedulerConfig(
                urgent, prefetch, pull, 0, margin, stall, http, p2p, perPeer, assumed, peerWait, grace);
    }

    Scheduler scheduler() {
        if (scores == null) return new Scheduler(config());
        Map<String, Double> fixed = Map.copyOf(scores);
        return new Scheduler(config(), (peer, segment) -> fixed.getOrDefault(peer.value(), 0.0));
    }

    SchedulerInput input() {
        var wanted =
                Deadlines.ahead(rendition, playhead, buffer, segdur, NOW, urgent + prefetch, last, s -> size, have);
        return new SchedulerInput(
                NOW, new PeerId(self), rendition, wanted, NOW - windowAgo, peers, cdn, inFlight, swarm, expect);
    }

    public static String render(List<Action> actions, String rendition) {
        var parts = new ArrayList<String>();
        String prevKey = null;
        long from = -1, to = -1;
        for (Action a : actions) {
            String key;
            long seq;
            String seg;
            if (a instanceof FetchFromCdn f) {
                key = "fetch %s from CDN";
                seq = f.segment().seq();
                seg = name(f.segment(), rendition);
            } else if (a instanceof FetchFromPeer f) {
                key = "fetch %s from " + f.peer();
                seq = f.segment().seq();
                seg = name(f.segment(), rendition);
            } else {
                if (prevKey != null) parts.add(prevKey.formatted(span(from, to)));
                prevKey = null;
                parts.add(single(a, rendition));
                continue;
            }
            boolean sameRendition = seg.equals(Long.toString(seq));
            if (key.equals(prevKey) && seq == to + 1 && sameRendition) {
                to = seq;
                continue;
            }
            if (prevKey != null) parts.add(prevKey.formatted(span(from, to)));
            if (!sameRendition) {
                parts.add(key.formatted(seg));
                prevKey = null;
            } else {
                prevKey = key;
                from = to = seq;
            }
        }
        if (prevKey != null) parts.add(prevKey.formatted(span(from, to)));
        return parts.isEmpty() ? "nothing" : String.join("; ", parts);
    }

    private static String single(Action a, String rendition) {
        if (a instanceof Cancel c) {
            return "cancel " + name(c.segment(), rendition) + " from " + c.source() + " ("
                    + c.reason().name().toLowerCase(Locale.ROOT) + ")";
        }
        if (a instanceof FinishFromCdn f) {
            return "finish " + name(f.segment(), rendition) + " from CDN bytes " + f.firstByte() + "-" + f.lastByte()
                    + " (drop " + f.cancelledPeer() + ")";
        }
        throw new IllegalArgumentException("unknown action " + a);
    }

    private static String name(SegmentRef s, String rendition) {
        return s.rendition().equals(rendition) ? Long.toString(s.seq()) : s.toString();
    }

    private static String span(long from, long to) {
        return from == to ? Long.toString(from) : from + ".." + to;
    }

    static List<Long> seqs(String spec) {
        var out = new ArrayList<Long>();
        if (spec.equals("none")) return out;
        for (String part : spec.split(",")) {
            int dash = part.indexOf('-');
            if (dash < 0) out.add(Long.parseLong(part));
            else {
                long a = Long.parseLong(part.substring(0, dash)), b = Long.parseLong(part.substring(dash + 1));
                for (long s = a; s <= b; s++) out.add(s);
            }
        }
        return out;
    }

    static long millis(String s) {
        if (s.endsWith("ms")) return Long.parseLong(s.substring(0, s.length() - 2));
        if (s.endsWith("s")) return Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 1000);
        throw new IllegalArgumentException("duration: " + s);
    }

    static long rate(String s) {
        if (!s.endsWith("/s")) throw new IllegalArgumentException("rate: " + s);
        return bytes(s.substring(0, s.length() - 2));
    }

    static long bytes(String s) {
        String u = s.toUpperCase(Locale.ROOT);
        long mul = 1;
        if (u.endsWith("KB")) mul = 1_000;
        else if (u.endsWith("MB")) mul = 1_000_000;
        String num = mul == 1 ? u.substring(0, u.length() - (u.endsWith("B") ? 1 : 0)) : u.substring(0, u.length() - 2);
        return Math.round(Double.parseDouble(num) * mul);
    }
}
