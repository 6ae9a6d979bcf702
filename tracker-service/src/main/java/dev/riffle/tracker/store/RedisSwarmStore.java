package dev.riffle.tracker.store;

import dev.riffle.tracker.matching.Candidates;
import dev.riffle.tracker.matching.PeerEntry;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Swarms in Redis, shared by every tracker replica. Each swarm is three keys under one hash tag (so they live in one
 * slot): {@code <prefix>{<swarm>}:seen} (sorted set peer → last seen millis), {@code ...:peers} (hash peer →
 * {@link PeerEntryCodec} record) and {@code ...:g:<asn/country/region>} (set of peers per ISP/region group). Every update
 * is one Lua script, so replicas never see half a join. Keys expire after two peer TTLs without announces.
 *
 * <p>Most joins only write: the candidates come from this replica's {@link CandidateSnapshots} of the swarm, re-read
 * from Redis at most every {@code snapshotMaxAge}, so a peer joining through another replica is offered within that
 * time (the live size is always exact).
 */
public final class RedisSwarmStore implements SwarmStore {

    // KEYS: seen, peers. ARGV: peerId, record, now, ttl, maxPeers, pool, create, groupPrefix, group, keyTtl, sample.
    // Reply: {size, #dropped, dropped ids..., then with sample = '1' [peer, record]*}; {} for an unknown swarm that
    // may not be created.
    private static final String JOIN = """
            local seen, peers, gp = KEYS[1], KEYS[2], ARGV[8]
            local now = tonumber(ARGV[3])
            if ARGV[7] == '0' and redis.call('ZCOUNT', seen, now - tonumber(ARGV[4]), '+inf') == 0 then
              return {}
            end
            local dropped = {}
            local function drop(id)
              local rec = redis.call('HGET', peers, id)
              if rec then
                local g = string.match(rec, '^([^|]*)|')
                if g then redis.call('SREM', gp .. g, id) end
              end
              redis.call('HDEL', peers, id)
              redis.call('ZREM', seen, id)
              dropped[#dropped + 1] = id
            end
            for _, id in ipairs(redis.call('ZRANGEBYSCORE', seen, '-inf', '(' .. (now - tonumber(ARGV[4])), 'LIMIT', 0, 200)) do
              drop(id)
            end
            local old = redis.call('HGET', peers, ARGV[1])
            if old then
              local g = string.match(old, '^([^|]*)|')
              if g and g ~= ARGV[9] then redis.call('SREM', gp .. g, ARGV[1]) end
            end
            redis.call('HSET', peers, ARGV[1], ARGV[2])
            redis.call('ZADD', seen, now, ARGV[1])
            redis.call('SADD', gp .. ARGV[9], ARGV[1])
            local n = redis.call('ZCARD', seen)
            local over = n - tonumber(ARGV[5])
            if over > 0 then
              for _, id in ipairs(redis.call('ZRANGE', seen, 0, over)) do
                if over > 0 and id ~= ARGV[1] then drop(id); over = over - 1 end
              end
              n = redis.call('ZCARD', seen)
            end
            local keyTtl = tonumber(ARGV[10])
            redis.call('PEXPIRE', seen, keyTtl)
            redis.call('PEXPIRE', peers, keyTtl)
            redis.call('PEXPIRE', gp .. ARGV[9], keyTtl)
            local out = {tostring(n), tostring(#dropped)}
            for _, id in ipairs(dropped) do out[#out + 1] = id end
            if ARGV[11] == '0' then
              return out
            end
            local pool = tonumber(ARGV[6])
            if n - 1 <= pool then
              -- small swarm: every record as it is (the caller skips its own)
              for _, v in ipairs(redis.call('HGETALL', peers)) do out[#out + 1] = v end
              return out
            end
            local chosen, ids = {[ARGV[1]] = true}, {}
            for _, id in ipairs(redis.call('SRANDMEMBER', gp .. ARGV[9], math.floor(pool / 2))) do
              if not chosen[id] then chosen[id] = true; ids[#ids + 1] = id end
            end
            for _, id in ipairs(redis.call('HRANDFIELD', peers, pool + 1)) do
              if #ids < pool and not chosen[id] then chosen[id] = true; ids[#ids + 1] = id end
            end
            if #ids > 0 then
              local recs = redis.call('HMGET', peers, unpack(ids))
              for i, id in ipairs(ids) do
                if recs[i] then out[#out + 1] = id; out[#out + 1] = recs[i] end
              end
            end
            return out
            """;

