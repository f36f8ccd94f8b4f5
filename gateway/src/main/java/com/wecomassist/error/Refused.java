package com.wecomassist.error;

import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A staff API request refused with a status, a stable reason code, a message the user can act on
 * and, where useful, facts (the figures of a regression, the current version). Answered by
 * {@link RefusedAnswers} as {@code {"reason", "message", ...facts}}.
 */
public final class Refused extends RuntimeException {

    private final HttpStatus status;
    private final String reason;
    private final Map<String, Object> facts;

    public Refused(HttpStatus status, String reason, String message) {
        this(status, reason, message, Map.of());
    }

    public Refused(HttpStatus status, String reason, String message, Map<String, Object> facts) {
        super(message, null, false, false); // an answer to the caller, not an error: no stack trace
        this.status = status;
        this.reason = reason;
        this.facts = facts == null ? Map.of() : facts;
    }

    public HttpStatus status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    public Map<String, Object> facts() {
        return facts;
    }
}
