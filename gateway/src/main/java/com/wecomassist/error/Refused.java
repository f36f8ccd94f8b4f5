package com.wecomassist.error;

import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A staff API request refused with a status, a stable reason code, a message in English the user
 * can act on and, where useful, facts (the figures of a regression, the current version). Answered
 * by {@link RefusedAnswers} as {@code {"reason", "message", ...facts}}. Desks refuse through the
 * named factories ({@link #invalid}, {@link #notFound}, {@link #conflict}, ...), which say what kind
 * of refusal it is; only this class and the advice know which HTTP status that is.
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
        this.facts = facts == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(facts));
    }

    /** The request itself is wrong (missing or malformed input): 400. */
    public static Refused invalid(String reason, String message) {
        return new Refused(HttpStatus.BAD_REQUEST, reason, message);
    }

    /** The caller may not do this to this thing (another agent's decision): 403. */
    public static Refused forbidden(String reason, String message) {
        return new Refused(HttpStatus.FORBIDDEN, reason, message);
    }

    /** The thing named does not exist (here): 404. */
    public static Refused notFound(String reason, String message) {
        return new Refused(HttpStatus.NOT_FOUND, reason, message);
    }

    /** The request contradicts the current state (stale version, already decided, regression): 409. */
    public static Refused conflict(String reason, String message) {
        return conflict(reason, message, Map.of());
    }

    public static Refused conflict(String reason, String message, Map<String, Object> facts) {
        return new Refused(HttpStatus.CONFLICT, reason, message, facts);
    }

    /** A rule forbids the content (compliance blocks an agent's text): 422. */
    public static Refused blocked(String reason, String message) {
        return new Refused(HttpStatus.UNPROCESSABLE_CONTENT, reason, message);
    }

    /** The body is larger than allowed: 413. */
    public static Refused tooLarge(String reason, String message) {
        return new Refused(HttpStatus.CONTENT_TOO_LARGE, reason, message);
    }

    /** The service cannot do it now; trying later may succeed: 503. */
    public static Refused unavailable(String reason, String message) {
        return new Refused(HttpStatus.SERVICE_UNAVAILABLE, reason, message);
    }

    /** The same refusal with more facts for the answer (a list of bad rows, the figures). */
    public Refused with(Map<String, Object> more) {
        java.util.LinkedHashMap<String, Object> all = new java.util.LinkedHashMap<>(facts);
        all.putAll(more);
        return new Refused(status, reason, getMessage(), all);
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
