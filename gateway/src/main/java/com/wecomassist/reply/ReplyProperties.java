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
 * @param burstQuietPeriod a customer's message is answered only after this long without a newer
 *                      line from them, so that several lines typed in a row get one answer
 * @param burstSpan     lines of one burst are at most this far apart (older unanswered lines are not
 *                      folded into the question)
 * @param maxBurstLines at most this many lines are answered together
 * @param handoffText   sent when the conversation goes to a person (the customer asked, complained, …)
 * @param blockedText   sent instead of a draft the compliance rules block; a person then takes over
 * @param menuHeadText  the head of a 猜你想问 menu (above the candidate questions)
 * @param menuTailText  the tail of a 猜你想问 menu (below them)
 * @param menuDeclinedText sent when the customer answers a menu with 人工: their question goes to the agents
 * @param menuCheckInterval how often menus past {@code assist.route.menu-wait} are looked for
 */
@ConfigurationProperties(prefix = "assist.reply", ignoreUnknownFields = false)
public record ReplyProperties(
        @DefaultValue("30m") Duration maxMessageAge,
        @DefaultValue("20") int historyTurns,
        @DefaultValue("48h") Duration historyIdleTtl,
        @DefaultValue("您好，欢迎咨询本行在线客服。请直接输入您的问题，我们会尽快为您解答。") String welcomeText,
        @DefaultValue("您好，目前我只能阅读文字消息。请用文字描述您的问题，我们会尽快为您解答。") String nonTextText,
        @DefaultValue("2s") Duration burstQuietPeriod,
        @DefaultValue("2m") Duration burstSpan,
        @DefaultValue("5") int maxBurstLines,
        @DefaultValue("您好，正在为您转接人工客服，请稍候，工作人员会尽快为您服务。") String handoffText,
        @DefaultValue("您好，您的问题需要工作人员进一步核实，已为您转接人工客服，请稍候。") String blockedText,
        @DefaultValue("您是想问以下哪个问题？") String menuHeadText,
        @DefaultValue("都不是？回复「人工」") String menuTailText,
        @DefaultValue("好的，已将您的问题转给工作人员，请稍候。") String menuDeclinedText,
        @DefaultValue("5s") Duration menuCheckInterval) {

    public ReplyProperties {
        if (historyTurns < 1 || historyTurns > 500) {
            throw new IllegalArgumentException("assist.reply.history-turns must be between 1 and 500");
        }
        if (maxMessageAge.isNegative() || maxMessageAge.isZero()) {
            throw new IllegalArgumentException("assist.reply.max-message-age must be positive");
        }
        if (burstQuietPeriod.isNegative() || burstQuietPeriod.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("assist.reply.burst-quiet-period must be between 0 and 1m");
        }
        if (burstSpan.isNegative() || burstSpan.isZero()) {
            throw new IllegalArgumentException("assist.reply.burst-span must be positive");
        }
        if (maxBurstLines < 1 || maxBurstLines > 50) {
            throw new IllegalArgumentException("assist.reply.max-burst-lines must be between 1 and 50");
        }
        if (menuCheckInterval.isNegative() || menuCheckInterval.isZero()) {
            throw new IllegalArgumentException("assist.reply.menu-check-interval must be positive");
        }
        for (String text : new String[] {welcomeText, nonTextText, handoffText, blockedText, menuHeadText,
                menuTailText, menuDeclinedText}) {
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException("assist.reply.*-text settings must not be empty");
            }
        }
    }
}
