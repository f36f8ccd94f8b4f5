package com.wecomassist.error;

/**
 * Root of the gateway's exceptions. Every failure says whether trying again can help, so retry
 * policies decide on {@link #retryable()} instead of on vendor-specific types.
 */
public abstract class AssistException extends RuntimeException {

    protected AssistException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when the same call may succeed later (busy, rate limited, timed out, connection lost). */
    public abstract boolean retryable();
}