    // KEYS: seen, peers. ARGV: peerId, groupPrefix
    private static final String LEAVE = """
            local rec = redis.call('HGET', KEYS[2], ARGV[1])
            if rec then
              local g = string.match(rec, '^([^|]*)|')
              if g then redis.call('SREM', ARGV[2] .. g, ARGV[1]) end
            end
            redis.call('HDEL', KEYS[2], ARGV[1])
            return redis.call('ZREM', KEYS[1], ARGV[1])
            """;

    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisAsyncCommands<String, String> redis;
    private final String prefix;
    private final long ttlMillis;
    private final int maxPeers;
    private final String joinSha;
    private final String leaveSha;
    private final CandidateSnapshots snapshots;

    /** Most swarms whose candidate snapshots one replica keeps. */
    private static final int MAX_SNAPSHOT_SWARMS = 10_000;

    /**
     * @param snapshotMaxAge how long this replica may answer from its last sample of a swarm (writing only its own
     *     record to Redis meanwhile); zero reads the sample from Redis on every announce
     */
    public RedisSwarmStore(
            String redisUri, String keyPrefix, Duration peerTtl, int maxPeersPerSwarm, Duration snapshotMaxAge) {
        // Lettuce's per-command latency histograms cost CPU on every announce and nobody reads them.
        this.resources = ClientResources.builder()
                .commandLatencyRecorder(CommandLatencyRecorder.disabled())
                .build();
        this.client = RedisClient.create(resources, redisUri);
        this.connection = client.connect();
        this.redis = connection.async();
        this.prefix = keyPrefix;
        this.ttlMillis = peerTtl.toMillis();
        this.maxPeers = maxPeersPerSwarm;
        this.snapshots = new CandidateSnapshots(snapshotMaxAge.toMillis(), ttlMillis, MAX_SNAPSHOT_SWARMS);
        this.joinSha = connection.sync().scriptLoad(JOIN);
        this.leaveSha = connection.sync().scriptLoad(LEAVE);
    }

    private String key(String swarm, String part) {
        return prefix + "{" + swarm + "}:" + part;
    }

    private <T> CompletionStage<T> eval(
            String sha, String script, ScriptOutputType type, String[] keys, String... argv) {
        return redis.<T>evalsha(sha, type, keys, argv)
                .handle((v, e) -> {
                    if (e == null) {
                        return CompletableFuture.completedFuture(v);
                    }
                    Throwable cause = e instanceof java.util.concurrent.CompletionException ? e.getCause() : e;
                    if (cause instanceof RedisNoScriptException) {
                        return redis.<T>eval(script, type, keys, argv).toCompletableFuture();
                    }
                    return CompletableFuture.<T>failedFuture(cause);
                })
                .thenCompose(f -> f);
    }

    @Override
    public CompletionStage<Optional<SwarmView>> join(
            String swarm, PeerEntry peer, boolean create, int pool, long nowMillis) {
        return joinAndRead(swarm, peer, create, pool, nowMillis, SwarmView::new);
    }

