package com.wecomassist.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.UUID;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * A real Redis server for tests: {@code ASSIST_TEST_REDIS_URL} if set, else the one on
 * 127.0.0.1:6379 if it answers, else a {@code redis-server} started from the PATH on a free port
 * (stopped when the JVM exits). With none of these the tests fail and say how to get one.
 */
public final class RedisTestServer {

    private static URI uri;
    private static LettuceConnectionFactory factory;

    private RedisTestServer() {
    }

    public static synchronized URI uri() {
        if (uri == null) {
            uri = locate();
        }
        return uri;
    }

    /** A template on the shared test connection. */
    public static synchronized ReactiveStringRedisTemplate template() {
        if (factory == null) {
            URI u = uri();
            factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(u.getHost(), u.getPort()));
            factory.afterPropertiesSet();
            factory.start();
            // connect here, on the test thread, as the gateway does before traffic: the first
            // command must not open the connection on an event loop
            try (org.springframework.data.redis.connection.ReactiveRedisConnection connection = factory.getReactiveConnection()) {
                connection.ping().block(java.time.Duration.ofSeconds(10));
            }
        }
        return new ReactiveStringRedisTemplate(factory);
    }

    /** A key prefix no other test run uses, so tests never see each other's keys. */
    public static String freshPrefix() {
        return "test:" + UUID.randomUUID() + ":";
    }

    private static URI locate() {
        String configured = System.getenv("ASSIST_TEST_REDIS_URL");
        if (configured != null && !configured.isBlank()) {
            return URI.create(configured);
        }
        if (answers("127.0.0.1", 6379)) {
            return URI.create("redis://127.0.0.1:6379");
        }
        return start();
    }

    private static URI start() {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port for a test Redis", e);
        }
        Process process;
        try {
            process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("Tests need a Redis server: none answers on 127.0.0.1:6379 and "
                    + "`redis-server` is not on the PATH. Install it (apt-get install -y redis-server; .ci/run does) "
                    + "or set ASSIST_TEST_REDIS_URL=redis://host:port.", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
        for (int i = 0; i < 100; i++) {
            if (answers("127.0.0.1", port)) {
                return URI.create("redis://127.0.0.1:" + port);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        process.destroy();
        throw new IllegalStateException("redis-server started on port " + port + " but does not answer");
    }

    private static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
