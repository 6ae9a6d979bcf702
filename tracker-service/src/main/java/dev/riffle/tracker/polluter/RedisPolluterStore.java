package dev.riffle.tracker.polluter;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Reports and exclusions in Redis, shared by every replica: {@code <prefix>polluter:<peer>} is a hash account tag →
 * last report millis (expiring with the reports), {@code <prefix>polluters:excluded} a sorted set peer → excluded-until
 * millis. A report is one Lua script, so concurrent reports through several replicas are all counted.
 */
public final class RedisPolluterStore implements PolluterStore {
    // KEYS: the peer's hash. ARGV: account, now, keep, max accounts. Reply: flat [account, millis]*.
    private static final String RECORD = """
            local h, now, keep = KEYS[1], tonumber(ARGV[2]), tonumber(ARGV[3])
            local all = redis.call('HGETALL', h)
            local n = 0
            for i = 1, #all, 2 do
              if tonumber(all[i + 1]) <= now - keep then redis.call('HDEL', h, all[i]) else n = n + 1 end
            end
            if redis.call('HEXISTS', h, ARGV[1]) == 1 or n < tonumber(ARGV[4]) then
              redis.call('HSET', h, ARGV[1], ARGV[2])
            end
            redis.call('PEXPIRE', h, keep)
            return redis.call('HGETALL', h)
            """;

    // KEYS: the excluded set. ARGV: peer, until, now. The set expires with its last exclusion.
    private static final String EXCLUDE = """
            local till, now = tonumber(ARGV[2]), tonumber(ARGV[3])
            redis.call('ZADD', KEYS[1], 'GT', till, ARGV[1])
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl < till - now then redis.call('PEXPIRE', KEYS[1], till - now) end
            return 1
            """;

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisAsyncCommands<String, String> redis;
    private final String prefix;

    public RedisPolluterStore(String redisUri, String keyPrefix) {
        this.client = RedisClient.create(redisUri);
        this.connection = client.connect();
        this.redis = connection.async();
        this.prefix = keyPrefix;
    }

    private String excludedKey() {
        return prefix + "polluters:excluded";
    }

    @Override
    public CompletionStage<Map<String, Long>> record(String offender, String account, long nowMillis, long keepMillis) {
        CompletionStage<List<String>> reply = redis.eval(
                RECORD,
                ScriptOutputType.MULTI,
                new String[] {prefix + "polluter:" + offender},
                account,
                Long.toString(nowMillis),
                Long.toString(keepMillis),
                Integer.toString(MAX_ACCOUNTS_PER_PEER));
        return reply.thenApply(flat -> {
            Map<String, Long> out = new HashMap<>();
            for (int i = 0; i + 1 < flat.size(); i += 2) out.put(flat.get(i), Long.parseLong(flat.get(i + 1)));
            return out;
        });
    }

    @Override
    public CompletionStage<Void> exclude(String offender, long nowMillis, long untilMillis) {
        // GT: a later exclusion never shortens an earlier one.
        CompletionStage<Long> done = redis.eval(
                EXCLUDE,
                ScriptOutputType.INTEGER,
                new String[] {excludedKey()},
                offender,
                Long.toString(untilMillis),
                Long.toString(nowMillis));
        return done.thenApply(n -> null);
    }

    @Override
    public CompletionStage<Set<String>> excluded(long nowMillis) {
        String key = excludedKey();
        redis.zremrangebyscore(key, io.lettuce.core.Range.create(Double.NEGATIVE_INFINITY, (double) nowMillis));
        return redis.zrangebyscore(
                        key,
                        io.lettuce.core.Range.from(
                                io.lettuce.core.Range.Boundary.excluding((double) nowMillis),
                                io.lettuce.core.Range.Boundary.unbounded()))
                .thenApply(HashSet::new);
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
