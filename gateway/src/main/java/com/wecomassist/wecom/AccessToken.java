package com.wecomassist.wecom;

import java.time.Duration;
import java.time.Instant;

/** An access token and when it stops working. Never logged, never sent to a browser. */
public record AccessToken(String value, Instant expiresAt) {

    public boolean usableAt(Instant now, Duration margin) {
        return now.plus(margin).isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "AccessToken[expiresAt=" + expiresAt + "]";
    }
}
