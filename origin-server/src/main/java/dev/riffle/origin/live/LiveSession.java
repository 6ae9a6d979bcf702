package dev.riffle.origin.live;

import dev.riffle.origin.crypto.SegmentCipher;
import dev.riffle.origin.keys.ContentKey;
import dev.riffle.origin.keys.ContentKeySource;
import dev.riffle.origin.live.rtmp.FlvWriter;
import dev.riffle.origin.live.rtmp.RtmpConnection;
import dev.riffle.origin.packaging.LadderRung;
import dev.riffle.protocol.hash.Sha256;
import dev.riffle.protocol.manifest.ContentKeyId;
import dev.riffle.protocol.manifest.Iv;
import dev.riffle.protocol.manifest.RenditionType;
import dev.riffle.protocol.manifest.Resolution;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * One push of a live channel, from the accepted {@code publish} to its end: the pushed media go to ffmpeg as FLV (a
 * writer thread, so the event loop never blocks on a pipe), ffmpeg cuts segments, and a watcher thread encrypts each
 * closed segment under the key of its crypto period, hashes it and publishes it to the channel's {@link LiveWindow}.
 *
 * <p>A clean end (the pusher unpublishes, or an operator stops the channel) lets ffmpeg close its last segment, which is
 * published, and marks the window ended. A dead push (connection lost, silence) kills ffmpeg at once: the segment it
 * was cutting is never listed, so no partial segment is ever published.
 */
final class LiveSession {
    private static final Logger LOG = Logger.getLogger(LiveSession.class);
    private static final byte[] END = new byte[0];
    private static final long POLL_MS = 25;

    /** What a finished run leaves for the next one: the numbering and the timeline continue. */
    record Resume(long nextIndex, long nextTimestampMs) {}

    private final String channelId;
    private final LiveLadder ladder;
    private final LiveWindow window;
    private final ContentKeySource keys;
    private final InstantSource clock;
    private final long segmentMs;
    private final long segmentsPerPeriod;
    private final Path dir;
    private final List<String> command;
    private final Consumer<Resume> progress;
    private final StreamInfo info = new StreamInfo();
    private final FlvWriter flv = new FlvWriter();
    private final BlockingQueue<byte[]> toPackager = new ArrayBlockingQueue<>(8192);
    private final Map<Long, ContentKey> keyByPeriod = new HashMap<>();
    private final Set<String> declared = new HashSet<>();
    private final long timestampOffset;
    private volatile long anchorMillis = Long.MIN_VALUE;
    private volatile long firstTimestamp;
    /** Per rendition, where its last published segment ended on the stream's timeline. */
    private final Map<String, Long> lastEnd = new HashMap<>();

    private volatile long lastMediaNanos = System.nanoTime();
    private volatile long lastTimestamp;
    private volatile long nextIndex;
    private volatile boolean clean;
    private volatile boolean finished;
    private Process ffmpeg;
    private Thread writer;
    private Thread watcher;

    LiveSession(
            String channelId,
            LiveLadder ladder,
            LiveWindow window,
            ContentKeySource keys,
            InstantSource clock,
            Duration segment,
            Duration keyRotation,
            Path dir,
            String ffmpegPath,
            String preset,
            Resume resume,
            Consumer<Resume> progress) {
        this.channelId = channelId;
        this.ladder = ladder;
        this.window = window;
        this.keys = keys;
        this.clock = clock;
        this.segmentMs = segment.toMillis();
        this.segmentsPerPeriod = Math.max(1, keyRotation.toMillis() / segmentMs);
        this.dir = dir;
        this.timestampOffset = resume.nextTimestampMs();
        this.nextIndex = resume.nextIndex();
        this.progress = progress;
        this.command = ladder.command(ffmpegPath, preset, segmentMs, resume.nextIndex(), dir);
    }

