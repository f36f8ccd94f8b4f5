package com.wecomassist.load.report;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The gateway's metrics need an ADMIN login; {@code ./assist load} starts the gateway with one of
 * its own and passes it in {@code LOAD_GATEWAY_USER} / {@code LOAD_GATEWAY_PASSWORD}.
 */
final class GatewayLogin {

    private GatewayLogin() {
    }

    /** Adds HTTP Basic credentials when a login is configured; a request without them gets 401. */
    static HttpRequest.Builder authorize(HttpRequest.Builder request) {
        String user = System.getenv("LOAD_GATEWAY_USER");
        if (user != null && !user.isBlank()) {
            String pair = user + ":" + System.getenv().getOrDefault("LOAD_GATEWAY_PASSWORD", "");
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        return request;
    }
}
