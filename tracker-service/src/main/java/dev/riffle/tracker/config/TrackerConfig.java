package dev.riffle.tracker.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Every tracker setting, under {@code riffle.tracker.*}. Defaults suit the single-machine default. */
@ConfigMapping(prefix = "riffle.tracker")
public interface TrackerConfig {

    Announce announce();

    Matching matching();

    Geo geo();

    Store store();

    Signal signal();

    Stats stats();

    RateLimit rateLimit();

    Ice ice();

    Polluters polluters();

    interface Announce {
        /** Base announce interval handed to agents. */
        @WithDefault("60s")
        Duration interval();

        /** Interval jitter as a fraction of the interval (0.1 = ±10 %). */
        @WithDefault("0.1")
        double intervalJitter();

        /** A peer not heard from for this long leaves its swarms. */
        @WithDefault("150s")
        Duration peerTtl();

        /** Most swarms in one announce. */
        @WithDefault("8")
        int maxSwarms();

        /** Most held-segment ranges per swarm in one announce (more is a 400). */
        @WithDefault("64")
        int maxRanges();
    }

    interface Matching {
        /** Peers per swarm in one answer (N). */
        @WithDefault("30")
        int peersPerAnswer();

        /** Most peers from one IPv4 /24 (IPv6 /48) in one answer. */
        @WithDefault("3")
        int maxPerSubnet();

        /** Segments after the playhead that count as "needed next". */
        @WithDefault("10")
        int lookahead();

        /**
         * Live swarms: a peer this much further behind the live edge than the viewer no longer counts as holding what
         * the viewer needs next (peers level with it or ahead count fully).
         */
        @WithDefault("10s")
        Duration liveHorizon();

        /** Weight of the seeded random term in a peer's score (0 = strict order). */
        @WithDefault("0.35")
        double randomWeight();

        /** Upload spare (bytes/s) that counts as a full "spare upload" score. */
        @WithDefault("1000000")
        long spareUploadReference();

        /**
         * Candidates drawn from the store per swarm before ranking (large swarms are sampled); at most
         * {@link dev.riffle.tracker.matching.PeerRanker#MAX_CANDIDATES} - 1 (the sample may hold the viewer too).
         */
        @WithDefault("300")
        int candidatePool();
    }

    interface Geo {
        /** GeoLite2-ASN (or compatible) database; absent = no ASN lookup. */
        Optional<String> asnDb();

        /** GeoLite2-City (or compatible) database; absent = no country/region lookup. */
        Optional<String> cityDb();

        /**
         * Operator overrides, checked before the databases: {@code CIDR=asn/country/region}, e.g.
         * {@code 10.1.0.0/16=64512/DE/BE}. Empty parts mean unknown.
         */
        Optional<List<String>> overrides();

        /** Accept the locality an agent claims in its announce (only for trusted networks). */
        @WithDefault("false")
        boolean trustClientClaim();
    }

    interface Store {
        /** {@code memory} (single machine) or {@code redis} (replicas share swarms). */
        @WithDefault("memory")
        String kind();

        @WithDefault("redis://127.0.0.1:6379")
        String redisUri();

        /** Prefix of every Redis key and channel this tracker uses. */
        @WithDefault("riffle:tracker:")
        String keyPrefix();

        /** Most peers kept per swarm; the longest-silent peer is evicted beyond it. */
        @WithDefault("5000")
        int maxPeersPerSwarm();

        /**
         * Redis store: how long a replica may answer from its last sample of a swarm's peers, writing only the
         * announcing peer's record meanwhile. A peer that joined through another replica is offered within this time;
         * {@code 0} reads the sample on every announce (about 5× the Redis work per announce).
         */
        @WithDefault("250ms")
        Duration snapshotMaxAge();
    }

    interface Signal {
        /** Largest WebSocket message accepted; a larger one closes the connection. */
        @WithDefault("65536")
        int maxMessageBytes();

        /** How long an answer may follow the offer it answers. */
        @WithDefault("30s")
        Duration offerTtl();

        /** Offers a peer may send per announce interval. */
        @WithDefault("20")
        int offersPerAnnounce();

        /** Messages per second a connection may send on average before it is closed. */
        @WithDefault("50")
        int messagesPerSecond();