    /** Starts ffmpeg and the two threads; the first key is ready before any media is accepted. */
    void start() throws IOException {
        deleteTree(dir);
        for (String name : ladder.names()) Files.createDirectories(dir.resolve(name));
        keyFor(nextIndex);
        ffmpeg = new ProcessBuilder(command)
                .redirectError(dir.resolve("ffmpeg.log").toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        writer = daemon("live-flv-" + channelId, this::writeLoop);
        watcher = daemon("live-segments-" + channelId, this::watchLoop);
    }

    /** One pushed message (event loop): queued for ffmpeg. False when the packager cannot keep up. */
    boolean offer(RtmpConnection.Media m) {
        if (finished) return false;
        lastMediaNanos = System.nanoTime();
        long ts = m.timestamp() + timestampOffset;
        if (anchorMillis == Long.MIN_VALUE) {
            firstTimestamp = ts;
            anchorMillis = clock.millis() - ts;
        }
        lastTimestamp = Math.max(lastTimestamp, ts);
        info.observe(m);
        return toPackager.offer(flv.tag(new RtmpConnection.Media(m.type(), ts, m.payload())));
    }

    /** Nanos (System.nanoTime) of the last media message: the idle check reads it. */
    long lastMediaNanos() {
        return lastMediaNanos;
    }

    /**
     * Ends the run (blocking, worker thread). Clean: ffmpeg finishes its last segment, which is published, and the window
     * is ended. Not clean: ffmpeg is killed and what it was cutting is dropped.
     */
    Resume finish(boolean cleanEnd) {
        synchronized (this) {
            if (finished) return resume();
            finished = true;
        }
        clean = cleanEnd;
        if (ffmpeg == null) { // never started
            deleteTree(dir);
            return resume();
        }
        if (cleanEnd) {
            toPackager.offer(END);
            try {
                if (!ffmpeg.waitFor(10, TimeUnit.SECONDS)) ffmpeg.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ffmpeg.destroyForcibly();
            }
        } else {
            ffmpeg.descendants().forEach(ProcessHandle::destroyForcibly);
            ffmpeg.destroyForcibly();
            writer.interrupt();
        }
        try {
            watcher.join(15_000);
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (cleanEnd) window.end(clock.instant());
        deleteTree(dir);
        return resume();
    }

    private Resume resume() {
        return new Resume(nextIndex, lastTimestamp + segmentMs);
    }

    private void writeLoop() {
        try (OutputStream in = ffmpeg.getOutputStream()) {
            while (true) {
                byte[] b = toPackager.take();
                if (b == END) break;
                in.write(b);
                if (toPackager.isEmpty()) in.flush();
            }
        } catch (IOException | InterruptedException e) {
            if (!finished) LOG.infof("live %s: the packager stopped taking input (%s)", channelId, e.getMessage());
        }
    }

    private void watchLoop() {
        Map<String, Long> read = new HashMap<>();
        Map<String, SegmentList> lists = new HashMap<>();
        for (String name : ladder.names()) {
            read.put(name, 0L);
            lists.put(name, new SegmentList());
        }
        try {
            while (true) {
                boolean exited = !ffmpeg.isAlive();
                for (String name : ladder.names()) {
                    for (SegmentList.Entry e : lists.get(name).feed(grown(name, read))) publish(name, e);
                }
                if (exited) break;
                Thread.sleep(POLL_MS);
            }
            if (!finished) {
                LOG.warnf(
                        "live %s: the packager exited (%d) while on air; see %s",
                        channelId, ffmpeg.exitValue(), dir.resolve("ffmpeg.log"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | IOException e) {
            LOG.errorf("live %s: publishing a segment failed: %s", channelId, e.toString());
        }
    }

    /** What ffmpeg appended to rendition {@code name}'s list since the last look. */
    private String grown(String name, Map<String, Long> read) throws IOException {
        Path list = LiveLadder.listFile(dir, name);
        if (!Files.exists(list)) return "";
        try (RandomAccessFile f = new RandomAccessFile(list.toFile(), "r")) {
            long from = read.get(name);
            long length = f.length();
            if (length <= from) return "";
            byte[] b = new byte[(int) (length - from)];
            f.seek(from);
            f.readFully(b);
            read.put(name, length);
            return new String(b, StandardCharsets.US_ASCII);
        }
    }

    private void publish(String rendition, SegmentList.Entry e) throws IOException {
        long index = Long.parseLong(e.file().replace(".ts", ""));
        Path file = dir.resolve(rendition).resolve(e.file());
        byte[] plain = Files.readAllBytes(file);
        Files.deleteIfExists(file);
        if (plain.length == 0) return;
        declare(rendition);
        ContentKey key = keyFor(index);
        byte[] encrypted =
                SegmentCipher.encrypt(key.key(), Iv.ofSegmentIndex(index).bytes(), plain);
        // ffmpeg lists the first segment of a run as starting at 0 whatever the stream's first timestamp (a resumed
        // push starts where the last one ended): it starts at the first media, or where the previous one ended.
        long start = Math.max(e.startMs(), lastEnd.getOrDefault(rendition, firstTimestamp));
        long duration = Math.max(1, e.endMs() - start);
        lastEnd.put(rendition, e.endMs());
        Instant programDate = Instant.ofEpochMilli(anchorMillis + start);
        window.add(
                rendition,
                new LiveWindow.Published(
                        index, duration, programDate, ContentKeyId.parse(key.kid()), Sha256.of(encrypted), encrypted),
                clock.instant());
        if (index + 1 > nextIndex) {
            nextIndex = index + 1;
            progress.accept(resume());
        }
        // The next period's key is created one period ahead, so no player waits for it at a rotation.
        if (index % segmentsPerPeriod == 0) keyFor(index + segmentsPerPeriod);
    }

    private ContentKey keyFor(long index) {
        long period = index / segmentsPerPeriod;
        synchronized (keyByPeriod) {
            ContentKey k = keyByPeriod.get(period);
            if (k == null) {
                k = keys.keyFor(channelId, "live-" + period);
                keyByPeriod.put(period, k);
                keyByPeriod.keySet().removeIf(p -> p < period - 2);
            }
            return k;
        }
    }

    private void declare(String rendition) {
        if (!declared.add(rendition)) return;
        if (ladder.passThrough()) {
            window.track(new LiveWindow.Track(
                    rendition,
                    RenditionType.VIDEO,
                    info.bandwidthBps(2_000_000),
                    info.resolution(),
                    info.codecs(),
                    segmentMs));
            return;
        }
        LadderRung r = ladder.rungs().stream()
                .filter(x -> x.name().equals(rendition))
                .findFirst()
                .orElseThrow();
        Resolution source = info.resolution();
        Resolution size = source == null
                ? null
                : new Resolution(
                        Math.max(2, (int) Math.round(source.width() * (double) r.height() / source.height() / 2) * 2),
                        r.height());
        window.track(new LiveWindow.Track(
                rendition,
                RenditionType.VIDEO,
                (r.kbps() + 96) * 1000L * 5 / 4,
                size,
                r.height() > 720 ? "avc1.4d4028,mp4a.40.2" : "avc1.4d401f,mp4a.40.2",
                segmentMs));
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(s.sorted(Comparator.reverseOrder()).toList());
            for (Path p : all) Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.debugf("live: could not remove %s: %s", dir, e.getMessage());
        }
    }
}
