package com.wecomassist.draft;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What every drafter shares.
 *
 * @param bankName      how the assistant names the bank in prompts and welcome texts
 * @param maxReplyBytes an LLM draft longer than this (UTF-8) is refused and the KB drafter answers;
 *                      2048 is one WeCom text message
 */
@ConfigurationProperties(prefix = "assist.draft", ignoreUnknownFields = false)
public record DraftProperties(
        @DefaultValue("本行") String bankName,
        @DefaultValue("2048") int maxReplyBytes) {

    public DraftProperties {
        if (bankName == null || bankName.isBlank()) {
            throw new IllegalArgumentException("assist.draft.bank-name must not be empty");
        }
        if (maxReplyBytes < 64 || maxReplyBytes > 2048) {
            throw new IllegalArgumentException("assist.draft.max-reply-bytes must be between 64 and 2048 (one WeCom message)");
        }
    }
}
