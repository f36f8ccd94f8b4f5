package com.wecomassist.testing;

import java.util.function.Consumer;
import org.springframework.http.HttpHeaders;

/**
 * The console users of the test configuration ({@code src/test/resources/config/application.yml}),
 * all with the password {@link #PASSWORD} (BCrypt cost 4 there, to keep tests fast):
 * alice and bob (AGENT, CONTENT_EDITOR); carol, dave, erin, frank, gina (AGENT); ed (CONTENT_EDITOR);
 * cora (COMPLIANCE_OFFICER); mia (ACCOUNT_MANAGER); olga and otto (OPERATIONS); feed (EVENT_SOURCE, the bank's
 * event feed); root (ADMIN) — all in the default team — and team "north": sam (SUPERVISOR) and nora (AGENT).
 */
public final class Staff {

    public static final String PASSWORD = "test-password-1";

    private Staff() {
    }

    /** HTTP Basic as this user: {@code web.get().uri(...).headers(Staff.as("alice"))}. */
    public static Consumer<HttpHeaders> as(String username) {
        return headers -> headers.setBasicAuth(username, PASSWORD);
    }
}
