package dev.riffle.admin.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The command line of {@code ./riffle admin} as picocli declares it: names, values and help text, from which picocli
 * parses and writes the usage. {@link CommandLine} turns what was given into a {@link Command} and checks the values.
 */
@picocli.CommandLine.Command(
        name = "./riffle admin",
        synopsisSubcommandLabel = "<command>",
        usageHelpWidth = 110,
        usageHelpAutoWidth = true,
        description = "Operator tools: publish titles, follow their ingest, manage the catalogue and live channels.",
        subcommands = {
            AdminSpec.Upload.class,
            AdminSpec.Jobs.class,
            AdminSpec.Titles.class,
            AdminSpec.Unpublish.class,
            AdminSpec.Live.class,
            picocli.CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "Without --token-file or --user every command signs in as the single-machine default's operator (olivia)"
                    + " at the dev issuer. `./riffle admin <command> --help` lists a command's options.",
            "Exit codes: 0 done, 1 failed (the message says why), 2 bad command line."
        })
final class AdminSpec {
    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "This text.")
    boolean help;

    /** How every command reaches the origin and signs in. */
    static final class Connection {
        @Option(
                names = "--origin",
                paramLabel = "URL",
                description = "origin-server (default http://127.0.0.1:8081, or $RIFFLE_ORIGIN)")
        String origin;

        @Option(
                names = "--token-file",
                paramLabel = "FILE",
                description = "an operator access token in a file (or $RIFFLE_TOKEN_FILE)")
        String tokenFile;

        @Option(names = "--user", paramLabel = "U", description = "sign in with the password grant as U")
        String user;

        @Option(
                names = "--password",
                paramLabel = "P",
                description = "the password for --user (or $RIFFLE_ADMIN_PASSWORD)")
        String password;

        @Option(
                names = "--issuer",
                paramLabel = "URL",
                description = "OIDC issuer for --user (default http://127.0.0.1:8082/dev-idp, or $RIFFLE_ISSUER)")
        String issuer;

        @Option(names = "--client", paramLabel = "ID", description = "OIDC client for --user (default riffle-agent)")
        String client;

        @Option(
                names = {"-h", "--help"},
                usageHelp = true,
                description = "This text.")
        boolean help;
    }

    @picocli.CommandLine.Command(
            name = "upload",
            description = {
                "Create a title, send its poster and subtitles, upload FILE (resuming after a dropped connection from"
                        + " the origin's offset), then follow the ingest until it is published.",
                "With --resume JOB_ID: continue an upload started earlier from the origin's offset."
            })
    static final class Upload {
        @Mixin
        Connection connection;

        @Parameters(paramLabel = "FILE", arity = "1", description = "the source media file")
        String file;

        @Option(names = "--name", paramLabel = "NAME", description = "the title's name (needed unless --resume)")
        String name;

        @Option(names = "--summary", paramLabel = "TEXT", description = "a short description")
        String summary;

        @Option(names = "--poster", paramLabel = "IMAGE", description = "a poster image (JPEG, PNG or WebP)")
        String poster;

        @Option(
                names = "--subtitles",
                paramLabel = "LANG=FILE.vtt",
                description = "a subtitle track, e.g. en=en.vtt; repeatable")
        List<String> subtitles = new ArrayList<>();

        @Option(names = "--plan", paramLabel = "basic|standard|premium", description = "the plan a viewer needs")
        String plan;

        @Option(
                names = "--territories",
                paramLabel = "CODES",
                description = "where it may be watched: ISO 3166-1 alpha-2 codes, e.g. FR,DE")
        List<String> territories = new ArrayList<>();

        @Option(names = "--available-from", paramLabel = "RFC3339", description = "not watchable before")
        String availableFrom;

        @Option(names = "--available-until", paramLabel = "RFC3339", description = "not watchable after")
        String availableUntil;

        @Option(names = "--resume", paramLabel = "JOB_ID", description = "continue this job's upload")
        String resume;

        @Option(names = "--chunk-size", paramLabel = "SIZE", description = "bytes per request, 64K-64M (default 8M)")
        String chunkSize;

        @Option(names = "--no-wait", description = "stop once the upload is done; do not follow the ingest")
        boolean noWait;
    }

    @picocli.CommandLine.Command(
            name = "jobs",
            aliases = "job",
            description = "Show an ingest job; --watch follows it with a progress bar until it ends.")
    static final class Jobs {
        @Mixin
        Connection connection;

        @Parameters(paramLabel = "JOB_ID", arity = "1")
        String id;

        @Option(names = "--watch", description = "follow the job until it ends")
        boolean watch;
    }

    @picocli.CommandLine.Command(name = "titles", description = "List the catalogue (operators see every status).")
    static final class Titles {
        @Mixin
        Connection connection;

        @Parameters(hidden = true)
        List<String> unexpected = new ArrayList<>();

        @Option(names = "--query", paramLabel = "TEXT", description = "words in the name or summary")
        String query;

        @Option(
                names = "--filter",
                paramLabel = "key=value",
                description = "the origin's query parameters: q, status, plan, territory; repeatable")
        List<String> filters = new ArrayList<>();

        @Option(names = "--status", paramLabel = "S", description = "draft, processing, published, unpublished, failed")
        String status;

        @Option(names = "--plan", paramLabel = "P", description = "basic, standard or premium")
        String plan;

        @Option(names = "--territory", paramLabel = "T", description = "watchable there, e.g. FR")
        String territory;

        @Option(names = "--page", paramLabel = "N", description = "page number, from 0")
        String page;

        @Option(names = "--size", paramLabel = "N", description = "titles per page")
        String size;

        @Option(names = "--json", description = "the origin's JSON instead of a table")
        boolean json;
    }

    @picocli.CommandLine.Command(
            name = "unpublish",
            description = "Take a title off the edge and the public catalogue.")
    static final class Unpublish {
        @Mixin
        Connection connection;

        @Parameters(paramLabel = "TITLE_ID", arity = "1")
        String id;
    }

    @picocli.CommandLine.Command(
            name = "live",
            description = {
                "Live channels. create: a new channel; prints its ingest URL and stream key (shown only once) and the"
                        + " ffmpeg command that pushes to it. status [CHANNEL_ID]: one channel, or all of them. stop"
                        + " CHANNEL_ID: end the event (the pusher is cut off; the last segment is final)."
            })
    static final class Live {
        @Mixin
        Connection connection;

        @Parameters(index = "0", paramLabel = "create|status|stop", description = "what to do")
        String action;

        @Parameters(index = "1", arity = "0..1", paramLabel = "CHANNEL_ID", description = "for status and stop")
        String id;

        @Option(names = "--name", paramLabel = "NAME", description = "create: the channel's name")
        String name;

        @Option(names = "--summary", paramLabel = "TEXT", description = "create: a short description")
        String summary;

        @Option(
                names = "--plan",
                paramLabel = "basic|standard|premium",
                description = "create: the plan a viewer needs")
        String plan;

        @Option(
                names = "--territories",
                paramLabel = "CODES",
                description = "create: where it may be watched, ISO 3166-1 alpha-2 codes, e.g. FR,DE")
        List<String> territories = new ArrayList<>();

        @Option(
                names = "--dvr",
                paramLabel = "DURATION",
                description = "create: how far back viewers can go, e.g. 90s, 2m, 1h (default: the origin's, 2m)")
        String dvr;

        @Option(
                names = "--ladder",
                paramLabel = "RUNGS",
                description = "create: source (pass the push through), or name:height:kbps,... to re-encode")
        String ladder;

        @Option(names = "--json", description = "the origin's JSON instead of text")
        boolean json;
    }
}
