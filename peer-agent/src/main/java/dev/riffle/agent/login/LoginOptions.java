package dev.riffle.agent.login;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The {@code ./riffle agent login} flags. Pure.
 *
 * @param issuer OIDC issuer: drm-license's development issuer by default, or a Keycloak realm
 * @param configDir where {@code tokens.json} goes (0700 / 0600)
 */
public record LoginOptions(URI issuer, String clientId, Path configDir, String scope) {
    public static final String USAGE = """
            Usage: ./riffle agent login [options]

            Signs the subscriber in with the OAuth 2.0 device grant: prints a code and a page to approve it on,
            waits for the approval, stores the tokens (owner-only) for ./riffle agent, which keeps them refreshed.

              --issuer URL       OIDC issuer  (default http://127.0.0.1:8082/dev-idp; Keycloak: .../realms/riffle)
              --client ID        public client (default riffle-agent)
              --config-dir DIR   where tokens.json is kept (default ~/.riffle/agent)
              --scope S          scopes to ask for (default openid)
              --help             this text

            ./riffle agent logout [--config-dir DIR] deletes the stored tokens.
            """;

    public static Path defaultConfigDir(Path home) {
        return home.resolve(".riffle").resolve("agent");
    }

    /** Empty for {@code --help}; throws {@link IllegalArgumentException} with a message for bad flags. */
    public static Optional<LoginOptions> parse(List<String> args, Path home) {
        URI issuer = URI.create("http://127.0.0.1:8082/dev-idp");
        String client = "riffle-agent", scope = "openid";
        Path dir = defaultConfigDir(home);
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            if (flag.equals("--help") || flag.equals("-h")) return Optional.empty();
            String value;
            int eq = flag.indexOf('=');
            if (flag.startsWith("--") && eq > 0) {
                value = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
            } else {
                if (i + 1 >= args.size()) throw new IllegalArgumentException(flag + " needs a value");
                value = args.get(++i);
            }
            switch (flag) {
                case "--issuer" -> issuer = issuer(value);
                case "--client" -> {
                    if (!value.matches("[A-Za-z0-9._-]{1,128}")) throw new IllegalArgumentException("bad --client");
                    client = value;
                }
                case "--config-dir" -> dir = Path.of(value);
                case "--scope" -> scope = value;
                default -> throw new IllegalArgumentException("unknown flag " + flag);
            }
        }
        return Optional.of(new LoginOptions(issuer, client, dir, scope));
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