        /** Burst allowance on top of {@link #messagesPerSecond()}. */
        @WithDefault("200")
        int messageBurst();
    }

    interface Stats {
        /** Distinct titles kept as metric labels; the rest count as {@code other}. */
        @WithDefault("50")
        int maxTitles();

        @WithDefault("50")
        int maxIsps();

        @WithDefault("50")
        int maxRegions();

        /** Width of one point of the offload-over-time series. */
        @WithDefault("60s")
        Duration bucket();

        /** Points kept in the offload-over-time series. */
        @WithDefault("180")
        int history();

        /**
         * A viewer counts in a title's audience (and its live latency in the percentiles) while its last report is this
         * recent: a few of the agents' report intervals (30 s by default).
         */
        @WithDefault("75s")
        Duration audienceWindow();

        /** Most viewers kept per title for the audience figures (the longest silent is dropped first). */
        @WithDefault("100000")
        int maxViewersPerTitle();

        /**
         * Whether {@code GET /v1/stats} (aggregates only, no peer data) is readable without a token; when false it needs
         * the {@code operator} role. The dashboard page reads it.
         */
        @WithDefault("true")
        boolean publicRead();

        /**
         * drm-license base URL: a report counts only for titles the account holds a live license session for, asked
         * there with the account's own token ({@code GET /v1/sessions}).
         */
        @WithDefault("http://127.0.0.1:8082")
        String licenseUrl();

        /** Off only where no drm-license exists (unit tests); the production profile refuses it off. */
        @WithDefault("true")
        boolean requireLicenseSession();

        /** How long an account's license sessions, as drm-license listed them, are reused. */
        @WithDefault("10s")
        Duration licenseSessionsTtl();

        /** Distinct titles one account may report within {@code account-slot-window}. */
        @WithDefault("4")
        int titlesPerAccount();

        @WithDefault("1h")
        Duration accountSlotWindow();

        /** Plausible bytes per second one account fetches or uploads of one title (100 Mbit/s). */
        @WithDefault("12500000")
        long maxBytesPerSecond();

        /** Allowance on top of the rate, e.g. a player filling its buffer at start. */
        @WithDefault("67108864")
        long burstBytes();

        /** Received bytes of one session stay within this many times the title's size (renditions, seeks, replays). */
        @WithDefault("3")
        int titlePasses();
    }

    interface RateLimit {
        /** Announces per second per account (token subject), on average. */
        @WithDefault("5")
        double announcesPerSecond();

        @WithDefault("30")
        int announceBurst();

        /** Stats reports per second per account, on average. */
        @WithDefault("2")
        double statsPerSecond();

        @WithDefault("20")
        int statsBurst();

        /** Accounts tracked at once by the limiter (oldest forgotten first). */
        @WithDefault("100000")
        int maxAccounts();
    }

    interface Ice {
        /** The development TURN secret: fine on one machine, refused by the production profile. */
        String DEV_TURN_SECRET = "riffle-dev-turn-secret";

        /** STUN URLs handed to agents, e.g. {@code stun:turn.example.net:3478}; absent = none. */
        Optional<List<String>> stunUrls();

        /**
         * TURN URLs handed to agents with short-lived credentials, e.g. {@code turn:turn.example.net:3478?transport=udp};
         * absent = no TURN (agents behind symmetric NATs then cannot reach each other).
         */
        Optional<List<String>> turnUrls();

        /**
         * coturn's {@code static-auth-secret} (with {@code use-auth-secret}): TURN passwords are HMAC-SHA1 over the
         * username with it. Never logged; the production profile refuses the development default.
         */
        @WithDefault(DEV_TURN_SECRET)
        String turnSecret();

        /** How long a TURN credential is valid; agents ask again before it ends. */
        @WithDefault("1h")
        Duration credentialTtl();
    }

    interface Polluters {
        /** Distinct accounts whose agreeing reports exclude a peer from answers. */
        @WithDefault("3")
        int threshold();

        /** How long a report counts; a peer reported less often comes back. */
        @WithDefault("1h")
        Duration reportTtl();

        /** Reports per second per account, on average. */
        @WithDefault("1")
        double reportsPerSecond();

        @WithDefault("10")
        int reportBurst();
    }
}
