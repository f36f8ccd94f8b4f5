package com.wecomassist.draft.openai;

import com.wecomassist.draft.FallbackReason;
import com.wecomassist.error.TransientException;
import java.time.Duration;

/** The model server is busy or unreachable (429, 5xx, failed or reset connection): retry with backoff. */
public class LlmUnavailableException extends TransientException implements DraftFailure {

    private final FallbackReason reason;
    private final Duration retryAfter;

    public LlmUnavailableException(FallbackReason reason, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    @Override
    public FallbackReason reason() {
        return reason;
    }

    /** The server's Retry-After, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