    /** The candidates handed to {@code reader} never include the joining peer (nor, from a snapshot, silent ones). */
    @Override
    public <T> CompletionStage<Optional<T>> joinAndRead(
            String swarm, PeerEntry peer, boolean create, int pool, long nowMillis, CandidateReader<T> reader) {
        String group = peer.locality().groupKey();
        Candidates cached = snapshots.candidates(swarm, group, pool, peer.peerId(), nowMillis);
        boolean sample = cached == null;
        String[] keys = {key(swarm, "seen"), key(swarm, "peers")};
        CompletionStage<List<Object>> result = eval(
                joinSha,
                JOIN,
                ScriptOutputType.MULTI,
                keys,
                peer.peerId(),
                PeerEntryCodec.encode(peer),
                Long.toString(nowMillis),
                Long.toString(ttlMillis),
                Integer.toString(maxPeers),
                Integer.toString(pool),
                create ? "1" : "0",
                key(swarm, "g:"),
                group,
                Long.toString(2 * ttlMillis),
                sample ? "1" : "0");
        return result.thenApply(out -> {
            if (out == null || out.isEmpty()) {
                return Optional.empty();
            }
            long size = Long.parseLong(String.valueOf(out.get(0)));
            int droppedCount = Integer.parseInt(String.valueOf(out.get(1)));
            int records = 2 + droppedCount;
            List<String> dropped = new ArrayList<>(droppedCount);
            for (int i = 2; i < records; i++) {
                dropped.add((String) out.get(i));
            }
            snapshots.removed(swarm, dropped);
            Candidates candidates;
            if (sample) {
                List<PeerEntry> sampled = new ArrayList<>((out.size() - records) / 2);
                for (int i = records; i + 1 < out.size(); i += 2) {
                    try {
                        sampled.add(decoded((String) out.get(i), (String) out.get(i + 1)));
                    } catch (IllegalArgumentException e) {
                        // a record written by an incompatible version: skip it, it expires on its own
                    }
                }
                snapshots.refreshed(swarm, group, pool, sampled, nowMillis);
                candidates = new Candidates(sampled.size());
                for (PeerEntry p : sampled) {
                    if (!p.peerId().equals(peer.peerId())) {
                        candidates.add(p, p.locality());
                    }
                }
            } else {
                candidates = cached;
                candidates.removeAll(dropped);
            }
            snapshots.written(swarm, peer);
            return Optional.of(reader.read(size, candidates));
        });
    }

    /**
     * Decoded peer records, memoized per peer id while the record text stays the same: a record changes only when its
     * peer announces, but is fetched by every other announce in its swarm meanwhile, and decoding was ~30 % of a
     * Redis announce's CPU. Bounded: cleared when full.
     */
    private final ConcurrentHashMap<String, Decoded> decodedRecords = new ConcurrentHashMap<>();

    private static final int MAX_DECODED = 100_000;

    private record Decoded(String text, PeerEntry entry) {}

    private PeerEntry decoded(String peerId, String text) {
        Decoded d = decodedRecords.get(peerId);
        if (d != null && d.text().equals(text)) {
            return d.entry();
        }
        PeerEntry entry = PeerEntryCodec.decode(peerId, text);
        if (decodedRecords.size() >= MAX_DECODED) {
            decodedRecords.clear();
        }
        decodedRecords.put(peerId, new Decoded(text, entry));
        return entry;
    }

    @Override
    public CompletionStage<Boolean> leave(String swarm, String peerId) {
        String[] keys = {key(swarm, "seen"), key(swarm, "peers")};
        snapshots.removed(swarm, List.of(peerId));
        CompletionStage<Long> removed = eval(leaveSha, LEAVE, ScriptOutputType.INTEGER, keys, peerId, key(swarm, "g:"));
        return removed.thenApply(n -> n != null && n > 0);
    }

    @Override
    public CompletionStage<Boolean> contains(String swarm, String peerId, long nowMillis) {
        return redis.zscore(key(swarm, "seen"), peerId)
                .thenApply(score -> score != null && score >= nowMillis - ttlMillis);
    }

    @Override
    public CompletionStage<Long> size(String swarm, long nowMillis) {
        return redis.zcount(
                key(swarm, "seen"), io.lettuce.core.Range.create(nowMillis - ttlMillis, Double.POSITIVE_INFINITY));
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
    }
}
