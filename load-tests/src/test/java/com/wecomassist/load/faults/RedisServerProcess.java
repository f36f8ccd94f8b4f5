package com.wecomassist.load.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Redis server of the suite's own (the one of the machine is shared with other tests and must not
 * be killed): {@code redis-server} on a free port, with an append-only file in its directory so that
 * a restart keeps the data, as a production Redis with persistence does (fsync every second: a kill
 * may lose the last second of writes, which the gateway must survive too).
 */
final class RedisServerProcess extends ChildProcess {

    final int port;

    private RedisServerProcess(int port, Path dir) {
        super("redis-server", List.of(binary(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--appendonly", "yes", "--appendfsync", "everysec", "--save", ""),
                dir.resolve("redis.log"), dir.toFile());
        this.port = port;
    }

    static RedisServerProcess start(Path dir) throws InterruptedException {
        RedisServerProcess redis = new RedisServerProcess(freePort(), dir);
        redis.start();
        redis.awaitPort(redis.port, Duration.ofSeconds(20));
        return redis;
    }

    void restartNow() throws InterruptedException {
        start();
        awaitPort(port, Duration.ofSeconds(20));
    }

    /** A redis-cli command's output lines (the suite reads what the gateways keep, after the faults). */
    List<String> cli(String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out.isBlank() ? List.of() : List.of(out.strip().split("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    private static String binary() {
        String fromEnv = System.getenv("ASSIST_FAULTS_REDIS_SERVER");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, "redis-server"))) {
                return Path.of(dir, "redis-server").toString();
            }
        }
        throw new IllegalStateException("the fault suite needs redis-server (apt-get install redis-server) on the "
                + "PATH or in ASSIST_FAULTS_REDIS_SERVER: it starts, kills and restarts a Redis of its own");
    }
}
