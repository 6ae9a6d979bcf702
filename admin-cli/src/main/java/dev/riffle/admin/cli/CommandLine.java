package dev.riffle.admin.cli;

import dev.riffle.admin.cli.Command.Auth;
import dev.riffle.admin.cli.Command.Connection;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns {@code ./riffle admin ...} arguments into a {@link Command}: picocli parses them against {@link AdminSpec}
 * (and writes the usage), this class checks the values and applies the defaults. Pure: the environment is passed in and
 * files are not touched (the commands check them when they run, so the error names the file at the moment it
 * matters).
 */
public final class CommandLine {
    public static final URI DEFAULT_ORIGIN = URI.create("http://127.0.0.1:8081");
    public static final URI DEFAULT_ISSUER = URI.create("http://127.0.0.1:8082/dev-idp");
    public static final String DEFAULT_CLIENT = "riffle-agent";
    /** The single-machine default's operator (deploy/keycloak/riffle-realm.json, served by the dev issuer). */
    public static final String DEV_USER = "olivia";

    public static final String DEV_PASSWORD = "olivia-pass";
    public static final long DEFAULT_CHUNK_BYTES = 8L << 20;
    /** The origin refuses larger requests (riffle.origin.upload.max-chunk-bytes). */
    public static final long MAX_CHUNK_BYTES = 64L << 20;

    private static final Set<String> PLANS = Set.of("basic", "standard", "premium");
    private static final Set<String> STATUSES = Set.of("draft", "processing", "published", "unpublished", "failed");
    private static final Pattern TERRITORY = Pattern.compile("[A-Z]{2}");
    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern SIZE = Pattern.compile("(\\d+)([KkMm]i?[Bb]?)?");

    private CommandLine() {}

    public static Command parse(List<String> args, Map<String, String> env) {
        picocli.CommandLine cli = new picocli.CommandLine(new AdminSpec());
        ParseResult parsed;
        try {
            parsed = cli.parseArgs(args.toArray(String[]::new));
        } catch (UnmatchedArgumentException e) {
            if (e.getCommandLine() == cli
                    && !e.getUnmatched().isEmpty()
                    && !e.getUnmatched().get(0).startsWith("-")) {
                throw new UsageException(
                        "unknown command '" + e.getUnmatched().get(0) + "' (upload, jobs, titles, unpublish, live)");
            }
            throw new UsageException(e.getMessage());
        } catch (ParameterException e) {
            throw new UsageException(e.getMessage());
        }
        ParseResult sub = parsed.subcommand();
        if (sub == null || parsed.isUsageHelpRequested()) return new Command.Help(cli.getUsageMessage());
        if (sub.isUsageHelpRequested())
            return new Command.Help(sub.commandSpec().commandLine().getUsageMessage());
        Object given = sub.commandSpec().userObject();
        if (given instanceof AdminSpec.Upload u) return upload(u, env);
        if (given instanceof AdminSpec.Jobs j) return jobs(j, env);
        if (given instanceof AdminSpec.Titles t) return titles(t, env);
        if (given instanceof AdminSpec.Unpublish u) return unpublish(u, env);
        if (given instanceof AdminSpec.Live l) return live(l, env);
        // `help [COMMAND]`
        List<String> topic = sub.matchedPositionals().isEmpty()
                ? List.of()
                : sub.matchedPositional(0).stringValues();
        picocli.CommandLine about = topic.isEmpty() ? cli : cli.getSubcommands().get(topic.get(0));
        if (about == null)
            throw new UsageException("no help on '" + topic.get(0) + "' (upload, jobs, titles, unpublish, live)");
        return new Command.Help(about.getUsageMessage());
    }

    private static Command upload(AdminSpec.Upload a, Map<String, String> env) {
        Optional<String> resume = Optional.ofNullable(a.resume).map(id -> requireId("--resume", id));
        if (resume.isEmpty() && (a.name == null || a.name.isBlank())) {
            throw new UsageException("upload needs --name (the title's name)");
        }
        Optional<String> plan = plan(a.plan);
        List<String> territories = territories(a.territories);
        Map<String, Path> subtitles = new LinkedHashMap<>();
        for (String v : a.subtitles) {
            int eq = v.indexOf('=');
            if (eq <= 0 || eq == v.length() - 1) {
                throw new UsageException(
                        "--subtitles takes LANG=FILE.vtt, e.g. --subtitles en=en.vtt; not '" + v + "'");
            }
            String lang = v.substring(0, eq);
            if (!LANGUAGE.matcher(lang).matches()) {
                throw new UsageException("'" + lang + "' is not a language tag like en or pt-BR");
            }
            if (subtitles.put(lang, Path.of(v.substring(eq + 1))) != null) {
                throw new UsageException("--subtitles " + lang + " is given twice");
            }
        }
        long chunk = Optional.ofNullable(a.chunkSize).map(CommandLine::size).orElse(DEFAULT_CHUNK_BYTES);
        if (chunk < 64 * 1024 || chunk > MAX_CHUNK_BYTES) {
            throw new UsageException("--chunk-size must be between 64K and 64M");
        }
        Command.Metadata meta = new Command.Metadata(
                a.name == null ? "" : a.name.strip(),
                Optional.ofNullable(a.summary),
                plan,
                territories,
                Optional.ofNullable(a.availableFrom),
                Optional.ofNullable(a.availableUntil));
        return new Command.Upload(
                connection(a.connection, env),
                Path.of(a.file),
                meta,
                Optional.ofNullable(a.poster).map(Path::of),
                subtitles,
                resume,
                chunk,
                !a.noWait);
    }

