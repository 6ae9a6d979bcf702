package dev.riffle.agent.login;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/** {@code ./riffle agent login} and {@code logout}. Prints the user code and where to enter it; never a token. */
public final class LoginMain {
    private LoginMain() {}

    /** Exit status: 0 signed in, 1 sign-in failed, 2 bad flags. */
    public static int login(List<String> args, Path home, PrintStream out, PrintStream err) {
        Optional<LoginOptions> parsed;
        try {
            parsed = LoginOptions.parse(args, home);
        } catch (IllegalArgumentException e) {
            err.println("riffle agent login: " + e.getMessage());
            err.print(LoginOptions.USAGE);
            return 2;
        }
        if (parsed.isEmpty()) {
            out.print(LoginOptions.USAGE);
            return 0;
        }
        LoginOptions o = parsed.get();
        TokenStore store = new TokenStore(o.configDir());
        OidcClient oidc = new OidcClient(o.issuer(), o.clientId(), InstantSource.system(), Duration.ofSeconds(10));
        try {
            TokenSet t = new DeviceLogin(oidc, store, InstantSource.system(), d -> Thread.sleep(d.toMillis()))
                    .run(o.scope(), a -> {
                        out.println("To sign in, open " + a.verificationUri() + " and enter the code " + a.userCode());
                        a.verificationUriComplete().ifPresent(u -> out.println("(or open " + u + ")"));
                        out.println("Waiting for approval (the code expires in "
                                + a.expiresIn().toMinutes() + " min)...");
                        out.flush();
                    });
            out.println("Signed in. Tokens saved to " + store.file() + " (owner-only); access token valid until "
                    + t.accessExpiresAt() + (t.refreshToken().isPresent() ? ", refreshed by the agent." : "."));
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("riffle agent login: interrupted");
            return 1;
        } catch (Exception e) {
            err.println("riffle agent login: " + e.getMessage());
            return 1;
        }
    }

    public static int logout(List<String> args, Path home, PrintStream out, PrintStream err) {
        Path dir = LoginOptions.defaultConfigDir(home);
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--config-dir") && i + 1 < args.size()) dir = Path.of(args.get(++i));
            else if (args.get(i).startsWith("--config-dir="))
                dir = Path.of(args.get(i).substring(13));
            else {
                err.println("riffle agent logout: unknown flag " + args.get(i));
                return 2;
            }
        }
        try {
            boolean had = new TokenStore(dir).delete();
            out.println(had ? "Signed out (tokens deleted)." : "Not signed in.");
            return 0;
        } catch (Exception e) {
            err.println("riffle agent logout: " + e.getMessage());
            return 1;
        }
    }
}
