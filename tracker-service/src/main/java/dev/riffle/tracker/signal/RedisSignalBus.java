package dev.riffle.tracker.signal;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Replicas share one Redis pub/sub channel, {@code <prefix>signal}. */
public final class RedisSignalBus implements SignalBus {

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> publisher;
    private final StatefulRedisPubSubConnection<String, String> subscriber;
    private final String channel;
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    public RedisSignalBus(String redisUri, String keyPrefix) {
        this.client = RedisClient.create(redisUri);
        this.channel = keyPrefix + "signal";
        this.publisher = client.connect();
        this.subscriber = client.connectPubSub();
        subscriber.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String ch, String message) {
                if (channel.equals(ch)) {
                    listeners.forEach(l -> l.accept(message));
                }
            }
        });
        subscriber.sync().subscribe(channel);
    }

    @Override
    public void publish(String relayedJson) {
        publisher.async().publish(channel, relayedJson);
    }

    @Override
    public void subscribe(Consumer<String> listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        listeners.clear();
        subscriber.close();
        publisher.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
