package com.wecomassist.error;

/** A failure that will not pass by retrying: report it and stop. */
public class PermanentException extends AssistException {

    public PermanentException(String message, Throwable cause) {
        super(message, cause);
    }

    public PermanentException(String message) {
        super(message, null);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
