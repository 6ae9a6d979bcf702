package dev.riffle.license.session;

import dev.riffle.license.policy.DenialReason;

/** The answer to opening a session. */
public sealed interface Admission {
    record Opened(Session session) implements Admission {}

    record Refused(DenialReason reason) implements Admission {}
}
