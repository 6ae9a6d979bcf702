package dev.riffle.agent.login;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The {@code ./riffle agent login} flags, parsed by picocli. Pure.
 *
 * @param issuer OIDC issuer: drm-license's development issuer by default, or a Keycloak realm
 * @param configDir where {@code tokens.json} goes (0700 / 0600)
 */
public record LoginOptions(URI issuer, String clientId, Path configDir, String scope) {
    /** The usage text, written by picocli from {@link Flags}. */
    public static final String USAGE = new CommandLine(new Flags()).getUsageMessage();

    /** The flags as picocli declares them; {@link #parse} checks the values. */
    @Command(
            name = "./riffle agent login",
            usageHelpWidth = 110,
            description = {
                "Signs the subscriber in with the OAuth 2.0 device grant: prints a code and a page to approve it on,"
                        + " waits for the approval, stores the tokens (owner-only) for ./riffle agent, which keeps"
                        + " them refreshed."
            },
            footer = {"", "./riffle agent logout [--config-dir DIR] deletes the stored tokens."})
    static final class Flags {
        @Option(
                names = "--issuer",
                paramLabel = "URL",
                description = "OIDC issuer (default http://127.0.0.1:8082/dev-idp; Keycloak: .../realms/riffle)")
        String issuer = "http://127.0.0.1:8082/dev-idp";

        @Option(names = "--client", paramLabel = "ID", description = "public client (default riffle-agent)")
        String client = "riffle-agent";

        @Option(
                names = "--config-dir",
                paramLabel = "DIR",
                description = "where tokens.json is kept (default ~/.riffle/agent)")
        String configDir;

        @Option(names = "--scope", paramLabel = "S", description = "scopes to ask for (default openid)")
        String scope = "openid";

        @Option(
                names = {"-h", "--help"},
                usageHelp = true,
                description = "This text.")
        boolean help;
    }

    public static Path defaultConfigDir(Path home) {
        return home.resolve(".riffle").resolve("agent");
    }

    /** Empty for {@code --help}; throws {@link IllegalArgumentException} with a message for bad flags. */
    public static Optional<LoginOptions> parse(List<String> args, Path home) {
        Flags f = new Flags();
        CommandLine cli = new CommandLine(f);
        try {
            cli.parseArgs(args.toArray(String[]::new));
        } catch (ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (cli.isUsageHelpRequested()) return Optional.empty();
        if (!f.client.matches("[A-Za-z0-9._-]{1,128}")) throw new IllegalArgumentException("bad --client");
        return Optional.of(new LoginOptions(
                issuer(f.issuer),
                f.client,
                f.configDir == null ? defaultConfigDir(home) : Path.of(f.configDir),
                f.scope));
    }

    private static URI issuer(String value) {
        try {
            URI u = URI.create(value);
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                throw new IllegalArgumentException("--issuer must be an http(s) URL: " + value);
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--issuer must be an http(s) URL: " + value);
        }
    }
}
