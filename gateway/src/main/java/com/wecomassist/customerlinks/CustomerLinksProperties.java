package com.wecomassist.customerlinks;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The bank's links of WeCom customers to its customer numbers, 管户 and tiers.
 *
 * @param tiers              the bank's tiers and who serves each: {@code account-manager} (the customer's
 *                           管户) or {@code direct} (直营: the 直营 agents, whoever the 管户 is). Empty: any tier
 *                           is accepted and served by the 管户; otherwise a link with a tier not listed is refused
 * @param topic              cluster mode: the Kafka topic the bank writes links to (keyed by external_userid);
 *                           records that cannot be read go to {@code <topic>-dlt}
 * @param consumerGroup      cluster mode: the consumer group that reads the topic (one for all instances: the
 *                           store is shared)
 * @param importBatchSize    lines of an import written to the store in one round trip
 * @param importErrorsListed an import's per-line errors listed in its report (the rest are counted)
 * @param importProgressEvery an import reports its progress every this many lines
 */
@ConfigurationProperties(prefix = "assist.customer-links", ignoreUnknownFields = false)
public record CustomerLinksProperties(
        Map<String, ServedBy> tiers,
        @DefaultValue("assist.customer-links") String topic,
        @DefaultValue("assist-customer-links") String consumerGroup,
        @DefaultValue("500") int importBatchSize,
        @DefaultValue("1000") int importErrorsListed,
        @DefaultValue("10000") int importProgressEvery) {

    public CustomerLinksProperties {
        tiers = tiers == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tiers));
        require(!topic.isBlank(), "assist.customer-links.topic must not be blank");
        require(!consumerGroup.isBlank(), "assist.customer-links.consumer-group must not be blank");
        require(importBatchSize >= 1 && importBatchSize <= 5_000,
                "assist.customer-links.import-batch-size must be between 1 and 5000");
        require(importErrorsListed >= 0, "assist.customer-links.import-errors-listed must not be negative");
        require(importProgressEvery >= 1, "assist.customer-links.import-progress-every must be at least 1");
    }

    /** Whether a link may carry this tier (null: no tier, always). */
    public boolean knowsTier(String tier) {
        return tier == null || tiers.isEmpty() || tiers.containsKey(tier);
    }

    /** Whether customers of this tier are served by 直营 rather than by their 管户. */
    public boolean servedDirect(String tier) {
        return tier != null && tiers.get(tier) == ServedBy.DIRECT;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Who serves a tier's customers. */
    public enum ServedBy {
        /** the customer's 管户 (their drafts go to that person's queue) */
        ACCOUNT_MANAGER,
        /** 直营 (the 直营 agents' queue) */
        DIRECT
    }
}
