package dev.riffle.servicekit.production;

import java.util.List;

/**
 * Credentials anyone can read in {@code deploy/keycloak/riffle-realm.json}: the realm's test users with their
 * passwords, the public clients that may sign them in with a password, and the confidential client whose secret is
 * in the file. A production realm must have none of them ({@code helm/README.md}, production checklist);
 * {@code PublishedCredentialsTest} keeps this list equal to the file.
 */
public final class PublishedCredentials {
    private PublishedCredentials() {}

    public record User(String username, String password) {}

    public static final List<User> TEST_USERS = List.of(
            new User("alice", "alice-pass"),
            new User("bob", "bob-pass"),
            new User("carol", "carol-pass"),
            new User("dave", "dave-pass"),
            new User("olivia", "olivia-pass"));

    /** Public clients of the file with direct-access (password) grants. */
    public static final List<String> PASSWORD_CLIENTS =
            List.of("riffle-agent", "riffle-test-other-audience", "riffle-test-short-lived");

    public static final String ORIGIN_CLIENT = "riffle-origin";
    public static final String ORIGIN_SECRET = "riffle-origin-secret";
}
