package com.wecomassist.testing;

import com.wecomassist.AssistApplication;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Gateway instances in cluster mode for a test class: one real Redis (a fresh key prefix) and one
 * real in-process KRaft Kafka broker, each instance a whole application with loops of its own
 * ({@link OwnNettyResources}). {@link #close()} stops the instances, last started first, then the broker.
 */
public final class ClusterInstances implements AutoCloseable {

    private final EmbeddedKafkaKraftBroker kafka;
    private final String prefix;
    private final List<String> settings;
    private final List<ConfigurableApplicationContext> started = new ArrayList<>();

    private ClusterInstances(EmbeddedKafkaKraftBroker kafka, String prefix, List<String> settings) {
        this.kafka = kafka;
        this.prefix = prefix;
        this.settings = settings;
    }

    /**
     * A broker with these topics ({@code partitions} each) and the settings every instance shares:
     * cluster mode, the Redis and the broker, the key prefix, the partitions, plus {@code shared}.
     */
    public static ClusterInstances on(int partitions, List<String> topics, String... shared) {
        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, partitions, topics.toArray(String[]::new));
        kafka.afterPropertiesSet();
        URI redis = RedisTestServer.uri();
        String prefix = RedisTestServer.freshPrefix();
        List<String> settings = new ArrayList<>(List.of("assist.mode=cluster", "assist.key-prefix=" + prefix,
                "spring.data.redis.host=" + redis.getHost(), "spring.data.redis.port=" + redis.getPort(),
                "spring.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
                "assist.kafka.partitions=" + partitions, "assist.kafka.replication-factor=1"));
        settings.addAll(Arrays.asList(shared));
        return new ClusterInstances(kafka, prefix, List.copyOf(settings));
    }

    /** Starts an instance with the shared settings and {@code own} ({@code name=value}, later ones win). */
    public ConfigurableApplicationContext start(String... own) {
        ConfigurableApplicationContext instance = new SpringApplicationBuilder(AssistApplication.class,
                OwnNettyResources.class).run(Stream.concat(settings.stream(), Arrays.stream(own))
                .map(setting -> "--" + setting).toArray(String[]::new));
        started.add(instance);
        return instance;
    }

    /** A client of the instance's HTTP port, as one of {@link Staff}'s users. */
    public static WebTestClient client(ConfigurableApplicationContext instance, String user, Duration timeout) {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + instance.getEnvironment().getProperty("local.server.port"))
                .responseTimeout(timeout)
                .defaultHeaders(Staff.as(user))
                .build();
    }

    /** A port free now, for an instance whose address others must know before it starts. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public EmbeddedKafkaKraftBroker kafka() {
        return kafka;
    }

    /** The Redis key prefix the instances share. */
    public String prefix() {
        return prefix;
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
        started.clear();
        kafka.destroy();
    }
}
