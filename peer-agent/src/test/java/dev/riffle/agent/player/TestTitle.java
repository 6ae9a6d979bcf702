package dev.riffle.agent.player;

import dev.riffle.protocol.hash.Sha256;
import dev.riffle.protocol.manifest.ContentKey;
import dev.riffle.protocol.manifest.ContentKeyId;
import dev.riffle.protocol.manifest.Iv;
import dev.riffle.protocol.manifest.IvRule;
import dev.riffle.protocol.manifest.Kind;
import dev.riffle.protocol.manifest.Manifest;
import dev.riffle.protocol.manifest.Rendition;
import dev.riffle.protocol.manifest.RenditionType;
import dev.riffle.protocol.manifest.Resolution;
import dev.riffle.protocol.manifest.Segment;
import dev.riffle.protocol.sign.ManifestSigner;
import dev.riffle.protocol.sign.SigningKey;
import dev.riffle.protocol.sign.TrustedKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real HLS title laid out as the origin serves it ({@code content/{title}/{rendition}/{n}.ts}, the signed
 * {@code manifest.json}, {@code v1/manifest-keys}): ffmpeg encodes a test pattern with a tone, each segment
 * is encrypted with AES-128-CBC under a random IV, hashed, listed in a manifest and signed.
 */
/** @param signingKeys the public JWK Set agents must trust for this title's manifest (drm-license's manifest-keys) */
public record TestTitle(
        String titleId, String rendition, byte[] key, ContentKeyId kid, Manifest manifest, byte[] signingKeys) {
    private static final Pattern EXTINF = Pattern.compile("#EXTINF:([0-9.]+),");

    public static TestTitle create(Path root, String titleId, int seconds, long seed) throws Exception {
        return create(root, titleId, seconds, seed, null, null);
    }

    /** Encrypted under a given key (e.g. one drm-license made for the title); {@code null}s: random from the seed. */
    public static TestTitle create(Path root, String titleId, int seconds, long seed, byte[] givenKey, byte[] givenKid)
            throws Exception {
        return create(root, titleId, seconds, seed, givenKey, givenKid, "320x240", 0);
    }

    /** A bigger picture at a target video bit rate (e.g. {@code "1280x720"}, 5_000_000 for a 5 Mbps title). */
    public static TestTitle create(Path root, String titleId, int seconds, long seed, String size, int videoBitsPerSec)
            throws Exception {
        return create(root, titleId, seconds, seed, null, null, size, videoBitsPerSec);
    }

    private static TestTitle create(
            Path root,
            String titleId,
            int seconds,
            long seed,
            byte[] givenKey,
            byte[] givenKid,
            String size,
            int videoBitsPerSec)
            throws Exception {
        Path plain = Files.createDirectories(root.resolve("plain-" + titleId));
        List<String> cmd = new ArrayList<>(List.of(
                "ffmpeg",
                "-nostdin",
                "-v",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
                "testsrc=duration=" + seconds + ":size=" + size + ":rate=25",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:duration=" + seconds,
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-g",
                "50",
                "-keyint_min",
                "50",
                "-sc_threshold",
                "0"));
        if (videoBitsPerSec > 0) {
            // Padded to a constant rate (testsrc compresses to almost nothing otherwise).
            cmd.addAll(List.of(
                    "-b:v",
                    Integer.toString(videoBitsPerSec),
                    "-minrate",
                    Integer.toString(videoBitsPerSec),
                    "-maxrate",
                    Integer.toString(videoBitsPerSec),
                    "-bufsize",
                    Integer.toString(videoBitsPerSec / 2),
                    "-x264-params",
                    "nal-hrd=cbr:force-cfr=1"));
        }
        cmd.addAll(List.of(
                "-c:a",
                "aac",
                "-b:a",
                "64k",
                "-f",
                "hls",
                "-hls_time",
                "2",
                "-hls_playlist_type",
                "vod",
                "-hls_segment_filename",
                plain.resolve("%d.ts").toString(),
                plain.resolve("index.m3u8").toString()));
        var ffmpeg = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(root.resolve("ffmpeg-" + titleId + ".log").toFile())
                .start();
        try {
            if (!ffmpeg.waitFor(120, TimeUnit.SECONDS)) throw new IllegalStateException("ffmpeg took too long");
        } finally {
            ffmpeg.destroyForcibly();
        }
        if (ffmpeg.exitValue() != 0) throw new IllegalStateException("ffmpeg failed: " + read(root, titleId));
        List<Long> durations = new ArrayList<>();
        var m = EXTINF.matcher(Files.readString(plain.resolve("index.m3u8")));
        while (m.find()) durations.add(Math.round(Double.parseDouble(m.group(1)) * 1000));

        var r = new SplittableRandom(seed);
        byte[] key = new byte[16];
        r.nextBytes(key);
        byte[] kidBytes = new byte[16];
        r.nextBytes(kidBytes);
        if (givenKey != null) key = givenKey.clone();
        if (givenKid != null) kidBytes = givenKid.clone();
        String rendition = "720p";
        Path out =
                Files.createDirectories(root.resolve("content").resolve(titleId).resolve(rendition));
        List<Segment> segments = new ArrayList<>();
        for (int i = 0; i < durations.size(); i++) {
            byte[] iv = new byte[16];
            r.nextBytes(iv);
            var cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            byte[] enc = cipher.doFinal(Files.readAllBytes(plain.resolve(i + ".ts")));
            Files.write(out.resolve(i + ".ts"), enc);
            segments.add(new Segment(
                    i,
                    Math.max(1, durations.get(i)),
                    enc.length,
                    Sha256.of(enc),
                    rendition + "/" + i + ".ts",
                    new Iv(iv)));
        }
        var kid = new ContentKeyId(kidBytes);
        var manifest = Manifest.v1(
                titleId,
                Kind.VOD,
                Instant.now(),
                "test-origin",
                new ContentKey(kid, IvRule.EXPLICIT),
                List.of(Rendition.of(
                        rendition,
                        RenditionType.VIDEO,
                        videoBitsPerSec > 0 ? videoBitsPerSec + 64_000 : 400_000,
                        new Resolution(Integer.parseInt(size.split("x")[0]), Integer.parseInt(size.split("x")[1])),
                        "avc1.42c00d,mp4a.40.2",
                        null,
                        2_000,
                        rendition + "/index.m3u8",
                        null,
                        segments)));
        SigningKey signing = SigningKey.generate("test-origin");
        Files.write(
                root.resolve("content").resolve(titleId).resolve("manifest.json"),
                new ManifestSigner(signing).sign(manifest).toJson());
        // Agents take the signing keys from drm-license (GET /v1/manifest-keys), never from the edge; the tests' static
        // server plays both parts unless a test pushes them to a real drm-license.
        byte[] jwks = TrustedKeys.of(signing).toJwks();
        Files.write(Files.createDirectories(root.resolve("v1")).resolve("manifest-keys"), jwks);
        return new TestTitle(titleId, rendition, key, kid, manifest, jwks);
    }

    private static String read(Path root, String titleId) {
        try {
            return Files.readString(root.resolve("ffmpeg-" + titleId + ".log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
