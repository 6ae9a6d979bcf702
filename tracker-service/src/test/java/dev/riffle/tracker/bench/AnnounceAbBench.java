package dev.riffle.tracker.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Two packaged builds of the tracker over HTTP, compared on a noisy machine: the server CPU per announce of each, with
 * both measured in the same seconds. Not a test.
 *
 * <p>On a shared VM two {@link AnnounceBench} runs of the same build differ by up to 60 % in CPU per announce, more
 * than most changes make. Here both trackers and their wrk run at once, but only one pair at a time is allowed to
 * run: every {@code bench.sliceMs} (500) the running pair is stopped ({@code SIGSTOP}) and the other continued, so
 * whatever the host does hits both alike. Stopped time is neither CPU time nor answered requests, so CPU per announce
 * ({@code /proc/<pid>/stat} over wrk's request count) stays exact; the rates and latencies wrk prints do not mean
 * anything in this mode and are not reported.
 *
 * <pre>
 * git worktree add /tmp/old &lt;old-commit&gt; &amp;&amp; (cd /tmp/old &amp;&amp; ./mvnw -q -o -pl tracker-service package -DskipTests)
 * ./mvnw -q -o -pl tracker-service package -DskipTests &amp;&amp; ./mvnw -q -o -pl tracker-service test-compile
 * cd tracker-service &amp;&amp; java -cp "target/test-classes:target/classes:target/quarkus-app/lib/main/*" \
 *     -Dbench.ab.old=/tmp/old/tracker-service dev.riffle.tracker.bench.AnnounceAbBench
 * </pre>
 *
 * Options: {@code bench.ab.old} (required: the other build's module directory; {@code .} with {@code bench.ab.oldJvm}
 * and {@code bench.ab.newJvm} compares JVM or Quarkus settings on one build), {@code bench.ab.rounds} (3 pairs of
 * measurements, the order swapped each round), {@code bench.seconds} (20 s of wall time per measurement, about half
 * of it running), {@code bench.warmup} (45 s per build, one after the other), {@code bench.store} (memory).
 */
public final class AnnounceAbBench {

    static final String OLD = System.getProperty("bench.ab.old", "");
    /** Extra JVM options (space-separated) for one build only: to compare settings, give both the same build. */
    static final String OLD_JVM = System.getProperty("bench.ab.oldJvm", AnnounceBench.JVM_OPTIONS);

    static final String NEW_JVM = System.getProperty("bench.ab.newJvm", AnnounceBench.JVM_OPTIONS);
    static final int ROUNDS = Integer.getInteger("bench.ab.rounds", 3);
    static final int SECONDS = Integer.getInteger("bench.seconds", 20);
    static final int SLICE_MS = Integer.getInteger("bench.sliceMs", 500);
    static final String STORE = System.getProperty("bench.store", "memory");

    private AnnounceAbBench() {}

    /** One build under test: its tracker process and the announce URL. */
    record Build(String name, Process tracker, String url) {}

    public static void main(String[] args) throws Exception {
        if (OLD.isBlank()) {
            throw new IllegalArgumentException(
                    "-Dbench.ab.old=<the other build's tracker-service directory> is needed");
        }
        Path oldJar = Path.of(OLD, "target/quarkus-app/quarkus-run.jar");
        Path newJar = Path.of("target/quarkus-app/quarkus-run.jar");
        for (Path jar : List.of(oldJar, newJar)) {
            if (!Files.isReadable(jar)) {
                throw new IllegalArgumentException(jar + " is missing: package that build first");
            }
        }
        Path work = Files.createTempDirectory("riffle-ab-");
        Path lua = AnnounceBench.announceScript(work, "announce.lua", "");
        List<Build> builds = new ArrayList<>();
        try {
            builds.add(start("old", oldJar, work, OLD_JVM));
            builds.add(start("new", newJar, work, NEW_JVM));
            for (Build b : builds) {
                // one at a time, the other stopped: each JIT warms up on the whole machine
                Build other = builds.get(builds.indexOf(b) == 0 ? 1 : 0);
                signal("STOP", other.tracker.pid());
                AnnounceBench.wrk(b.url, lua, AnnounceBench.WARMUP, 16);
                signal("CONT", other.tracker.pid());
            }
            double[][] perAnnounce = new double[2][ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                List<Build> order = round % 2 == 0 ? builds : List.of(builds.get(1), builds.get(0));
                double[] cpu = interleaved(order.get(0), order.get(1), lua);
                int first = builds.indexOf(order.get(0));
                perAnnounce[first][round] = cpu[0];
                perAnnounce[1 - first][round] = cpu[1];
                System.out.printf(
                        "round %d: old %.1f µs, new %.1f µs of server CPU per announce (new/old %.3f)%n",
                        round + 1,
                        perAnnounce[0][round],
                        perAnnounce[1][round],
                        perAnnounce[1][round] / perAnnounce[0][round]);
            }
            double[] ratios = new double[ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                ratios[round] = perAnnounce[1][round] / perAnnounce[0][round];
            }
            // the ratio within a round is the figure to read: both builds saw the same seconds of the machine
            System.out.printf(
                    "median over %d rounds (%s store): old %.1f µs, new %.1f µs per announce; median new/old ratio"
                            + " of the rounds %.3f%n",
                    ROUNDS, STORE, median(perAnnounce[0]), median(perAnnounce[1]), median(ratios));
        } finally {
            for (Build b : builds) {
                signal("CONT", b.tracker.pid());
                b.tracker.destroy();
                if (!b.tracker.waitFor(10, TimeUnit.SECONDS)) {
                    b.tracker.destroyForcibly();
                }
            }
            if (STORE.equals("redis")) {
                AnnounceBench.deleteRedisKeys(
                        "riffle-bench:" + ProcessHandle.current().pid() + ":");
            }
        }
    }

    static Build start(String name, Path jar, Path work, String jvmOptions) throws Exception {
        int port = AnnounceBench.freePort();
        Process p = AnnounceBench.startTracker(STORE, work, jar, port, name + ".log", jvmOptions);
        return new Build(name, p, "http://127.0.0.1:" + port + "/v1/announce");
    }

    /**
     * Both builds loaded by their own wrk for the same wall time, only one pair running at any moment; returns each
     * one's server CPU µs per announce.
     */
    static double[] interleaved(Build a, Build b, Path lua) throws Exception {
        long[] cpuA0 = AnnounceBench.cpuMicros(a.tracker.pid());
        long[] cpuB0 = AnnounceBench.cpuMicros(b.tracker.pid());
        Process wrkA = wrk(a.url, lua);
        Process wrkB = wrk(b.url, lua);
        long[] pairA = {a.tracker.pid(), wrkA.pid()};
        long[] pairB = {b.tracker.pid(), wrkB.pid()};
        signal("STOP", pairB);
        boolean aRuns = true;
        long deadline = System.nanoTime() + (SECONDS + 60L) * 1_000_000_000L;
        try {
            while ((wrkA.isAlive() || wrkB.isAlive()) && System.nanoTime() < deadline) {
                Thread.sleep(SLICE_MS);
                signal("STOP", aRuns ? pairA : pairB);
                signal("CONT", aRuns ? pairB : pairA);
                aRuns = !aRuns;
            }
        } finally {
            signal("CONT", pairA);
            signal("CONT", pairB);
        }
        String outA = finish(wrkA);
        String outB = finish(wrkB);
        long[] cpuA1 = AnnounceBench.cpuMicros(a.tracker.pid());
        long[] cpuB1 = AnnounceBench.cpuMicros(b.tracker.pid());
        return new double[] {
            (cpuA1[0] - cpuA0[0]) / (double) requests(outA), (cpuB1[0] - cpuB0[0]) / (double) requests(outB)
        };
    }

    static Process wrk(String url, Path lua) throws IOException {
        return new ProcessBuilder(
                        "/usr/bin/wrk",
                        "-t2",
                        "-c" + AnnounceBench.CONNECTIONS,
                        "-d" + SECONDS + "s",
                        "-s",
                        lua.toString(),
                        url)
                .redirectErrorStream(true)
                .start();
    }

    static String finish(Process wrk) throws IOException, InterruptedException {
        String out = new String(wrk.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!wrk.waitFor(30, TimeUnit.SECONDS)) {
            wrk.destroyForcibly();
        }
        if (out.contains("Non-2xx")) {
            throw new IllegalStateException("non-2xx answers:\n" + out);
        }
        return out;
    }

    /** Requests wrk completed ("187031 requests in 10.03s"). */
    static long requests(String wrkOutput) {
        long n = Long.parseLong(AnnounceBench.find(wrkOutput, "(\\d+) requests in"));
        if (n == 0) {
            throw new IllegalStateException("wrk completed no request:\n" + wrkOutput);
        }
        return n;
    }

    static void signal(String signal, long... pids) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("kill", "-" + signal));
        Arrays.stream(pids).forEach(pid -> cmd.add(Long.toString(pid)));
        new ProcessBuilder(cmd).redirectErrorStream(true).start().waitFor(5, TimeUnit.SECONDS);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
