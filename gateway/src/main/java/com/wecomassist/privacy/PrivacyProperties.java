package com.wecomassist.privacy;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Personal-data settings: how long the stores that had no time limit of their own keep customers'
 * texts, and how often that is enforced. The other stores of customer text are bounded by their own
 * features' settings (README, "Personal data"): the history and conversation state by their idle
 * time, the audit copies by {@code assist.audit.retention}, gaps and decided drafts by
 * {@code assist.learn.*-retention}.
 *
 * @param retention     how long each of those stores keeps a customer's text
 * @param sweepInterval how often every instance forgets what is past its retention (1m to 1d)
 */
@ConfigurationProperties(prefix = "assist.privacy", ignoreUnknownFields = false)
public record PrivacyProperties(@DefaultValue Retention retention, @DefaultValue("10m") Duration sweepInterval) {

    public PrivacyProperties {
        if (sweepInterval == null || sweepInterval.compareTo(Duration.ofMinutes(1)) < 0
                || sweepInterval.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("assist.privacy.sweep-interval must be within 1m..1d, not "
                    + sweepInterval);
        }
    }

    /**
     * @param checkedTexts    the compliance officer's lists of recent blocked, reviewed and passed texts
     *                        (flagged drafts), from when each was checked
     * @param pendingDrafts   drafts waiting in the approval queue that no agent decided, from when they
     *                        were queued (taken out unsent, and the conversation given back to the bot):
     *                        WeCom takes a reply only within 48 h of the customer's message, so a draft
     *                        older than that can no longer be sent as it is
     * @param openSuggestions variants suggested from customers' words that the content team has not
     *                        decided, from when first suggested (decided ones go after
     *                        {@code assist.learn.suggestion-retention})
     */
    public record Retention(@DefaultValue("30d") Duration checkedTexts,
                            @DefaultValue("7d") Duration pendingDrafts,
                            @DefaultValue("90d") Duration openSuggestions) {

        public Retention {
            atLeastAnHour(checkedTexts, "checked-texts");
            atLeastAnHour(pendingDrafts, "pending-drafts");
            atLeastAnHour(openSuggestions, "open-suggestions");
        }

        private static void atLeastAnHour(Duration retention, String name) {
            if (retention == null || retention.compareTo(Duration.ofHours(1)) < 0) {
                throw new IllegalArgumentException("assist.privacy.retention." + name + " must be at least 1h, not "
                        + retention);
            }
        }
    }
}
