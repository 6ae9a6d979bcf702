package dev.riffle.license.session;

import dev.riffle.license.policy.DenialReason;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Sessions of a single replica, in memory. */
public final class InMemorySessionStore implements SessionStore {
    private final Map<String, Account> accounts = new HashMap<>();

    private static final class Account {
        final Map<String, Session> sessions = new HashMap<>();
        final Map<String, Instant> deviceExpiry = new HashMap<>();

        void expire(Instant now) {
            sessions.values().removeIf(s -> !s.expiresAt().isAfter(now));
            deviceExpiry.values().removeIf(e -> !e.isAfter(now));
        }
    }

    @Override
    public synchronized Admission open(SessionRequest r) {
        Account a = accounts.computeIfAbsent(r.accountId(), k -> new Account());
        a.expire(r.now());
        Optional<DenialReason> refusal =
                r.limits().admit(a.sessions.size(), a.deviceExpiry.size(), a.deviceExpiry.containsKey(r.deviceId()));
        if (refusal.isPresent()) {
            return new Admission.Refused(refusal.get());
        }
        Session s = new Session(
                r.sessionId(),
                r.accountId(),
                r.deviceId(),
                r.titleId(),
                r.now(),
                r.now().plus(r.ttl()));
        a.sessions.put(s.id(), s);
        a.deviceExpiry.put(r.deviceId(), r.now().plus(r.deviceTtl()));
        return new Admission.Opened(s);
    }

    @Override
    public synchronized Optional<Session> renew(
            String accountId, String sessionId, Instant now, Duration ttl, Duration deviceTtl) {
        Account a = accounts.get(accountId);
        if (a == null) {
            return Optional.empty();
        }
        a.expire(now);
        Session s = a.sessions.get(sessionId);
        if (s == null) {
            return Optional.empty();
        }
        Session renewed = new Session(s.id(), s.accountId(), s.deviceId(), s.titleId(), s.startedAt(), now.plus(ttl));
        a.sessions.put(sessionId, renewed);
        a.deviceExpiry.put(s.deviceId(), now.plus(deviceTtl));
        return Optional.of(renewed);
    }

    @Override
    public synchronized Optional<Session> find(String accountId, String sessionId, Instant now) {
        Account a = accounts.get(accountId);
        if (a == null) {
            return Optional.empty();
        }
        a.expire(now);
        return Optional.ofNullable(a.sessions.get(sessionId));
    }

    @Override
    public synchronized List<Session> list(String accountId, Instant now) {
        Account a = accounts.get(accountId);
        if (a == null) {
            return List.of();
        }
        a.expire(now);
        return a.sessions.values().stream()
                .sorted(Comparator.comparing(Session::startedAt).thenComparing(Session::id))
                .toList();
    }

    @Override
    public synchronized boolean release(String accountId, String sessionId, Instant now) {
        Account a = accounts.get(accountId);
        if (a == null) {
            return false;
        }
        a.expire(now);
        return a.sessions.remove(sessionId) != null;
    }
}
