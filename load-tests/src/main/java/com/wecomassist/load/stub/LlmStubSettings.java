package com.wecomassist.load.stub;

import java.time.Duration;

/**
 * How the chat-completions stub behaves.
 *
 * @param firstToken   delay before the first streamed chunk (the whole answer when not streaming, unless
 *                     {@code total} is longer)
 * @param tokensPerSecond rate of the following chunks (one "token" per chunk); 0 sends them all at once
 * @param total        the least time from the request to the last chunk; chunks are spread to fill it
 * @param errorRate    share of requests answered 500 (0..1), at once
 */
public record LlmStubSettings(Duration firstToken, double tokensPerSecond, Duration total, double errorRate) {

    public LlmStubSettings {
        if (firstToken.isNegative() || total.isNegative() || tokensPerSecond < 0 || errorRate < 0 || errorRate > 1) {
            throw new IllegalArgumentException("invalid LLM stub settings: " + firstToken + ", " + tokensPerSecond
                    + " tokens/s, " + total + ", error rate " + errorRate);
        }
    }

    /** The scenario's default: the whole answer 1.5 s after the request. */
    public static LlmStubSettings fixed(Duration latency) {
        return new LlmStubSettings(latency, 0, latency, 0);
    }

    /** Delay of chunk {@code i} of {@code n} after the request, in nanoseconds. */
    long chunkAtNanos(int i, int n) {
        long first = firstToken.toNanos();
        if (i == 0 || n <= 1) {
            return first;
        }
        long byRate = tokensPerSecond <= 0 ? 0 : (long) (i * 1e9 / tokensPerSecond);
        long span = Math.max(0, total.toNanos() - first);
        long byTotal = span * i / (n - 1);
        return first + Math.max(byRate, byTotal);
    }
}
