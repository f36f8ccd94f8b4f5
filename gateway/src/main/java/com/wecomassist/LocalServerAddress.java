package com.wecomassist;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * This gateway's own HTTP address, known once the server listens (tests use a random port). The
 * simulator uses it to call the gateway, and the gateway to call the simulator.
 */
@Component
public class LocalServerAddress implements ApplicationListener<WebServerInitializedEvent> {

    private volatile int port = -1;

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        port = event.getWebServer().getPort();
    }

    /** {@code http://127.0.0.1:PORT}; fails if the server is not listening yet. */
    public String baseUrl() {
        if (port < 0) {
            throw new IllegalStateException("the web server is not listening yet");
        }
        return "http://127.0.0.1:" + port;
    }
}
