package dev.riffle.tracker.bench;

import dev.riffle.testkit.FreePorts;
import dev.riffle.testkit.RoundRobinNginx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Announces per second with 1 and with 2 packaged tracker replicas on one Redis (127.0.0.1:6379), each behind the same
 * round-robin nginx ({@link RoundRobinNginx}), driven by {@link AnnounceBench}'s wrk script; both in one run, so the
 * ratio compares like with like. Also the CPU each side spent per announce (trackers, Redis, nginx), which shows which
 * one runs out first. Not a test. Run after {@code ./mvnw -pl tracker-service package -DskipTests} and test-compile:
 *
 * <pre>
 * cd tracker-service && java -cp "target/test-classes:target/classes:target/quarkus-app/lib/main/*:$(cat target/bench-cp.txt)" \
 *     dev.riffle.tracker.bench.ReplicaAnnounceBench
 * </pre>
 *
 * Options as {@link AnnounceBench} ({@code bench.seconds}, {@code bench.connections}, {@code bench.warmup}, {@code
 * bench.jvm}, {@code bench.wrkCpus}) and {@code bench.redisPid} (the Redis whose CPU is counted; default: the one
 * listening on 6379, found with {@code pidof redis-server} when there is only one).
 */
public final class ReplicaAnnounceBench {

    record Run(int replicas, AnnounceBench.Wrk wrk, double trackerMicros, double redisMicros, double nginxMicros) {}

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("riffle-replica-bench-");
        Path lua = AnnounceBench.announceScript(work, "announce.lua", "");
        long redisPid = Long.getLong("bench.redisPid", redisPid());
        List<Run> runs = new ArrayList<>();
        for (int n : new int[] {1, 2}) runs.add(run(n, work, lua, redisPid));

        System.out.println();
        System.out.printf(
                "load average %.2f; %d s runs after %d s warm-up; %d connections; Redis pid %d%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        .getSystemLoadAverage(),
                AnnounceBench.SECONDS,
                AnnounceBench.WARMUP,
                AnnounceBench.CONNECTIONS,
                redisPid);
        System.out.println("| tracker replicas (one Redis, behind nginx) | announces/s | p50 | p99 | CPU µs/announce:"
                + " trackers | Redis | nginx |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Run r : runs) {
            System.out.printf(
                    "| %d | %,.0f | %s | %s | %.1f | %.1f | %.1f |%n",
                    r.replicas, r.wrk.rate(), r.wrk.p50(), r.wrk.p99(), r.trackerMicros, r.redisMicros, r.nginxMicros);
        }
        System.out.printf(
                "ratio 2 replicas / 1 replica = %.2f%n",
                runs.get(1).wrk.rate() / runs.get(0).wrk.rate());
    }

    static Run run(int n, Path work, Path lua, long redisPid) throws Exception {
        List<Process> trackers = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                int port = FreePorts.pick();
                ports.add(port);
                trackers.add(AnnounceBench.startTracker(
                        "redis",
                        work,
                        Path.of("target/quarkus-app/quarkus-run.jar"),
                        port,
                        "tracker-" + n + "-" + i + ".log"));
            }
            try (RoundRobinNginx nginx = RoundRobinNginx.start("tracker", ports, work.resolve("nginx-" + n))) {
                String url = nginx.url() + "/v1/announce";
                AnnounceBench.wrk(url, lua, AnnounceBench.WARMUP, 16); // JIT of every replica
                long[] t0 = sum(trackers.stream().map(Process::pid).toList());
                long r0 = redisPid > 0 ? AnnounceBench.cpuMicros(redisPid)[0] : 0;
                long x0 = nginxMicros(nginx.pid());
                AnnounceBench.Wrk w = AnnounceBench.wrk(url, lua, AnnounceBench.SECONDS, AnnounceBench.CONNECTIONS);
                long[] t1 = sum(trackers.stream().map(Process::pid).toList());
                long r1 = redisPid > 0 ? AnnounceBench.cpuMicros(redisPid)[0] : 0;
                long x1 = nginxMicros(nginx.pid());
                double requests = w.rate() * AnnounceBench.SECONDS;
                return new Run(n, w, (t1[0] - t0[0]) / requests, (r1 - r0) / requests, (x1 - x0) / requests);
            }
        } finally {
            AnnounceBench.deleteRedisKeys(
                    "riffle-bench:" + ProcessHandle.current().pid() + ":");
            for (Process p : trackers) {
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
            }
        }
    }

    private static long[] sum(List<Long> pids) throws java.io.IOException {
        long[] total = new long[2];
        for (long pid : pids) {
            long[] c = AnnounceBench.cpuMicros(pid);
            total[0] += c[0];
            total[1] += c[1];
        }
        return total;
    }

    /** nginx's master and its worker. */
    private static long nginxMicros(long master) throws java.io.IOException {
        long total = AnnounceBench.cpuMicros(master)[0];
        for (ProcessHandle child :
                ProcessHandle.of(master).map(h -> h.children().toList()).orElse(List.of())) {
            total += AnnounceBench.cpuMicros(child.pid())[0];
        }
        return total;
    }

    /** The only {@code redis-server} on this machine, or -1 (its CPU is then not reported). */
    private static long redisPid() throws Exception {
        Process p = new ProcessBuilder("pidof", "redis-server").start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor(5, TimeUnit.SECONDS);
        return out.matches("\\d+") ? Long.parseLong(out) : -1;
    }
}
