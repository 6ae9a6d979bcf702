package dev.riffle.tracker.announce;

import dev.riffle.servicekit.problem.ProblemException;
import dev.riffle.tracker.admission.PeerIds;
import dev.riffle.tracker.config.TrackerConfig;
import dev.riffle.tracker.geo.GeoResolver;
import dev.riffle.tracker.geo.Subnets;
import dev.riffle.tracker.matching.AnnounceInterval;
import dev.riffle.tracker.matching.Locality;
import dev.riffle.tracker.matching.PeerEntry;
import dev.riffle.tracker.matching.PeerRanker;
import dev.riffle.tracker.matching.RankedPeer;
import dev.riffle.tracker.matching.RankingPolicy;
import dev.riffle.tracker.matching.Viewer;
import dev.riffle.tracker.polluter.PolluterService;
import dev.riffle.tracker.stats.TrackerMetrics;
import dev.riffle.tracker.store.SwarmStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;

/** Carries out an announce: binds the peer id, resolves locality, updates swarms, ranks peers. */
@ApplicationScoped
public class AnnounceService {

    private final TrackerConfig config;
    private final GeoResolver geo;
    private final SwarmStore store;
    private final InstantSource clock;
    private final TrackerMetrics metrics;
    private final RankingPolicy policy;
    private final PolluterService polluters;

    public AnnounceService(
            TrackerConfig config,
            GeoResolver geo,
            SwarmStore store,
            InstantSource clock,
            TrackerMetrics metrics,
            PolluterService polluters) {
        this.polluters = polluters;
        this.config = config;
        this.geo = geo;
        this.store = store;
        this.clock = clock;
        this.metrics = metrics;
        TrackerConfig.Matching m = config.matching();
        if (m.candidatePool() < 1 || m.candidatePool() >= PeerRanker.MAX_CANDIDATES) {
            throw new IllegalArgumentException(
                    "riffle.tracker.matching.candidate-pool must be 1.." + (PeerRanker.MAX_CANDIDATES - 1));
        }
        this.policy = new RankingPolicy(
                m.peersPerAnswer(),
                m.maxPerSubnet(),
                m.lookahead(),
                m.randomWeight(),
                m.spareUploadReference(),
                config.announce().peerTtl(),
                m.liveHorizon().toMillis());
    }

    /** The peer id an account uses: the one it sent (if it is the account's) or its default one. */
    public static String boundPeerId(String subject, AnnounceRequest request) {
        if (request.peerId().isEmpty()) {
            return PeerIds.of(subject, PeerIds.DEFAULT_DEVICE);
        }
        String peerId = request.peerId().get();
        if (!PeerIds.wellFormed(peerId)) {
            throw new ProblemException(400, "bad-peer-id", "peerId must be <account tag>.<device>");
        }
        if (!PeerIds.belongsTo(peerId, subject)) {
            throw new ProblemException(403, "peer-id-not-yours", "peerId is bound to another account");
        }
        return peerId;
    }

    public CompletionStage<AnnounceResponse> announce(String subject, AnnounceRequest request, InetAddress observed) {
        String peerId = boundPeerId(subject, request);
        Locality locality = config.geo().trustClientClaim() && request.claim().isPresent()
                ? request.claim().get()
                : geo.resolve(observed);
        String subnet = Subnets.of(observed);
        long now = clock.millis();
        String event = request.event().name().toLowerCase(Locale.ROOT);
        metrics.announce(event);
        RankingPolicy answerPolicy = request.numWant().isPresent()
                ? policy.withLimit(Math.min(request.numWant().getAsInt(), policy.limit()))
                : policy;
        List<CompletableFuture<AnnounceResponse.SwarmAnswer>> answers = new ArrayList<>();
        for (AnnounceRequest.SwarmState s : request.swarms()) {
            answers.add(swarm(request, s, peerId, locality, subnet, now, answerPolicy)
                    .toCompletableFuture());
        }
        long interval = AnnounceInterval.seconds(
                config.announce().interval(), config.announce().intervalJitter(), ThreadLocalRandom.current());
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                .thenApply(v -> {
                    List<AnnounceResponse.SwarmAnswer> list =
                            answers.stream().map(CompletableFuture::join).toList();
                    if (request.event() == AnnounceRequest.Event.UPDATE
                            && list.stream().allMatch(a -> "unknown-swarm".equals(a.status()))) {
                        metrics.rejected("unknown-swarm");
                        throw new ProblemException(
                                404,
                                "unknown-swarm",
                                "no such swarm (or every peer left it); announce with event=started to join");
                    }
                    return new AnnounceResponse(
                            peerId,
                            interval,
                            new AnnounceResponse.LocalityOut(locality.asn(), locality.country(), locality.region()),
                            list);
                });
    }

    private CompletionStage<AnnounceResponse.SwarmAnswer> swarm(
            AnnounceRequest request,
            AnnounceRequest.SwarmState s,
            String peerId,
            Locality locality,
            String subnet,
            long now,
            RankingPolicy answerPolicy) {
        if (request.event() == AnnounceRequest.Event.STOPPED) {
            return store.leave(s.id(), peerId)
                    .thenApply(was -> new AnnounceResponse.SwarmAnswer(s.id(), "left", null, List.of(), null));
        }
        PeerEntry self = new PeerEntry(
                peerId,
                locality,
                subnet,
                request.uploadCapacity(),
                request.uploading(),
                s.playhead(),
                s.have(),
                now,
                s.behindEdgeMs());
        boolean create = request.event() == AnnounceRequest.Event.STARTED;
        // ranked inside the store's read: the in-memory store hands over its columns without copying them
        return store.joinAndRead(
                        s.id(),
                        self,
                        create,
                        config.matching().candidatePool(),
                        now,
                        (size, candidates) -> new Ranked(
                                size,
                                PeerRanker.rank(
                                        new Viewer(peerId, locality, s.playhead(), s.behindEdgeMs()),
                                        candidates,
                                        answerPolicy,
                                        ThreadLocalRandom.current(),
                                        clock)))
                .thenApply(view -> {
                    if (view.isEmpty()) {
                        return new AnnounceResponse.SwarmAnswer(
                                s.id(),
                                "unknown-swarm",
                                null,
                                List.of(),
                                "no such swarm; announce with event=started to join");
                    }
                    metrics.swarmSize(view.get().size());
                    List<RankedPeer> ranked = view.get().peers();
                    List<AnnounceResponse.PeerOut> peers = new ArrayList<>(ranked.size());
                    for (RankedPeer r : ranked) {
                        if (polluters.isExcluded(r.peer().peerId())) continue; // reported by enough accounts
                        peers.add(new AnnounceResponse.PeerOut(
                                r.peer().peerId(), r.tier().wireName(), r.peer().have()));
                    }
                    return new AnnounceResponse.SwarmAnswer(
                            s.id(), "ok", view.get().size(), peers, null);
                });
    }

    /** A swarm's live size and the peers chosen for the answer. */
    private record Ranked(long size, List<RankedPeer> peers) {}
}
