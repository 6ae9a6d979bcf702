package dev.riffle.sim.cli;

import dev.riffle.sim.report.Plots;
import dev.riffle.sim.report.Reports;
import dev.riffle.sim.run.Simulation;
import dev.riffle.sim.scenario.Scenario;
import dev.riffle.sim.scenario.ScenarioException;
import dev.riffle.sim.scenario.Scenarios;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./riffle simulate}: runs a scenario with P2P and CDN-only, prints the figures, writes what was asked. */
@Command(
        name = "riffle simulate",
        mixinStandardHelpOptions = true,
        description = {
            "Simulates an audience through the agent's scheduler and the tracker's peer ranking, twice: with P2P and"
                    + " CDN-only. Prints offload, CDN egress, intra-ISP share, stalls and startup.",
            "Scenarios: vod-catalogue, live-final, small-isp, or a JSON file (see docs/simulation.md)."
        })
public final class SimulateMain implements Callable<Integer> {

    @Parameters(
            index = "0",
            paramLabel = "SCENARIO",
            description = "vod-catalogue, live-final, small-isp or a .json file")
    String scenario;

    @Option(names = "--viewers", paramLabel = "N", description = "viewers (default: the scenario's)")
    Integer viewers;

    @Option(names = "--seed", paramLabel = "S", description = "random seed (default: the scenario's)")
    Long seed;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "simulated seconds (default: the scenario's)")
    Integer duration;

    @Option(
            names = "--seed-after-watch",
            paramLabel = "SECONDS",
            description = "viewers stay in the swarm this long after watching, 0 = off (default: the scenario's)")
    Integer seedAfterWatch;

    @Option(
            names = "--cache-mb",
            paramLabel = "MB",
            description = "each agent's segment cache in megabytes (default: the scenario's)")
    Integer cacheMb;

    @Option(names = "--json", paramLabel = "FILE", description = "write the summary as JSON")
    Path json;

    @Option(names = "--csv", paramLabel = "DIR", description = "write timeseries.csv and popularity.csv")
    Path csv;

    @Option(names = "--plots", paramLabel = "DIR", description = "write PNG plots")
    Path plots;

    @Option(names = "--no-progress", description = "no progress bar on stderr")
    boolean noProgress;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        var cmd = new CommandLine(new SimulateMain());
        cmd.setParameterExceptionHandler((e, a) -> {
            System.err.println("riffle simulate: " + e.getMessage() + " (see --help)");
            return 2;
        });
        cmd.setExecutionExceptionHandler((e, c, p) -> {
            if (e instanceof ScenarioException || e instanceof IllegalArgumentException) {
                System.err.println("riffle simulate: " + e.getMessage());
                return 2;
            }
            if (e instanceof IOException) {
                System.err.println("riffle simulate: cannot write output: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return cmd.execute(args);
    }

    @Override
    public Integer call() throws IOException {
        Scenario s = Scenarios.load(scenario);
        s = s.withRun(
                viewers != null ? viewers : s.viewers(),
                seed != null ? seed : s.seed(),
                duration != null ? duration : s.durationSeconds());
        var agents = s.agents();
        if (seedAfterWatch != null) agents = agents.withSeedAfterWatchSeconds(seedAfterWatch);
        if (cacheMb != null) agents = agents.withCacheMegabytes(cacheMb);
        s = s.withAgents(agents);
        Simulation.Outcome outcome;
        if (noProgress) {
            outcome = Simulation.run(s, t -> {});
        } else {
            try (ProgressBar bar = new ProgressBarBuilder()
                    .setTaskName(s.name())
                    .setInitialMax(s.durationSeconds())
                    .setUnit(" sim s", 1)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                    .build()) {
                outcome = Simulation.run(s, t -> bar.stepTo(t / 1000));
            }
        }
        var out = new PrintWriter(System.out, true);
        out.print(Reports.text(outcome));
        if (json != null) Reports.writeJson(outcome, json);
        if (csv != null) Reports.writeCsv(outcome, csv);
        if (plots != null) Plots.write(outcome, plots);
        out.flush();
        return 0;
    }
}
