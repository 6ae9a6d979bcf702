package dev.riffle.license.session;

import dev.riffle.license.policy.DenialReason;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Sessions in Redis so that several license replicas agree. Per account (hash-tagged so one slot holds them):
 * {@code <prefix>{acct}:sessions} ZSET sessionId → expiry ms, {@code <prefix>{acct}:devices} ZSET deviceId → expiry ms,
 * {@code <prefix>{acct}:s:<sessionId>} HASH device/title/started. Each operation is one Lua script, so the admission
 * rule ({@link dev.riffle.license.policy.StreamLimits#admit}, mirrored in {@link #OPEN}) is atomic. Time comes from
 * the caller's clock, like the in-memory store.
 */
public final class RedisSessionStore implements SessionStore, AutoCloseable {
    static final String OPEN = """
            local now = tonumber(ARGV[1])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
            local known = redis.call('ZSCORE', KEYS[2], ARGV[2])
            if (not known) and redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[5]) then return 'devices' end
            if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then return 'concurrent_streams' end
            local ttl = tonumber(ARGV[6])
            local dttl = tonumber(ARGV[7])
            redis.call('ZADD', KEYS[1], now + ttl, ARGV[3])
            redis.call('ZADD', KEYS[2], now + dttl, ARGV[2])
            redis.call('HSET', KEYS[3], 'device', ARGV[2], 'title', ARGV[8], 'started', ARGV[1])
            redis.call('PEXPIRE', KEYS[3], ttl)
            if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
            if redis.call('PTTL', KEYS[2]) < dttl then redis.call('PEXPIRE', KEYS[2], dttl) end
            return 'ok'
            """;

    static final String RENEW = """
            local now = tonumber(ARGV[1])
            local exp = redis.call('ZSCORE', KEYS[1], ARGV[2])
            if (not exp) or tonumber(exp) <= now then return {} end
            local h = redis.call('HMGET', KEYS[3], 'device', 'title', 'started')
            if not h[1] then return {} end
            local ttl = tonumber(ARGV[3])
            if ttl > 0 then
              local dttl = tonumber(ARGV[4])
              redis.call('ZADD', KEYS[1], now + ttl, ARGV[2])
              redis.call('PEXPIRE', KEYS[3], ttl)
              if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
              redis.call('ZADD', KEYS[2], now + dttl, h[1])
              if redis.call('PTTL', KEYS[2]) < dttl then redis.call('PEXPIRE', KEYS[2], dttl) end
              exp = now + ttl
            end
            return {tostring(exp), h[1], h[2], h[3]}
            """;

    static final String RELEASE = """
            local exp = redis.call('ZSCORE', KEYS[1], ARGV[2])
            redis.call('ZREM', KEYS[1], ARGV[2])
            redis.call('DEL', KEYS[2])
            if (not exp) or tonumber(exp) <= tonumber(ARGV[1]) then return 0 end
            return 1
            """;

    /** Live sessions of one account: id, expiry, device, title, start for each (keys share the account's hash tag). */
    static final String LIST = """
            local now = tonumber(ARGV[1])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            local ids = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
            local out = {}
            for i = 1, #ids, 2 do
              local h = redis.call('HMGET', ARGV[2] .. ids[i], 'device', 'title', 'started')
              if h[1] then
                table.insert(out, ids[i]); table.insert(out, ids[i + 1])
                table.insert(out, h[1]); table.insert(out, h[2]); table.insert(out, h[3])
              end
            end
            return out
            """;

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;
    private final String prefix;

    public RedisSessionStore(String uri, String prefix) {
        this.client = RedisClient.create(uri);
        this.connection = client.connect();
        this.redis = connection.sync();
        this.prefix = prefix;
    }

    private String base(String account) {
        return prefix + "{" + account + "}:";
    }

    @Override
    public Admission open(SessionRequest r) {
        String b = base(r.accountId());
        String result = redis.eval(
                OPEN,
                ScriptOutputType.STATUS,
                new String[] {b + "sessions", b + "devices", b + "s:" + r.sessionId()},
                Long.toString(r.now().toEpochMilli()),
                r.deviceId(),
                r.sessionId(),
                Integer.toString(r.limits().concurrentStreams()),
                Integer.toString(r.limits().devices()),
                Long.toString(r.ttl().toMillis()),
                Long.toString(r.deviceTtl().toMillis()),
                r.titleId());
        return switch (result) {
            case "ok" ->
                new Admission.Opened(new Session(
                        r.sessionId(),
                        r.accountId(),
                        r.deviceId(),
                        r.titleId(),
                        r.now(),
                        r.now().plus(r.ttl())));
            case "devices" -> new Admission.Refused(DenialReason.DEVICES);
            case "concurrent_streams" -> new Admission.Refused(DenialReason.CONCURRENT_STREAMS);
            default -> throw new IllegalStateException("unexpected answer from Redis: " + result);
        };
    }

    @Override
    public Optional<Session> renew(String accountId, String sessionId, Instant now, Duration ttl, Duration deviceTtl) {
        return call(accountId, sessionId, now, ttl.toMillis(), deviceTtl.toMillis());
    }

    @Override
    public Optional<Session> find(String accountId, String sessionId, Instant now) {
        return call(accountId, sessionId, now, 0, 0);
    }

    private Optional<Session> call(String accountId, String sessionId, Instant now, long ttl, long deviceTtl) {
        String b = base(accountId);
        List<Object> out = redis.eval(
                RENEW,
                ScriptOutputType.MULTI,
                new String[] {b + "sessions", b + "devices", b + "s:" + sessionId},
                Long.toString(now.toEpochMilli()),
                sessionId,
                Long.toString(ttl),
                Long.toString(deviceTtl));
        if (out == null || out.size() < 4 || out.get(0) == null) {
            return Optional.empty();
        }
        return Optional.of(new Session(
                sessionId,
                accountId,
                (String) out.get(1),
                (String) out.get(2),
                Instant.ofEpochMilli(Long.parseLong((String) out.get(3))),
                Instant.ofEpochMilli((long) Double.parseDouble((String) out.get(0)))));
    }

    @Override
    public List<Session> list(String accountId, Instant now) {
        String b = base(accountId);
        List<Object> out = redis.eval(
                LIST,
                ScriptOutputType.MULTI,
                new String[] {b + "sessions"},
                Long.toString(now.toEpochMilli()),
                b + "s:");
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; out != null && i + 4 < out.size(); i += 5) {
            sessions.add(new Session(
                    (String) out.get(i),
                    accountId,
                    (String) out.get(i + 2),
                    (String) out.get(i + 3),
                    Instant.ofEpochMilli(Long.parseLong((String) out.get(i + 4))),
                    Instant.ofEpochMilli((long) Double.parseDouble((String) out.get(i + 1)))));
        }
        sessions.sort(Comparator.comparing(Session::startedAt).thenComparing(Session::id));
        return sessions;
    }

    @Override
    public boolean release(String accountId, String sessionId, Instant now) {
        String b = base(accountId);
        Long removed = redis.eval(
                RELEASE,
                ScriptOutputType.INTEGER,
                new String[] {b + "sessions", b + "s:" + sessionId},
                Long.toString(now.toEpochMilli()),
                sessionId);
        return removed != null && removed == 1L;
    }

    /** PING, for the readiness check. */
    public boolean ping() {
        return "PONG".equals(redis.ping());
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
