package dev.riffle.testkit;

/**
 * Names in {@code deploy/keycloak/riffle-realm.json} (and in drm-license's built-in development issuer, which reads the
 * same file). Passwords follow one rule: {@code <username>-pass}.
 */
public final class RiffleRealm {
    private RiffleRealm() {}

    public static final String REALM = "riffle";
    /** Audience every service requires in {@code aud}. Bearer-only client. */
    public static final String AUDIENCE = "riffle-services";

    /** Confidential client of the origin: client-credentials grant, realm role {@code packager}. */
    public static final String ORIGIN_CLIENT = "riffle-origin";

    public static final String ORIGIN_SECRET = "riffle-origin-secret";
    /** Public client of the peer agent and the operator CLI: device flow, PKCE (S256), and password grant for tests. */
    public static final String AGENT_CLIENT = "riffle-agent";
    /** TEST ONLY: public client whose tokens lack the {@code riffle-services} audience. */
    public static final String OTHER_AUDIENCE_CLIENT = "riffle-test-other-audience";
    /** TEST ONLY: public client (with the audience) whose access tokens live 2 seconds. */
    public static final String SHORT_LIVED_CLIENT = "riffle-test-short-lived";

    /** Users: name, plan, territory, realm role. */
    public record User(String username, String plan, String territory, String role) {
        public String password() {
            return username + "-pass";
        }
    }

    public static final User ALICE = new User("alice", "premium", "FR", "subscriber");
    public static final User BOB = new User("bob", "basic", "DE", "subscriber");
    public static final User CAROL = new User("carol", "standard", "US", "subscriber");
    /** A second premium FR subscriber, kept for stream/device-limit tests so they do not disturb alice. */
    public static final User DAVE = new User("dave", "premium", "FR", "subscriber");
    /** Operator: no plan, no territory. */
    public static final User OLIVIA = new User("olivia", null, null, "operator");
}
