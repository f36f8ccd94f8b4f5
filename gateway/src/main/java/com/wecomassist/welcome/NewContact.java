package com.wecomassist.welcome;

import java.time.Instant;
import java.util.Objects;

/**
 * An add_external_contact (or add_half_external_contact) event that carries a welcome_code: the
 * employee ({@code userId}) and customer who became contacts, the channel code ({@code state}, may
 * be null) and when WeCom says it happened ({@code createdAt}, from CreateTime: the code's 20 s count
 * from it).
 */
public record NewContact(String changeType, String userId, String externalUserId, String state,
                         String welcomeCode, Instant createdAt) {

    public NewContact {
        Objects.requireNonNull(welcomeCode, "welcomeCode");
        Objects.requireNonNull(createdAt, "createdAt");
        userId = userId == null ? "" : userId;
        externalUserId = externalUserId == null ? "" : externalUserId;
        state = state == null || state.isBlank() ? null : state.strip();
    }

    /** The audit trail's conversation id of this pair: {@code contact:<userid>:<external_userid>}. */
    public String conversationId() {
        return "contact:" + userId + ":" + externalUserId;
    }
}