    private static Optional<String> plan(String given) {
        Optional<String> plan = Optional.ofNullable(given).map(v -> v.toLowerCase(Locale.ROOT));
        if (plan.isPresent() && !PLANS.contains(plan.get())) {
            throw new UsageException("--plan must be basic, standard or premium, not '" + plan.get() + "'");
        }
        return plan;
    }

    private static List<String> territories(List<String> given) {
        List<String> territories = new ArrayList<>();
        for (String v : given) {
            for (String t : v.split(",")) {
                String code = t.strip().toUpperCase(Locale.ROOT);
                if (code.isEmpty()) continue;
                if (!TERRITORY.matcher(code).matches()) {
                    throw new UsageException(
                            "--territories takes ISO 3166-1 alpha-2 codes like FR,DE; not '" + t + "'");
                }
                if (!territories.contains(code)) territories.add(code);
            }
        }
        return territories;
    }

    private static Command live(AdminSpec.Live a, Map<String, String> env) {
        Command.Connection c = connection(a.connection, env);
        boolean createOnly = a.name != null
                || a.summary != null
                || a.plan != null
                || !a.territories.isEmpty()
                || a.dvr != null
                || a.ladder != null;
        switch (a.action) {
            case "create" -> {
                if (a.id != null) throw new UsageException("live create takes no channel id (the origin makes one)");
                if (a.name == null || a.name.isBlank()) throw new UsageException("live create needs --name");
                Optional<Long> dvr = Optional.ofNullable(a.dvr).map(CommandLine::seconds);
                List<String> ladder =
                        a.ladder == null ? List.of() : List.of(a.ladder.strip().split("\\s*,\\s*"));
                for (String rung : ladder) {
                    if (!rung.equals("source") && !rung.matches("[a-z0-9]{1,16}:\\d{2,4}:\\d{2,6}")) {
                        throw new UsageException(
                                "--ladder takes source or name:height:kbps rungs like 720p:720:2800; not '" + rung
                                        + "'");
                    }
                }
                var meta = new Command.Metadata(
                        a.name.strip(),
                        Optional.ofNullable(a.summary),
                        plan(a.plan),
                        territories(a.territories),
                        Optional.empty(),
                        Optional.empty());
                return new Command.LiveCreate(c, meta, dvr, ladder, a.json);
            }
            case "status", "stop" -> {
                if (createOnly)
                    throw new UsageException(
                            "--name, --summary, --plan, --territories, --dvr and --ladder" + " are for live create");
                if (a.action.equals("status")) {
                    return new Command.LiveStatus(
                            c, Optional.ofNullable(a.id).map(id -> requireId("channel id", id)), a.json);
                }
                if (a.id == null) throw new UsageException("live stop needs the channel id");
                return new Command.LiveStop(c, requireId("channel id", a.id), a.json);
            }
            default -> throw new UsageException("live takes create, status or stop; not '" + a.action + "'");
        }
    }

