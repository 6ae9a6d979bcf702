package dev.riffle.e2e.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Turns an agent into a polluter behind its cache's back: every segment file that lands in its cache directory gets
 * one byte flipped (same size, wrong hash) the moment it appears. inotify (the JDK's watch service on Linux) reports
 * the rename that publishes a segment within a millisecond or so, before a peer's request for it can cross a data
 * channel, so the agent announces honest segments and serves tampered ones.
 */
public final class CacheTamperer implements AutoCloseable {
    private final WatchService watcher;
    private final Map<WatchKey, Path> dirs = new HashMap<>();
    private final Set<Path> flipped = new HashSet<>();
    private final AtomicInteger tampered = new AtomicInteger();
    private final Thread thread;

    private CacheTamperer(Path root) throws IOException {
        this.watcher = root.getFileSystem().newWatchService();
        Files.createDirectories(root);
        watchTree(root);
        this.thread = new Thread(this::run, "cache-tamperer");
        thread.setDaemon(true);
        thread.start();
    }

    public static CacheTamperer watch(Path cacheRoot) {
        try {
            return new CacheTamperer(cacheRoot);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Segment files tampered with so far. */
    public int tampered() {
        return tampered.get();
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                Path dir = dirs.get(key);
                for (WatchEvent<?> e : key.pollEvents()) {
                    if (dir == null || !(e.context() instanceof Path name)) continue;
                    Path p = dir.resolve(name);
                    if (Files.isDirectory(p)) watchTree(p);
                    else if (name.toString().endsWith(".seg")) flip(p);
                }
                key.reset();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed: done
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Watches a directory and whatever it holds already (a title's folder arrives with its rendition folder). */
    private void watchTree(Path dir) throws IOException {
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path p : tree.toList()) {
                if (Files.isDirectory(p) && !p.getFileName().toString().startsWith(".")) {
                    // on Linux ENTRY_CREATE covers a file renamed into the directory too (IN_MOVED_TO)
                    dirs.put(p.register(watcher, StandardWatchEventKinds.ENTRY_CREATE), p);
                } else if (p.toString().endsWith(".seg")) {
                    flip(p);
                }
            }
        }
    }

    private void flip(Path segment) {
        // a file seen both by a walk and by its event must not be flipped back
        if (!flipped.add(segment)) return;
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long at = ch.size() / 2;
            ByteBuffer b = ByteBuffer.allocate(1);
            if (ch.read(b, at) != 1) return;
            b.flip();
            b.put(0, (byte) (b.get(0) ^ 0x5a));
            ch.write(b, at);
            tampered.incrementAndGet();
        } catch (IOException e) {
            // evicted or replaced meanwhile: the next one will do
        }
    }

    @Override
    public void close() throws IOException {
        watcher.close();
        thread.interrupt();
    }
}
