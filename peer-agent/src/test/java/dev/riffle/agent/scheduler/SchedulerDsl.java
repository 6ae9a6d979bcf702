package dev.riffle.agent.scheduler;

import dev.riffle.agent.scheduler.Action.Cancel;
import dev.riffle.agent.scheduler.Action.FetchFromCdn;
import dev.riffle.agent.scheduler.Action.FetchFromPeer;
import dev.riffle.agent.scheduler.Action.FinishFromCdn;
import dev.riffle.agent.scheduler.Action.Serve;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A compact text form of one scheduler tick, in the spirit of libtorrent's piece-picker tests. Clauses are separated
 * by {@code ;}:
 *
 * <pre>
 * playhead 4            first segment the player has not buffered      (default 0)
 * buffer 1s             media left before it is needed                  (default 0s)
 * segdur 2s | size 1MB | last 30 | have 5,6 | rendition v | swarm 20 | cdn 4MB/s | seed 1
 * peer A same-isp has 0-9,12 @2MB/s      holdings are of the current rendition; rate omitted = unmeasured
 * inflight 6 from A 300KB [idle 2.5s]    bytes done so far; "480p/6" names another rendition
 * budget 2MB; upload 1 A 1MB             upload budget and a pending REQUEST (id, peer, bytes)
 * expect 3; joined 1s                    announced peers still connecting; time since we joined (default 0s)
 * urgent 4s | prefetch 20s | margin 1s | stall 2s | http 2 | p2p 3 | per-peer 2 | fetchers 2 | peer-wait 3s
 * </pre>
 *
 * Actions print as {@code fetch 4..5 from CDN; fetch 6 from A; cancel 7 from B (stalled); finish 5 from CDN bytes
 * 300000-999999 (drop A); serve 1 to A}, or {@code nothing}.
 */
final class SchedulerDsl {
    static final long NOW = 1_000_000;

    long segdur = 2000, size = 1_000_000, last = Long.MAX_VALUE, buffer = 0, playhead = 0, cdn = 4_000_000;
    long urgent = 4000, prefetch = 20_000, margin = 1000, stall = 2000, assumed = 1_000_000, budget = 0;
    long peerWait = 3000, joinedAgo = 0;
    int http = 2, p2p = 3, perPeer = 2, swarm = 0, expect = 0;
    double fetchers = 2;
    long seed = 1;
    String rendition = "v";
    final Set<Long> have = new HashSet<>();
    final List<PeerView> peers = new ArrayList<>();
    final List<InFlight> inFlight = new ArrayList<>();
    final List<UploadRequest> uploads = new ArrayList<>();

    static String tick(String state) {
        var dsl = parse(state);
        return render(dsl.scheduler().decide(dsl.input()), dsl.rendition);
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
            case "seed" -> seed = Long.parseLong(w[1]);
            case "urgent" -> urgent = millis(w[1]);
            case "prefetch" -> prefetch = millis(w[1]);
            case "margin" -> margin = millis(w[1]);
            case "stall" -> stall = millis(w[1]);
            case "http" -> http = Integer.parseInt(w[1]);
            case "p2p" -> p2p = Integer.parseInt(w[1]);
            case "per-peer" -> perPeer = Integer.parseInt(w[1]);
            case "fetchers" -> fetchers = Double.parseDouble(w[1]);
            case "budget" -> budget = bytes(w[1]);
            case "expect" -> expect = Integer.parseInt(w[1]);
            case "joined" -> joinedAgo = millis(w[1]);
            case "peer-wait" -> peerWait = millis(w[1]);
            case "upload" ->
                uploads.add(new UploadRequest(
                        Long.parseLong(w[1]), new PeerId(w[2]), new SegmentRef(rendition, 0), bytes(w[3])));
            case "peer" -> peer(w);
            case "inflight" -> inflight(w);
            default -> throw new IllegalArgumentException("unknown clause: " + String.join(" ", w));
        }
    }

    private void peer(String[] w) {
        boolean sameIsp = false;
        long r = 0;
        Set<SegmentRef> holds = new HashSet<>();
        for (int i = 2; i < w.length; i++) {
            if (w[i].equals("same-isp")) sameIsp = true;
            else if (w[i].equals("has")) seqs(w[++i]).forEach(s -> holds.add(new SegmentRef(rendition, s)));
            else if (w[i].startsWith("@")) r = rate(w[i].substring(1));
            else throw new IllegalArgumentException("peer: " + w[i]);
        }
        peers.add(new PeerView(new PeerId(w[1]), sameIsp, r, holds));
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
        return new SchedulerConfig(urgent, prefetch, margin, stall, http, p2p, perPeer, fetchers, assumed, peerWait);
    }

    Scheduler scheduler() {
        return new Scheduler(config(), new SplittableRandom(seed));
    }

    SchedulerInput input() {
        var wanted =
                Deadlines.ahead(rendition, playhead, buffer, segdur, NOW, urgent + prefetch, last, s -> size, have);
        return new SchedulerInput(
                NOW, rendition, wanted, peers, cdn, inFlight, swarm, budget, uploads, expect, NOW - joinedAgo);
    }

    static String render(List<Action> actions, String rendition) {
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
        Serve s = (Serve) a;
        return "serve " + s.uploadId() + " to " + s.peer();
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