    /** {@code 90s}, {@code 2m}, {@code 1h} or plain seconds. */
    private static long seconds(String v) {
        var m = Pattern.compile("(\\d{1,6})([smh]?)").matcher(v.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) throw new UsageException("--dvr takes a duration like 90s, 2m or 1h; not '" + v + "'");
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> n * 60;
            case "h" -> n * 3600;
            default -> n;
        };
    }

    private static Command jobs(AdminSpec.Jobs a, Map<String, String> env) {
        return new Command.Jobs(connection(a.connection, env), requireId("job id", a.id), a.watch);
    }

    private static Command titles(AdminSpec.Titles a, Map<String, String> env) {
        if (!a.unexpected.isEmpty()) throw new UsageException("titles takes no arguments, only filters");
        Map<String, String> filters = new LinkedHashMap<>();
        if (a.query != null) filters.put("q", a.query);
        for (String f : a.filters) {
            // --filter key=value, the origin's query parameter names (q, status, plan, territory)
            int eq = f.indexOf('=');
            String key = eq > 0 ? f.substring(0, eq) : "";
            if (!Set.of("q", "status", "plan", "territory").contains(key)) {
                throw new UsageException("--filter takes q=, status=, plan= or territory=; not '" + f + "'");
            }
            filters.put(key, f.substring(eq + 1));
        }
        if (a.status != null) filters.put("status", a.status);
        if (a.plan != null) filters.put("plan", a.plan);
        if (a.territory != null) filters.put("territory", a.territory);
        if (a.page != null) filters.put("page", Long.toString(number("--page", a.page)));
        if (a.size != null) filters.put("size", Long.toString(number("--size", a.size)));
        if (filters.containsKey("status") && !STATUSES.contains(filters.get("status"))) {
            throw new UsageException("status must be one of " + String.join(", ", sorted(STATUSES)));
        }
        if (filters.containsKey("plan") && !PLANS.contains(filters.get("plan"))) {
            throw new UsageException("plan must be basic, standard or premium");
        }
        if (filters.containsKey("territory")) {
            String t = filters.get("territory").toUpperCase(Locale.ROOT);
            if (!TERRITORY.matcher(t).matches()) throw new UsageException("territory must be like FR");
            filters.put("territory", t);
        }
        return new Command.Titles(connection(a.connection, env), filters, a.json);
    }

    private static Command unpublish(AdminSpec.Unpublish a, Map<String, String> env) {
        return new Command.Unpublish(connection(a.connection, env), requireId("title id", a.id));
    }

    static Connection connection(AdminSpec.Connection c, Map<String, String> env) {
        URI origin = Optional.ofNullable(c.origin)
                .or(() -> Optional.ofNullable(env.get("RIFFLE_ORIGIN")))
                .map(v -> url("--origin", v))
                .orElse(DEFAULT_ORIGIN);
        URI issuer = Optional.ofNullable(c.issuer)
                .or(() -> Optional.ofNullable(env.get("RIFFLE_ISSUER")))
                .map(v -> url("--issuer", v))
                .orElse(DEFAULT_ISSUER);
        String client = Optional.ofNullable(c.client).orElse(DEFAULT_CLIENT);
        Optional<String> tokenFile =
                Optional.ofNullable(c.tokenFile).or(() -> Optional.ofNullable(env.get("RIFFLE_TOKEN_FILE")));
        Optional<String> user = Optional.ofNullable(c.user);
        Optional<String> password =
                Optional.ofNullable(c.password).or(() -> Optional.ofNullable(env.get("RIFFLE_ADMIN_PASSWORD")));
        if (c.tokenFile != null && user.isPresent()) {
            throw new UsageException("give either --token-file or --user/--password, not both");
        }
        Auth auth;
        if (user.isPresent()) {
            if (password.isEmpty()) {
                throw new UsageException("--user needs --password (or RIFFLE_ADMIN_PASSWORD in the environment)");
            }
            auth = new Auth.Password(issuer, client, user.get(), password.get());
        } else if (tokenFile.isPresent()) {
            auth = new Auth.TokenFile(Path.of(tokenFile.get()));
        } else {
            // Single-machine default: drm-license's dev issuer and its operator account.
            auth = new Auth.Password(issuer, client, DEV_USER, password.orElse(DEV_PASSWORD));
        }
        return new Connection(origin, auth);
    }

    static long size(String v) {
        var m = SIZE.matcher(v.strip());
        if (!m.matches()) throw new UsageException("'" + v + "' is not a size like 8M or 512K");
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new UsageException("'" + v + "' is too large");
        }
        String unit = m.group(2) == null ? "" : m.group(2).substring(0, 1).toUpperCase(Locale.ROOT);
        int shift = unit.equals("K") ? 10 : unit.equals("M") ? 20 : 0;
        if (n > (Long.MAX_VALUE >> shift)) throw new UsageException("'" + v + "' is too large");
        return n << shift;
    }

    private static long number(String option, String v) {
        try {
            long n = Long.parseLong(v);
            if (n < 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " takes a whole number, not '" + v + "'");
        }
    }

    private static String requireId(String what, String v) {
        if (!ID.matcher(v).matches()) throw new UsageException("'" + v + "' is not a valid " + what);
        return v;
    }

    private static URI url(String option, String v) {
        try {
            URI u = new URI(v.replaceAll("/+$", ""));
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                throw new URISyntaxException(v, "not an http(s) URL");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new UsageException(option + " needs an http(s) URL like http://127.0.0.1:8081, not '" + v + "'");
        }
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }
}
