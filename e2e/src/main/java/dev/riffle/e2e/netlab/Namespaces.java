package dev.riffle.e2e.netlab;

import dev.riffle.e2e.demo.Prerequisites;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a {@link NetlabTopology}'s commands (iproute2, nftables, tc) and removes the network again. */
public final class Namespaces implements AutoCloseable {
    private final NetlabTopology topology;
    private boolean built;

    private Namespaces(NetlabTopology topology) {
        this.topology = topology;
    }

    /**
     * Builds the network; on any failure removes what was made and throws with the failing command and its output. A
     * machine that cannot make namespaces (not root, no iproute2) gets a message that says so.
     */
    public static Namespaces build(NetlabTopology topology) {
        var n = new Namespaces(topology);
        n.built = true;
        try {
            for (List<String> command : topology.setup()) run(command);
        } catch (RuntimeException e) {
            n.close();
            throw e;
        }
        return n;
    }

    /** Checks that this process may create network namespaces; throws with what is missing. */
    public static void checkAllowed() {
        for (String tool : List.of("ip", "nft", "tc")) {
            if (!onPath(tool)) {
                throw new NetlabException("the test network needs '" + tool
                        + "' (Debian: apt-get install iproute2 nftables); it is not on the PATH");
            }
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new NetlabException("the test network creates Linux network namespaces, which needs root"
                    + " (CAP_NET_ADMIN); run it as root, e.g. sudo ./riffle netlab");
        }
    }

    public NetlabTopology topology() {
        return topology;
    }

    /** Removes every namespace of the topology (idempotent; one that is already gone is fine). */
    @Override
    public synchronized void close() {
        if (!built) return;
        built = false;
        // A process left in a namespace keeps it alive after its name is gone: stop them first.
        for (String ns : topology.namespaces()) {
            try {
                Result pids = exec(List.of("ip", "netns", "pids", ns));
                for (String pid : pids.output.split("\\s+")) {
                    if (pid.matches("\\d+"))
                        ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            } catch (RuntimeException ignored) {
                // best effort
            }
        }
        for (List<String> command : topology.teardown()) {
            try {
                exec(command);
            } catch (RuntimeException ignored) {
                // best effort: the others still go
            }
        }
    }

    static void run(List<String> command) {
        Result r = exec(command);
        if (r.code != 0) {
            throw new NetlabException("test network: '" + String.join(" ", command) + "' failed (exit " + r.code + "): "
                    + r.output.strip());
        }
    }

    private record Result(int code, String output) {}

    private static Result exec(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out after 30 s");
            }
            return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new NetlabException("cannot run '" + command.get(0) + "': " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetlabException("interrupted while building the test network");
        }
    }

    private static boolean onPath(String tool) {
        // iproute2 and nftables live in sbin, which a plain user's PATH may lack
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin";
        return Prerequisites.onPath(tool, path).isPresent();
    }
}
