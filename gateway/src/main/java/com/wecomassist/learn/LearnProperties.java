package com.wecomassist.learn;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the knowledge base learns from agents and from the questions it could not answer.
 *
 * @param gapCapacity         most knowledge gaps kept (the oldest go first), 10 to 100000
 * @param gapRetention        how long a gap is kept, at least 1h
 * @param gapSimilarity       how alike two questions must be (character-pair overlap, 0.1 to 1) to
 *                            be grouped when they were ranked to the same entry
 * @param decisionRetention   how long after approving a low-confidence draft an agent may suggest
 *                            its question as a variant, at least 1m
 * @param suggestionRetention how long an accepted or dismissed suggestion stays listed, at least 1h
 * @param minVariantConfidence the retrieval confidence (0 to 1) below which a decided draft's question
 *                            is not offered as a variant: retrieval found nothing it resembles, so
 *                            whatever was sent, the question is too far from every entry to be one's variant
 */
@ConfigurationProperties(prefix = "assist.learn", ignoreUnknownFields = false)
public record LearnProperties(@DefaultValue("2000") int gapCapacity,
                              @DefaultValue("30d") Duration gapRetention,
                              @DefaultValue("0.5") double gapSimilarity,
                              @DefaultValue("7d") Duration decisionRetention,
                              @DefaultValue("90d") Duration suggestionRetention,
                              @DefaultValue("0.1") double minVariantConfidence) {

    public LearnProperties {
        if (gapCapacity < 10 || gapCapacity > 100_000) {
            throw new IllegalArgumentException("assist.learn.gap-capacity must be between 10 and 100000, not "
                    + gapCapacity);
        }
        if (gapRetention == null || gapRetention.compareTo(Duration.ofHours(1)) < 0) {
            throw new IllegalArgumentException("assist.learn.gap-retention must be at least 1h");
        }
        if (!(gapSimilarity >= 0.1 && gapSimilarity <= 1)) {
            throw new IllegalArgumentException("assist.learn.gap-similarity must be between 0.1 and 1, not "
                    + gapSimilarity);
        }
        if (decisionRetention == null || decisionRetention.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("assist.learn.decision-retention must be at least 1m");
        }
        if (suggestionRetention == null || suggestionRetention.compareTo(Duration.ofHours(1)) < 0) {
            throw new IllegalArgumentException("assist.learn.suggestion-retention must be at least 1h");
        }
        if (!(minVariantConfidence >= 0 && minVariantConfidence <= 1)) {
            throw new IllegalArgumentException("assist.learn.min-variant-confidence must be between 0 and 1, not "
                    + minVariantConfidence);
        }
    }
}
