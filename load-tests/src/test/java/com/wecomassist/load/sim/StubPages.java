package com.wecomassist.load.sim;

import com.fasterxml.jackson.core.type.TypeReference;
import com.wecomassist.load.stub.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** What the simulations read from the stubs' control pages ({@code /_load/stats}, {@code /_load/sends}) at the end of a run. */
final class StubPages {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private StubPages() {
    }

    static <T> T read(String url, TypeReference<T> type) {
        try {
            HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return Json.MAPPER.readValue(r.body(), type);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
