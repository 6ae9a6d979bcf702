package dev.riffle.admin.cli;

import dev.riffle.admin.cli.Command.Auth;
import dev.riffle.admin.cli.Command.Connection;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses {@code ./riffle admin ...} arguments into a {@link Command}. Pure: the environment is passed in and files
 * are not touched (the commands check them when they run, so the error names the file at the moment it matters).
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

    private static final Set<String> CONNECTION_OPTIONS =
            Set.of("--origin", "--token-file", "--user", "--password", "--issuer", "--client");
    private static final Set<String> UPLOAD_OPTIONS = Set.of(
            "--name",
            "--summary",
            "--poster",
            "--subtitles",
            "--plan",
            "--territories",
            "--available-from",
            "--available-until",
            "--resume",
            "--chunk-size");
    private static final Set<String> TITLES_OPTIONS =
            Set.of("--query", "--filter", "--status", "--plan", "--territory", "--page", "--size");
    private static final Set<String> FLAGS = Set.of("--no-wait", "--watch", "--json", "--help", "-h");

    private CommandLine() {}

    public static Command parse(List<String> args, Map<String, String> env) {
        if (args.isEmpty() || Set.of("help", "--help", "-h").contains(args.get(0))) {
            return new Command.Help(Usage.TEXT);
        }
        String verb = args.get(0);
        Parsed p = Parsed.of(args.subList(1, args.size()));
        if (p.flag("--help") || p.flag("-h")) return new Command.Help(Usage.TEXT);
        return switch (verb) {
            case "upload" -> upload(p, env);
            case "jobs", "job" -> jobs(p, env);
            case "titles" -> titles(p, env);
            case "unpublish" -> unpublish(p, env);
            default -> throw new UsageException("unknown command '" + verb + "' (upload, jobs, titles, unpublish)");
        };
    }

    private static Command upload(Parsed p, Map<String, String> env) {
        p.allow(UPLOAD_OPTIONS, Set.of("--no-wait"));
        if (p.positional.size() != 1) throw new UsageException("upload needs exactly one source file");
        String name = p.single("--name").orElse(null);
        Optional<String> resume = p.single("--resume").map(id -> requireId("--resume", id));
        if (resume.isEmpty() && (name == null || name.isBlank())) {
            throw new UsageException("upload needs --name (the title's name)");
        }
        Optional<String> plan = p.single("--plan").map(v -> v.toLowerCase(Locale.ROOT));
        if (plan.isPresent() && !PLANS.contains(plan.get())) {
            throw new UsageException("--plan must be basic, standard or premium, not '" + plan.get() + "'");
        }
        List<String> territories = new ArrayList<>();
        for (String v : p.all("--territories")) {
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
        Map<String, Path> subtitles = new LinkedHashMap<>();
        for (String v : p.all("--subtitles")) {
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
        long chunk = p.single("--chunk-size").map(CommandLine::size).orElse(DEFAULT_CHUNK_BYTES);
        if (chunk < 64 * 1024 || chunk > MAX_CHUNK_BYTES) {
            throw new UsageException("--chunk-size must be between 64K and 64M");
        }
        Command.Metadata meta = new Command.Metadata(
                name == null ? "" : name.strip(),
                p.single("--summary"),
                plan,
                territories,
                p.single("--available-from"),
                p.single("--available-until"));
        return new Command.Upload(
                connection(p, env),
                Path.of(p.positional.get(0)),
                meta,
                p.single("--poster").map(Path::of),
                subtitles,
                resume,
                chunk,
                !p.flag("--no-wait"));
    }

    private static Command jobs(Parsed p, Map<String, String> env) {
        p.allow(Set.of(), Set.of("--watch"));
        if (p.positional.size() != 1) throw new UsageException("jobs needs a job id");
        return new Command.Jobs(connection(p, env), requireId("job id", p.positional.get(0)), p.flag("--watch"));
    }

    private static Command titles(Parsed p, Map<String, String> env) {
        p.allow(TITLES_OPTIONS, Set.of("--json"));
        if (!p.positional.isEmpty()) throw new UsageException("titles takes no arguments, only filters");
        Map<String, String> filters = new LinkedHashMap<>();
        p.single("--query").ifPresent(v -> filters.put("q", v));
        for (String f : p.all("--filter")) {
            // --filter key=value, the origin's query parameter names (q, status, plan, territory)
            int eq = f.indexOf('=');
            String key = eq > 0 ? f.substring(0, eq) : "";
            if (!Set.of("q", "status", "plan", "territory").contains(key)) {
                throw new UsageException("--filter takes q=, status=, plan= or territory=; not '" + f + "'");
            }
            filters.put(key, f.substring(eq + 1));
        }
        p.single("--status").ifPresent(v -> filters.put("status", v));
        p.single("--plan").ifPresent(v -> filters.put("plan", v));
        p.single("--territory").ifPresent(v -> filters.put("territory", v));
        p.single("--page").ifPresent(v -> filters.put("page", Long.toString(number("--page", v))));
        p.single("--size").ifPresent(v -> filters.put("size", Long.toString(number("--size", v))));
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
        return new Command.Titles(connection(p, env), filters, p.flag("--json"));
    }

    private static Command unpublish(Parsed p, Map<String, String> env) {
        p.allow(Set.of(), Set.of());
        if (p.positional.size() != 1) throw new UsageException("unpublish needs a title id");
        return new Command.Unpublish(connection(p, env), requireId("title id", p.positional.get(0)));
    }

    static Connection connection(Parsed p, Map<String, String> env) {
        URI origin = p.single("--origin")
                .or(() -> Optional.ofNullable(env.get("RIFFLE_ORIGIN")))
                .map(v -> url("--origin", v))
                .orElse(DEFAULT_ORIGIN);
        URI issuer = p.single("--issuer")
                .or(() -> Optional.ofNullable(env.get("RIFFLE_ISSUER")))
                .map(v -> url("--issuer", v))
                .orElse(DEFAULT_ISSUER);
        String client = p.single("--client").orElse(DEFAULT_CLIENT);
        Optional<String> tokenFile =
                p.single("--token-file").or(() -> Optional.ofNullable(env.get("RIFFLE_TOKEN_FILE")));
        Optional<String> user = p.single("--user");
        Optional<String> password =
                p.single("--password").or(() -> Optional.ofNullable(env.get("RIFFLE_ADMIN_PASSWORD")));
        if (p.single("--token-file").isPresent() && user.isPresent()) {
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

    /** Options ({@code --k v} or {@code --k=v}, repeatable), flags and positional arguments, in order. */
    static final class Parsed {
        final List<String> positional = new ArrayList<>();
        final Map<String, List<String>> options = new LinkedHashMap<>();
        final List<String> flags = new ArrayList<>();

        static Parsed of(List<String> args) {
            Parsed p = new Parsed();
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (a.equals("--")) {
                    p.positional.addAll(args.subList(i + 1, args.size()));
                    break;
                }
                if (!a.startsWith("-") || a.equals("-")) {
                    p.positional.add(a);
                    continue;
                }
                if (FLAGS.contains(a)) {
                    p.flags.add(a);
                    continue;
                }
                int eq = a.indexOf('=');
                String key = eq > 0 ? a.substring(0, eq) : a;
                String value;
                if (eq > 0) {
                    value = a.substring(eq + 1);
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new UsageException(key + " needs a value");
                }
                p.options.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            }
            return p;
        }

        void allow(Set<String> options, Set<String> flags) {
            for (String k : this.options.keySet()) {
                if (!options.contains(k) && !CONNECTION_OPTIONS.contains(k)) {
                    throw new UsageException("unknown option " + k);
                }
            }
            for (String f : this.flags) {
                if (!flags.contains(f)) throw new UsageException("unknown option " + f);
            }
        }

        boolean flag(String name) {
            return flags.contains(name);
        }

        List<String> all(String key) {
            return options.getOrDefault(key, List.of());
        }

        Optional<String> single(String key) {
            List<String> v = all(key);
            if (v.size() > 1) throw new UsageException(key + " is given " + v.size() + " times; give it once");
            return v.stream().findFirst();
        }

        @Override
        public String toString() {
            return "Parsed" + Arrays.asList(positional, options.keySet(), flags);
        }
    }
}
