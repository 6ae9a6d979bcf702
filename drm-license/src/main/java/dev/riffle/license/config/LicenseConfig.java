package dev.riffle.license.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * All drm-license settings ({@code riffle.license.*}). Defaults are the single-machine setup: embedded key store, sessions
 * in memory (the development issuer, {@code riffle.license.dev-idp.*}, lives in the drm-license-dev build). Profile
 * {@code production} switches to PostgreSQL, Redis and Keycloak.
 */
@ConfigMapping(prefix = "riffle.license")
public interface LicenseConfig {

    /** Base URL clients reach this service at; HLS key URIs are {@code <public-url>/v1/keys/<kid>}. */
    @WithDefault("http://127.0.0.1:8082")
    String publicUrl();

    /** How long a granted license (ClearKey or HLS key) may be used; capped by the end of the title's window. */
    @WithDefault("PT4H")
    Duration licenseDuration();

    /**
     * When true, keys of titles whose policy the origin never pushed are refused (reason {@code window}). When false
     * (default) such titles are open to every subscriber.
     */
    @WithDefault("false")
    boolean requireTitlePolicy();

    /** Largest accepted request body in bytes; larger bodies get 413 problem JSON. */
    @WithDefault("8192")
    int maxBodyBytes();

    /** Most key ids in one ClearKey request. */
    @WithDefault("16")
    int maxKidsPerRequest();

    Limits limits();

    Keys keys();

    Sessions sessions();

    /** Per-account limits. */
    interface Limits {
        /** Live playback sessions per account. */
        @WithDefault("2")
        int concurrentStreams();

        /** Distinct devices per account (a device counts while it was seen within {@code sessions.device-ttl}). */
        @WithDefault("3")
        int devices();
    }

    /** Content keys at rest. */
    interface Keys {
        /** {@code embedded} (memory, optionally persisted to files) or {@code postgres} (the default datasource). */
        @WithDefault("embedded")
        StoreKind store();

        /** Directory of the embedded store's files. */
        @WithDefault(".riffle/drm-license")
        String embeddedDir();

        /** Whether the embedded store writes its files (false: memory only, lost on restart). */
        @WithDefault("true")
        boolean embeddedPersist();

        /** Key-encryption key that seals new keys: 32 bytes, base64. Set it from a secret in production. */
        Optional<String> kek();

        /**
         * KEKs (base64, comma-separated) that open keys but neither seal nor re-seal: the first step of a rotation, the
         * new KEK on every replica before any replica seals under it.
         */
        Optional<List<String>> additionalKeks();

        /**
         * KEKs (base64, comma-separated) being retired: they open keys, and the keys under them are re-sealed under
         * {@link #kek()} in the background. The second step of a rotation: the old KEK.
         */
        Optional<List<String>> retiredKeks();

        /** How often keys under a retired KEK are looked for and re-sealed. */
        @WithDefault("60s")
        Duration resealEvery();

        /**
         * Without {@code kek}: generate one and keep it in {@code <embedded-dir>/dev-kek} (single-machine default only;
         * false in production, where a missing {@code kek} stops startup).
         */
        @WithDefault("true")
        boolean allowGeneratedKek();
    }

    enum StoreKind {
        EMBEDDED,
        POSTGRES
    }

    /** Playback sessions for concurrent-stream and device accounting. */
    interface Sessions {
        /** {@code memory} (one replica) or {@code redis} (replicas agree). */
        @WithDefault("memory")
        SessionStoreKind store();

        /** A session without heartbeat for this long is over. */
        @WithDefault("PT90S")
        Duration ttl();

        /** Heartbeat interval advised to clients. */
        @WithDefault("PT30S")
        Duration heartbeatInterval();

        /** A device stops counting against the device limit this long after it was last seen. */
        @WithDefault("P30D")
        Duration deviceTtl();

        @WithDefault("redis://127.0.0.1:6379")
        String redisUri();

        @WithDefault("riffle:license:")
        String redisPrefix();
    }

    enum SessionStoreKind {
        MEMORY,
        REDIS
    }
}
