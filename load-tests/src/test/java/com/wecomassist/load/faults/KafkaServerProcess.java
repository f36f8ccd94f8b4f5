package com.wecomassist.load.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * A one-node Kafka broker (KRaft, broker and controller in one process) that can be killed and started
 * again on the same port with the same log directory, as a broker restart in production. The
 * spring-kafka-test broker the other tests use cannot: it picks new ports and directories each time.
 * Runs Kafka's own {@code kafka.Kafka} main from the test class path (the server jars come with
 * spring-kafka-test); the storage is formatted once with {@code kafka.tools.StorageTool}.
 */
final class KafkaServerProcess extends ChildProcess {

    final int port;

    private KafkaServerProcess(int port, Path properties, Path dir) {
        super("kafka", List.of(java(), "-Xmx384m", "-cp", System.getProperty("java.class.path"), "kafka.Kafka",
                properties.toString()), dir.resolve("kafka.log"), dir.toFile());
        this.port = port;
    }

    static KafkaServerProcess start(Path dir) throws IOException, InterruptedException {
        int port = freePort();
        int controller = freePort();
        Path data = Files.createDirectories(dir.resolve("data"));
        Path properties = dir.resolve("server.properties");
        Files.writeString(properties, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controller,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + data,
                "num.partitions=4",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                ""));
        Process format = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"), "kafka.tools.StorageTool",
                "format", "-t", clusterId(), "-c", properties.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("format.log").toFile()).start();
        if (format.waitFor() != 0) {
            throw new IllegalStateException("could not format the Kafka storage; see " + dir.resolve("format.log"));
        }
        KafkaServerProcess kafka = new KafkaServerProcess(port, properties, dir);
        kafka.restartNow();
        return kafka;
    }

    void restartNow() throws InterruptedException {
        start();
        awaitPort(port, Duration.ofSeconds(90));
    }

    String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** A KRaft cluster id: 16 random bytes, URL-safe base64 without padding (what random-uuid prints). */
    private static String clusterId() {
        UUID id = UUID.randomUUID();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16).putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits());
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
