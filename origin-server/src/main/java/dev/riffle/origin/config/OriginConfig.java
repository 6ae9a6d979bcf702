package dev.riffle.origin.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Everything the origin reads from configuration, under {@code riffle.origin.*}. Defaults suit one machine. */
@ConfigMapping(prefix = "riffle.origin")
public interface OriginConfig {

    /** Root of all origin state: content, staging, uploads, catalogue, jobs, signing keys (see README). */
    @WithDefault(".riffle/origin")
    Path dataDir();

    Ffmpeg ffmpeg();

    Packaging packaging();

    Upload upload();

    License license();

    Signing signing();

    Serve serve();

    Live live();

    /**
     * What this process does: {@code both} (the default: one origin does everything), {@code ingest} (packaging workers
     * besides the API and the edge), or {@code edge} (the API and the edge only: uploads it receives are queued for
     * the ingest workers of other processes, through {@link Ingest.Lease}).
     */
    @WithDefault("both")
    Role role();

    Ingest ingest();

    enum Role {
        INGEST,
        EDGE,
        BOTH;

        public boolean runsIngest() {
            return this != EDGE;
        }
    }

    interface Ingest {
        Lease lease();

        /** The queue of uploads waiting to be packaged, and which worker holds each ({@code dev.riffle.origin.lease}). */
        interface Lease {
            /**
             * {@code memory}: this process alone (single machine); {@code postgresql}: every origin process with
             * the same {@code jdbc-url} shares one queue, a job is packaged by one worker, and a dead worker's job is
             * taken over when its lease expires.
             */
            @WithDefault("memory")
            Kind kind();

            /** With {@code postgresql}: e.g. {@code jdbc:postgresql://db:5432/riffle?currentSchema=riffle_origin}. */
            Optional<String> jdbcUrl();

            Optional<String> username();

            /** From a Secret in production (env {@code RIFFLE_ORIGIN_INGEST_LEASE_PASSWORD}). */
            Optional<String> password();

            /** A worker holds a job this long past its last renewal; it renews every third of it. */
            @WithDefault("30s")
            Duration ttl();

            /** How often an idle worker looks for queued or abandoned jobs. */
            @WithDefault("2s")
            Duration poll();

            /** Claims of one job before it is failed instead of taken over again (a source that kills workers). */
            @WithDefault("3")
            int maxAttempts();

            enum Kind {
                MEMORY,
                POSTGRESQL
            }
        }
    }

    interface Ffmpeg {
        /** ffmpeg executable (a name on the PATH or an absolute path). */
        @WithDefault("ffmpeg")
        String path();

        /** ffprobe executable. */
        @WithDefault("ffprobe")
        String probePath();

        /** Upper bound for one ffmpeg/ffprobe run; the job fails when it is exceeded. */
        @WithDefault("2h")
        Duration timeout();

        /** Ingest jobs that run at once (each ffmpeg uses every core). */
        @WithDefault("1")
        int concurrentJobs();

        /** x264 preset. */
        @WithDefault("veryfast")
        String preset();
    }

    interface Packaging {
        /** Target segment duration in seconds; key frames are forced on this grid in every rendition. */
        @WithDefault("4")
        int segmentSeconds();

        /** Video ladder as {@code name:height:kbps}, highest first; renditions taller than the source are dropped. */
        @WithDefault("720p:720:2800,480p:480:1200,360p:360:700")
        List<String> ladder();

        /** AAC audio bit rate in kbit/s. */
        @WithDefault("128")
        int audioKbps();
    }

    interface Upload {
        /** Largest source file accepted. */
        @WithDefault("68719476736")
        long maxSourceBytes();

        /** Largest body of one upload request (one chunk); larger uploads are sent in several chunks. */
        @WithDefault("67108864")
        long maxChunkBytes();

        /** Largest poster image. */
        @WithDefault("5242880")
        long maxPosterBytes();

        /** Largest WebVTT file. */
        @WithDefault("2097152")
        long maxSubtitleBytes();
    }

    interface License {
        /** drm-license base URL, used for the packager API. */
        @WithDefault("http://127.0.0.1:8082")
        URI url();

        /** Base URL players use for keys ({@code EXT-X-KEY URI=<base>/v1/keys/{kid}}); defaults to {@link #url()}. */
        Optional<URI> publicUrl();
    }

    interface Signing {
        /** Directory of the sealed Ed25519 signing keys (owner-only); a key is generated there on first start. */
        Optional<Path> keyDir();

        /**
         * Key-encryption key sealing the signing keys at rest: 32 bytes, base64 (env {@code RIFFLE_ORIGIN_SIGNING_KEK},
         * from a Secret in production).
         */
        Optional<String> kek();

        /** KEKs being retired (base64, comma-separated): they open, and keys under them are sealed again at start. */
        Optional<List<String>> retiredKeks();

        /**
         * Without {@code kek}: generate one and keep it in {@code <data-dir>/signing-kek} (single machine only; the
         * production profile refuses it).
         */
        @WithDefault("true")
        boolean allowGeneratedKek();
    }

    interface Serve {
        /** {@code Cache-Control} max-age for segments (immutable). */
        @WithDefault("1209600")
        long segmentMaxAgeSeconds();

        /** {@code Cache-Control} max-age for playlists and manifests (about half a segment). */
        @WithDefault("2")
        long playlistMaxAgeSeconds();

        /** Files up to this size are kept in memory after first use (playlists, manifests); larger ones are sent zero-copy. */
        @WithDefault("65536")
        int smallFileBytes();

        /** Total bytes of small files kept in memory. */
        @WithDefault("33554432")
        long smallFileCacheBytes();
    }

    interface Live {
        /** Where pushers connect (RTMP). Loopback unless configured. */
        @WithDefault("127.0.0.1")
        String rtmpHost();

        /** RTMP port; 0 picks a free one (logged, and named in each channel's ingest URL). */
        @WithDefault("1935")
        int rtmpPort();

        /** The ingest URL operators are told, when pushers reach the origin by another name (a load balancer). */
        Optional<URI> publicRtmpUrl();

        /** Segment length: shorter is closer to the live edge, longer is fewer requests. */
        @WithDefault("1000ms")
        Duration segmentDuration();

        /** How far back a channel's segments stay served (the DVR window), unless the channel sets its own. */
        @WithDefault("2m")
        Duration window();

        /** Content keys rotate this often; the next key is created at drm-license one period before it is used. */
        @WithDefault("2m")
        Duration keyRotation();

        /**
         * Video ladder as {@code name:height:kbps}, or {@code source} to pass the pushed stream through unchanged
         * (the pusher's key frames must then fall on the segment grid: {@code -g} = frames per second).
         */
        @WithDefault("source")
        List<String> ladder();

        /** A push that sends nothing this long is taken as dead: the channel shows {@code interrupted}. */
        @WithDefault("5s")
        Duration idleTimeout();

        /** Channels that may be on air at once (each runs an ffmpeg). */
        @WithDefault("4")
        int maxOnAir();
    }

    default Path keyDir() {
        return signing().keyDir().orElse(dataDir().resolve("signing-keys"));
    }

    default URI keyBaseUrl() {
        return license().publicUrl().orElse(license().url());
    }
}
