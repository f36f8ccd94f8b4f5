package com.wecomassist.staff;

import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;

/**
 * A login refused before its password was checked, with the answer it gets: the form's page says
 * why ({@code /login?<query>}); an HTTP Basic caller gets the status with {@code {"reason", "message"}}.
 */
abstract sealed class LoginRefusedException extends AuthenticationException {

    private LoginRefusedException(String message) {
        super(message);
    }

    abstract HttpStatus status();

    /** The stable code tools read, as the APIs' refusals carry. */
    abstract String reason();

    /** The login page's query parameter that words it for people. */
    abstract String query();

    /** Seconds to wait before trying again, or null. */
    Long retryAfterSeconds() {
        return null;
    }

    /** Too many failed logins from this client: no more checks until they are forgotten. */
    static final class Throttled extends LoginRefusedException {

        private final Duration wait;

        Throttled(Duration wait) {
            super("too many failed logins from this address: try again later");
            this.wait = wait;
        }

        HttpStatus status() {
            return HttpStatus.TOO_MANY_REQUESTS;
        }

        String reason() {
            return "TOO_MANY_FAILED_LOGINS";
        }

        String query() {
            return "throttled";
        }

        @Override
        Long retryAfterSeconds() {
            return Math.max(1, wait.toSeconds());
        }
    }

    /** Every password-check thread busy and the queue full. */
    static final class Busy extends LoginRefusedException {

        Busy() {
            super("too many logins at once: try again in a moment");
        }

        HttpStatus status() {
            return HttpStatus.SERVICE_UNAVAILABLE;
        }

        String reason() {
            return "BUSY";
        }

        String query() {
            return "busy";
        }

        @Override
        Long retryAfterSeconds() {
            return 1L;
        }
    }

    /** HTTP Basic by a login that is not a service account (or by no login at all). */
    static final class BasicNotAllowed extends LoginRefusedException {

        BasicNotAllowed() {
            super("HTTP Basic is for service accounts only: people log in at /login");
        }

        HttpStatus status() {
            return HttpStatus.UNAUTHORIZED;
        }

        String reason() {
            return "BASIC_NOT_ALLOWED";
        }

        String query() {
            return "error";
        }
    }
}
