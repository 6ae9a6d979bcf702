package dev.riffle.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riffle.admin.cli.Command;
import dev.riffle.admin.cli.CommandLine;
import dev.riffle.admin.cli.UsageException;
import dev.riffle.admin.origin.CliException;
import dev.riffle.admin.origin.OriginClient;
import dev.riffle.admin.origin.TokenSource;
import dev.riffle.admin.progress.ProgressDisplay;
import dev.riffle.admin.upload.JobWatcher;
import dev.riffle.admin.upload.ResumePolicy;
import dev.riffle.admin.upload.Uploader;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** {@code ./riffle admin ...}: operator tools for the terminal. Exit 0 done, 1 failed, 2 bad command line. */
public final class AdminMain {
    private final PrintStream out;
    private final PrintStream err;
    private final boolean interactive;
    private final ResumePolicy policy;

    public AdminMain(PrintStream out, PrintStream err, boolean interactive, ResumePolicy policy) {
        this.out = out;
        this.err = err;
        this.interactive = interactive;
        this.policy = policy;
    }

    public static void main(String[] args) {
        int code = new AdminMain(System.out, System.err, System.console() != null, ResumePolicy.standard())
                .run(Arrays.asList(args), System.getenv());
        System.exit(code);
    }

    public int run(List<String> args, Map<String, String> env) {
        Command cmd;
        try {
            cmd = CommandLine.parse(args, env);
        } catch (UsageException e) {
            err.println("riffle admin: " + e.getMessage());
            err.println("see ./riffle admin help");
            return 2;
        }
        if (cmd instanceof Command.Help h) {
            out.print(h.text());
            return 0;
        }
        ProgressDisplay progress = new ProgressDisplay(err, interactive);
        try {
            execute(cmd, progress);
            return 0;
        } catch (CliException e) {
            progress.done();
            err.println("riffle admin: " + e.getMessage());
            return 1;
        }
    }

    private void execute(Command cmd, ProgressDisplay progress) {
        ObjectMapper json = new ObjectMapper();
        // HTTP/1.1: uploads are long streamed bodies; no h2c upgrade dance on plain http.
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        if (cmd instanceof Command.Upload u) {
            new Uploader(client(u.connection(), http, json), progress, out, policy).run(u);
        } else if (cmd instanceof Command.Jobs j) {
            OriginClient origin = client(j.connection(), http, json);
            JsonNode job = j.watch() ? new JobWatcher(origin, progress).follow(j.jobId()) : origin.job(j.jobId());
            out.println(job.toPrettyString());
            if (j.watch() && job.path("state").asText().equals("failed")) {
                throw new CliException("ingest failed: " + job.path("failure").asText());
            }
        } else if (cmd instanceof Command.Titles t) {
            JsonNode page = client(t.connection(), http, json).titles(t.filters());
            if (t.json()) {
                out.println(page.toPrettyString());
            } else {
                TitleTable.print(page, out);
            }
        } else if (cmd instanceof Command.LiveCreate l) {
            JsonNode ch = client(l.connection(), http, json).createLive(l.metadata(), l.dvrSeconds(), l.ladder());
            if (l.json()) {
                out.println(ch.toPrettyString());
            } else {
                LiveText.created(ch).forEach(out::println);
            }
        } else if (cmd instanceof Command.LiveStatus l) {
            OriginClient origin = client(l.connection(), http, json);
            JsonNode answer =
                    l.channelId().isPresent() ? origin.live(l.channelId().get()) : origin.liveChannels();
            if (l.json()) {
                out.println(answer.toPrettyString());
            } else {
                LiveText.table(
                                answer.isArray()
                                        ? answer
                                        : json.createArrayNode().add(answer))
                        .forEach(out::println);
            }
        } else if (cmd instanceof Command.LiveStop l) {
            JsonNode ch = client(l.connection(), http, json).stopLive(l.channelId());
            if (l.json()) {
                out.println(ch.toPrettyString());
            } else {
                out.println("channel " + ch.path("id").asText() + " is "
                        + ch.path("state").asText());
            }
        } else if (cmd instanceof Command.Unpublish u) {
            JsonNode title = client(u.connection(), http, json).unpublish(u.titleId());
            out.println("title " + title.path("id").asText() + " is "
                    + title.path("status").asText());
        }
    }

    private static OriginClient client(Command.Connection c, HttpClient http, ObjectMapper json) {
        return new OriginClient(http, c.origin(), TokenSource.of(c.auth(), http, json), json);
    }
}
