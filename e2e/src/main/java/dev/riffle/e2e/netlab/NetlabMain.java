package dev.riffle.e2e.netlab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./riffle netlab}: builds the test network, runs {@link NetlabRun} inside its public namespace (where the
 * services are reached at {@link NetlabTopology#PUBLIC_ADDRESS}), and removes the network when the run ends, fails or
 * is interrupted. This process stays in the machine's own namespace only to create and remove the others.
 */
public final class NetlabMain {
    private NetlabMain() {}

    public static void main(String[] args) throws Exception {
        System.exit(run(List.of(args)));
    }

    /** Runs netlab with these flags; answers the exit code (0: every player played to the end). */
    public static int run(List<String> args) throws IOException, InterruptedException {
        byte[] id = new byte[2];
        new SecureRandom().nextBytes(id);
        NetlabOptions o;
        try {
            var parsed = NetlabOptions.parse(args, null, HexFormat.of().formatHex(id));
            if (parsed.isEmpty()) {
                System.out.print(NetlabOptions.USAGE);
                return 0;
            }
            o = parsed.get();
            if (o.workDir() == null) {
                o = NetlabOptions.parse(args, Files.createTempDirectory("riffle-netlab-"), o.runId())
                        .orElseThrow();
            }
        } catch (NetlabOptions.BadFlags e) {
            System.err.println("riffle netlab: " + e.getMessage());
            System.err.print(NetlabOptions.USAGE);
            return 2;
        }
        try {
            Namespaces.checkAllowed();
        } catch (NetlabException e) {
            System.err.println("riffle netlab: " + e.getMessage());
            return 3;
        }
        Files.createDirectories(o.workDir());
        NetlabTopology topology = o.topology();
        System.out.println("riffle netlab: building " + topology.isps().size() + " ISPs x " + o.viewersPerIsp()
                + " subscribers in namespaces rl" + topology.runId() + "-* (logs in " + o.workDir() + ")");
        Namespaces network;
        try {
            network = Namespaces.build(topology);
        } catch (NetlabException e) {
            System.err.println("riffle netlab: " + e.getMessage());
            return 3;
        }
        Process inner = null;
        Thread cleanup = null;
        try {
            List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", topology.publicNamespace()));
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-Xmx384m");
            cmd.add("-Driffle.home=" + dev.riffle.e2e.platform.PlatformOptions.findHome());
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), NetlabRun.class.getName()));
            cmd.addAll(o.asArgs());
            Process started = new ProcessBuilder(cmd).inheritIO().start();
            inner = started;
            // Ctrl-C reaches the run too (same process group); give it time to stop its agents and services, then
            // remove the network whatever happened.
            cleanup = new Thread(() -> {
                try {
                    if (!started.waitFor(30, TimeUnit.SECONDS)) started.destroyForcibly();
                } catch (InterruptedException ignored) {
                    started.destroyForcibly();
                }
                network.close();
            });
            Runtime.getRuntime().addShutdownHook(cleanup);
            long bound = o.seconds()
                    + (long) (o.staggerSeconds() * topology.viewers().size())
                    + 900;
            if (!started.waitFor(bound, TimeUnit.SECONDS)) {
                System.err.println("riffle netlab: the run did not end within " + bound + " s; stopping it");
                started.destroy();
                if (!started.waitFor(30, TimeUnit.SECONDS)) started.destroyForcibly();
                return 4;
            }
            return started.exitValue();
        } finally {
            if (inner != null && inner.isAlive()) inner.destroyForcibly();
            network.close();
            if (cleanup != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(cleanup);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs anyway
                }
            }
        }
    }
}
