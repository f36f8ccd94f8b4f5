package com.wecomassist.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.time.Duration;
import org.springframework.web.reactive.function.client.WebClient;

/** WireMock servers standing in for WeCom in tests. */
public final class WireMocks {

    private WireMocks() {
    }

    /**
     * Waits for one answer from a freshly started server, then forgets it (its stub and the request
     * journal). A fresh WireMock's first answer — its threads, class loading, the HTTP client's first
     * connection — took seconds on a busy machine: longer than the timeouts the code under test puts
     * on its calls. A call that timed out is retried, and by then a one-shot scenario stub has moved
     * on (a gettoken stub answered 404) and a counted request is counted twice. Awaited before a
     * test, that first-answer cost is not in the calls the test makes. A wait on an answer, not a sleep.
     */
    public static void warmUp(WireMockServer server) {
        StubMapping ping = server.stubFor(get(urlPathEqualTo("/warm-up")).willReturn(ok()));
        WebClient.create(server.baseUrl()).get().uri("/warm-up").retrieve().toBodilessEntity()
                .block(Duration.ofMinutes(1));
        server.removeStub(ping);
        server.resetRequests();
    }
}
