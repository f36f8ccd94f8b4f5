package com.wecomassist.draft;

import java.net.URI;
import java.time.Duration;

/** LlmProperties for tests: the defaults with short timeouts, changed one setting at a time. */
public final class LlmSettings {

    public String baseUrl;
    public String apiKey = "sk-test";
    public String model = "stub-model";
    public boolean stream = true;
    public Duration connectTimeout = Duration.ofSeconds(1);
    // Generous, because a loaded build machine can be slow on the first (cold) call; the timeout
    // tests set their own short values.
    public Duration firstTokenTimeout = Duration.ofSeconds(5);
    public Duration idleTimeout = Duration.ofSeconds(5);
    public Duration totalTimeout = Duration.ofSeconds(10);
    public int maxRetries = 2;
    public Duration retryBackoff = Duration.ofMillis(20);
    public int maxConnections = 1000;
    public int breakerFailureRate = 50;
    public int breakerWindow = 20;
    public int breakerMinimumCalls = 10;
    public Duration breakerOpenFor = Duration.ofSeconds(30);

    public LlmSettings(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public LlmProperties build() {
        return new LlmProperties(URI.create(baseUrl), apiKey, model, stream, true, 0.1, 800, connectTimeout,
                firstTokenTimeout, idleTimeout, totalTimeout, maxRetries, retryBackoff, maxConnections,
                breakerFailureRate, breakerWindow, breakerMinimumCalls, breakerOpenFor);
    }
}
