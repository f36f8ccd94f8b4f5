package com.wecomassist.reply;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the gateway answers.
 *
 * @param maxMessageAge customer messages older than this are recorded but not answered (after a
 *                      restart, sync_msg can return up to three days of messages)
 * @param historyTurns  turns kept per conversation
 * @param historyIdleTtl a conversation's history is dropped after this long without activity
 * @param welcomeText   sent once when a customer enters a session and WeCom gives a welcome code
 * @param nonTextText   sent when a customer sends something other than text
 */
@ConfigurationProperties(prefix = "assist.reply", ignoreUnknownFields = false)
public record ReplyProperties(
        @DefaultValue("30m") Duration maxMessageAge,
        @DefaultValue("20") int historyTurns,
        @DefaultValue("48h") Duration historyIdleTtl,
        @DefaultValue("您好，欢迎咨询本行在线客服。请直接输入您的问题，我们会尽快为您解答。") String welcomeText,
        @DefaultValue("您好，目前我只能阅读文字消息。请用文字描述您的问题，我们会尽快为您解答。") String nonTextText) {

    public ReplyProperties {
        if (historyTurns < 1 || historyTurns > 500) {
            throw new IllegalArgumentException("assist.reply.history-turns must be between 1 and 500");
        }
        if (maxMessageAge.isNegative() || maxMessageAge.isZero()) {
            throw new IllegalArgumentException("assist.reply.max-message-age must be positive");
        }
    }
}
