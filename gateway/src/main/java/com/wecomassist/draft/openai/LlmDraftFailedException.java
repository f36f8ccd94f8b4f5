package com.wecomassist.draft.openai;

import com.wecomassist.draft.FallbackReason;
import com.wecomassist.error.PermanentException;

/**
 * This draft cannot come from the model: a timeout, a refused request, an open breaker, or output
 * that is unusable (malformed, empty, too long, citing entries it was not given ...). Not retried.
 */
public class LlmDraftFailedException extends PermanentException implements DraftFailure {

    private final FallbackReason reason;

    public LlmDraftFailedException(FallbackReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public LlmDraftFailedException(FallbackReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    @Override
    public FallbackReason reason() {
        return reason;
    }
}
