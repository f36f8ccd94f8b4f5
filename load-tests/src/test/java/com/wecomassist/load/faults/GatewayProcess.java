package com.wecomassist.load.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One gateway instance: the built jar ({@code gateway/target/wecom-assist-gateway.jar}) run as a
 * process in cluster mode with the given settings, in a working directory of its own, so that the
 * suite can kill it with {@code kill -9} mid-flight and start it again.
 */
final class GatewayProcess extends ChildProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final int port;

    private GatewayProcess(String name, int port, List<String> command, Path dir) {
        super(name, command, dir.resolve("gateway.log"), dir.toFile());
        this.port = port;
    }

    static GatewayProcess create(String name, Path jar, List<String> settings, Path dir) throws IOException {
        Files.createDirectories(dir);
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(KafkaServerProcess.java(), "-Xmx768m", "-jar", jar.toString(),
                "--server.port=" + port));
        command.addAll(settings);
        return new GatewayProcess(name, port, command, dir);
    }

    /** Starts the process and waits until its health endpoint answers (start-up takes 30-90 s here). */
    void startAndWait() throws InterruptedException {
        start();
        long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        while (System.nanoTime() < deadline) {
            if (!alive()) {
                throw new IllegalStateException(this + " exited while starting; see its gateway.log");
            }
            try {
                HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(this + " did not become healthy within 240 s; see its gateway.log");
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Posts a signed callback; false when the instance did not answer 200 (dead, frozen or refusing). */
    boolean post(String query, String body) {
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/wecom/callback?" + query))
                    .timeout(Duration.ofSeconds(5)).header("Content-Type", "text/xml")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
