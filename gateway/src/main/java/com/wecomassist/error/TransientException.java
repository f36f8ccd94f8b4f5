package com.wecomassist.error;

/** A failure that may pass: retry with backoff. */
public class TransientException extends AssistException {

    public TransientException(String message, Throwable cause) {
        super(message, cause);
    }

    public TransientException(String message) {
        super(message, null);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
