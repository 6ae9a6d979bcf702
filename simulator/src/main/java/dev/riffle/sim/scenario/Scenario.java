package dev.riffle.sim.scenario;

import java.util.List;
import java.util.Objects;

/**
 * One audience to simulate: who arrives when, what they watch, their lines and NATs, what the agents do, and the CDN
 * edge. Every figure is in the file form too (see {@link Scenarios}); defaults and their sources are in
 * docs/simulation.md.
 *
 * @param viewers distinct viewers over the whole run (each joins once)
 * @param durationSeconds simulated time; viewers still watching at the end are cut off there
 */
public record Scenario(
        String name,
        String description,
        int viewers,
        long seed,
        int durationSeconds,
        Arrivals arrivals,
        Catalogue catalogue,
        Audience audience,
        Agents agents,
        Cdn cdn) {

    public Scenario {
        Objects.requireNonNull(name, "name");
        description = Objects.requireNonNullElse(description, "");
        require(viewers >= 1 && viewers <= 10_000_000, "viewers must be 1..10000000");
        require(durationSeconds >= 1 && durationSeconds <= 7 * 86_400, "durationSeconds must be 1..604800");
        Objects.requireNonNull(arrivals, "arrivals");
        Objects.requireNonNull(catalogue, "catalogue");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(agents, "agents");
        Objects.requireNonNull(cdn, "cdn");
    }

    /** The same audience with another size, seed or length. */
    public Scenario withRun(int viewers, long seed, int durationSeconds) {
        return new Scenario(
                name, description, viewers, seed, durationSeconds, arrivals, catalogue, audience, agents, cdn);
    }

    /** The same scenario with other arrivals. */
    public Scenario withArrivals(Arrivals arrivals) {
        return new Scenario(
                name, description, viewers, seed, durationSeconds, arrivals, catalogue, audience, agents, cdn);
    }

    /** The same scenario with other agent settings. */
    public Scenario withAgents(Agents agents) {
        return new Scenario(
                name, description, viewers, seed, durationSeconds, arrivals, catalogue, audience, agents, cdn);
    }

    /**
     * When viewers join. {@code poisson-daily}: a Poisson process whose rate follows {@code hourlyWeights} (24 weights,
     * from {@code startHour}); {@code flash}: all within {@code windowSeconds}, at random moments; {@code staggered}:
     * one every {@code staggerMillis}.
     */
    public record Arrivals(
            String shape, int startHour, List<Double> hourlyWeights, int windowSeconds, long staggerMillis) {
        public Arrivals {
            require(
                    List.of("poisson-daily", "flash", "staggered").contains(shape),
                    "arrivals.shape must be poisson-daily, flash or staggered");
            require(startHour >= 0 && startHour < 24, "arrivals.startHour must be 0..23");
            hourlyWeights = List.copyOf(hourlyWeights);
            require(hourlyWeights.size() == 24, "arrivals.hourlyWeights must hold 24 weights");
            require(hourlyWeights.stream().allMatch(w -> w >= 0), "arrivals.hourlyWeights must not be negative");
            require(hourlyWeights.stream().anyMatch(w -> w > 0), "arrivals.hourlyWeights must not all be 0");
            require(windowSeconds >= 0 && staggerMillis >= 0, "arrivals: negative window");
        }
    }

    /**
     * What is watched. Titles are ranked by popularity (Zipf with {@code zipfExponent}); live: one channel everybody
     * watches at the edge. A viewer takes the highest rung of {@code ladderBytesPerSec} within {@code ladderHeadroom} of
     * its downlink and keeps it (no ABR switching).
     */
    public record Catalogue(
            int titles,
            double zipfExponent,
            boolean live,
            int minTitleSeconds,
            int maxTitleSeconds,
            int segmentMillis,
            List<Long> ladderBytesPerSec,
            double ladderHeadroom) {
        public Catalogue {
            require(titles >= 1 && titles <= 1_000_000, "catalogue.titles must be 1..1000000");
            require(zipfExponent >= 0 && zipfExponent <= 5, "catalogue.zipfExponent must be 0..5");
            require(segmentMillis >= 500 && segmentMillis <= 20_000, "catalogue.segmentMillis must be 500..20000");
            require(
                    minTitleSeconds * 1000L >= segmentMillis && maxTitleSeconds >= minTitleSeconds,
                    "catalogue: minTitleSeconds must hold a segment and maxTitleSeconds >= minTitleSeconds");
            ladderBytesPerSec = List.copyOf(ladderBytesPerSec);
            require(!ladderBytesPerSec.isEmpty(), "catalogue.ladderBytesPerSec must not be empty");
            require(ladderBytesPerSec.stream().allMatch(b -> b > 0), "catalogue.ladderBytesPerSec must be > 0");
            require(ladderHeadroom > 0 && ladderHeadroom <= 1, "catalogue.ladderHeadroom must be in (0, 1]");
        }
    }

    /**
     * The viewers' lines and networks. Downlinks are log-normal around {@code downlinkMedianMbps}; uplinks are the
     * downlink times {@code uplinkRatio}, with their own log-normal spread.
     */
    public record Audience(
            double downlinkMedianMbps,
            double downlinkSigma,
            double uplinkRatio,
            double uplinkSigma,
            List<Isp> isps,
            Latency latency,
            Nat nat,
            Session session) {
        public Audience {
            require(downlinkMedianMbps > 0 && downlinkSigma >= 0, "audience: downlink must be > 0");
            require(uplinkRatio > 0 && uplinkSigma >= 0, "audience: uplinkRatio must be > 0");
            isps = List.copyOf(isps);
            require(!isps.isEmpty(), "audience.isps must not be empty");
            Objects.requireNonNull(latency, "audience.latency");
            Objects.requireNonNull(nat, "audience.nat");
            Objects.requireNonNull(session, "audience.session");
        }
    }

    /** An ISP in one region, with its share of the audience. */
    public record Isp(String name, long asn, String country, String region, double share) {
        public Isp {
            Objects.requireNonNull(name, "isp name");
            require(asn > 0 && asn <= 0xFFFF_FFFFL, "isp asn must be 1..4294967295");
            require(share > 0, "isp share must be > 0");
        }
    }

    /** Round-trip times between two viewers. */
    public record Latency(int sameIspMillis, int crossIspMillis, int crossRegionMillis, int cdnMillis) {
        public Latency {
            require(
                    sameIspMillis >= 0 && crossIspMillis >= 0 && crossRegionMillis >= 0 && cdnMillis >= 0,
                    "latency must not be negative");
        }
    }

    /** Shares of NAT kinds; which pairs can open a data channel without a relay is in {@code NatMatrix}. */
    public record Nat(double open, double cone, double portRestricted, double symmetric) {
        public Nat {
            require(open >= 0 && cone >= 0 && portRestricted >= 0 && symmetric >= 0, "nat shares must be >= 0");
            require(open + cone + portRestricted + symmetric > 0, "nat shares must not all be 0");
        }
    }

    /**
     * How long viewers stay: a share watches to the end, the others leave after an exponential time of mean
     * {@code meanWatchSeconds}; a share seeks once, to a random point.
     */
    public record Session(double completeShare, double meanWatchSeconds, double seekShare) {
        public Session {
            require(completeShare >= 0 && completeShare <= 1, "session.completeShare must be 0..1");
            require(meanWatchSeconds > 0, "session.meanWatchSeconds must be > 0");
            require(seekShare >= 0 && seekShare <= 1, "session.seekShare must be 0..1");
        }
    }

    /**
     * What the agents do. {@code uploadCapBytesPerSec} > 0 fixes every upload cap; otherwise each agent offers
     * {@code uploadShare} of its uplink. The cap is a token bucket holding {@code uploadBurstBytes} (the transport's
     * default is 1 MiB): after a quiet spell a peer sends that much at its line's speed.
     */
    public record Agents(
            boolean p2p,
            int maxPeers,
            double uploadShare,
            long uploadCapBytesPerSec,
            long uploadBurstBytes,
            int cacheMegabytes,
            int seedAfterWatchSeconds,
            int liveLatencyMillis,
            int reannounceSeconds) {
        public Agents {
            require(maxPeers >= 0 && maxPeers <= 200, "agents.maxPeers must be 0..200");
            require(uploadShare >= 0 && uploadShare <= 1, "agents.uploadShare must be 0..1");
            require(uploadCapBytesPerSec >= 0, "agents.uploadCapBytesPerSec must be >= 0");
            require(uploadBurstBytes >= 65_536, "agents.uploadBurstBytes must be >= 65536 (one message)");
            require(cacheMegabytes >= 1, "agents.cacheMegabytes must be >= 1");
            require(seedAfterWatchSeconds >= 0, "agents.seedAfterWatchSeconds must be >= 0");
            require(liveLatencyMillis >= 500, "agents.liveLatencyMillis must be >= 500");
            require(reannounceSeconds >= 1, "agents.reannounceSeconds must be >= 1");
        }

        /** The same agents with another cache size. */
        public Agents withCacheMegabytes(int megabytes) {
            return with(p2p, megabytes, seedAfterWatchSeconds);
        }

        /** The same agents, staying in the swarm {@code seconds} after watching (0: leaving at once). */
        public Agents withSeedAfterWatchSeconds(int seconds) {
            return with(p2p, cacheMegabytes, seconds);
        }

        /** The same agents with no peers: the CDN-only baseline. */
        public Agents withoutP2p() {
            return with(false, cacheMegabytes, seedAfterWatchSeconds);
        }

        private Agents with(boolean p2p, int cacheMegabytes, int seedAfterWatchSeconds) {
            return new Agents(
                    p2p,
                    maxPeers,
                    uploadShare,
                    uploadCapBytesPerSec,
                    uploadBurstBytes,
                    cacheMegabytes,
                    seedAfterWatchSeconds,
                    liveLatencyMillis,
                    reannounceSeconds);
        }
    }

    /** The CDN edge: its total egress ({@code 0} = unlimited). */
    public record Cdn(double edgeGbps) {
        public Cdn {
            require(edgeGbps >= 0, "cdn.edgeGbps must be >= 0");
        }

        public double edgeBytesPerSec() {
            return edgeGbps <= 0 ? Double.POSITIVE_INFINITY : edgeGbps * 1e9 / 8;
        }
    }

    static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }
}
