package com.wecomassist.comply;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Compliance settings.
 *
 * @param recentCapacity   how many of the latest blocked or reviewed texts the compliance officer's
 *                         list keeps (the oldest fall off; the audit trail keeps everything); the list
 *                         of passed texts is bounded by the same number
 * @param checkThreads     threads that run checks (the rule packs and the semantic layer's sentence
 *                         embeddings); unset means one per available processor
 * @param checkQueue       checks waiting for one of those threads; beyond it a check is not queued
 *                         but answered at once with a fail-closed REVIEW (a person looks at the text)
 * @param semantic         layer 2: sentence embeddings against curated exemplars
 * @param judge            layer 3: the LLM's second opinion on texts the first two layers pass by a
 *                         thin margin or send to review
 * @param passedSampleRate share of the AI drafts that passed (PASS, APPEND_NOTICE, REWRITE) kept in
 *                         the passed list for the officer to teach from (0 to 1). Agents' own texts
 *                         that passed are always kept: they are fewer and written by a person
 * @param exemplars        JSONL file of the exemplars the officer's additions are added to
 *                         ({@code {"text","label","category","basis","source"}}); blank uses the shipped ones
 * @param publicationPoll  how often an instance looks for a publication made on another instance
 * @param regression       the publish gate of rule-pack and exemplar changes
 */
@ConfigurationProperties(prefix = "assist.compliance", ignoreUnknownFields = false)
public record ComplianceProperties(@DefaultValue("500") int recentCapacity,
                                   Integer checkThreads,
                                   @DefaultValue("10000") int checkQueue,
                                   @DefaultValue Semantic semantic,
                                   @DefaultValue Judge judge,
                                   @DefaultValue("0.1") double passedSampleRate,
                                   @DefaultValue("") String exemplars,
                                   @DefaultValue("5s") Duration publicationPoll,
                                   @DefaultValue Regression regression) {

    /** Most a request may list: a page, not an export. */
    public static final int MAX_LIMIT = 200;

    /**
     * Layer 2.
     *
     * @param enabled    build the semantic layer at startup from the shipped exemplars, with the
     *                   knowledge base's embedding model (no second copy of the model, no service)
     * @param vectorFile where the exemplars' sentence vectors are kept between starts (a cache: a
     *                   file from another model or unreadable is ignored and rewritten); blank embeds
     *                   every exemplar at every start
     */
    public record Semantic(@DefaultValue("true") boolean enabled,
                           @DefaultValue("./data/compliance/exemplar-vectors.bin") String vectorFile) {

        public Semantic {
            vectorFile = vectorFile == null ? "" : vectorFile.strip();
        }
    }

    /**
     * Layer 3.
     *
     * @param enabled ask the model configured under {@code assist.llm}; unset means yes whenever a
     *                model is configured (there is nothing to ask otherwise, and true without one
     *                is refused at startup)
     * @param timeout longest wait for the model's opinion; past it the first two layers' verdict
     *                stands (the opinion could only have made it stricter)
     */
    public record Judge(Boolean enabled, @DefaultValue("5s") Duration timeout) {

        public Judge {
            if (timeout == null || timeout.toMillis() < 1 || timeout.compareTo(Duration.ofMinutes(2)) > 0) {
                throw new IllegalArgumentException("assist.compliance.judge.timeout must be within 1ms..2m, not "
                        + timeout);
            }
        }

        /** Whether the judge runs, given whether a model is configured. */
        public boolean enabledWith(boolean llmConfigured) {
            if (Boolean.TRUE.equals(enabled) && !llmConfigured) {
                throw new IllegalArgumentException("assist.compliance.judge.enabled=true needs a model: set "
                        + "assist.llm.base-url (ASSIST_LLM_BASE_URL) and assist.llm.model, or leave the judge unset");
            }
            return enabled == null ? llmConfigured : enabled;
        }
    }

    /**
     * The regression gate: a change is measured on the labelled set before and after, and refused
     * when recall or clean pass falls by more than {@code maxDrop} on either part unless the officer
     * gives a reason.
     *
     * @param maxDrop  how far recall or clean pass may fall (0 to 1, e.g. 0.01 = one point)
     * @param tune     JSONL file of the tuning part (labelled-set row format); blank uses the shipped one
     * @param heldBack JSONL file of the held-back part; blank uses the shipped one
     */
    public record Regression(@DefaultValue("0.01") double maxDrop, @DefaultValue("") String tune,
                             @DefaultValue("") String heldBack) {

        public Regression {
            if (!(maxDrop >= 0 && maxDrop <= 1)) {
                throw new IllegalArgumentException("assist.compliance.regression.max-drop must be within 0..1 "
                        + "(a share of the rows, e.g. 0.01), not " + maxDrop);
            }
            tune = tune == null ? "" : tune.strip();
            heldBack = heldBack == null ? "" : heldBack.strip();
        }
    }

    public ComplianceProperties {
        if (recentCapacity < 1 || recentCapacity > 100_000) {
            throw new IllegalArgumentException("assist.compliance.recent-capacity must be within 1..100000, not "
                    + recentCapacity);
        }
        if (checkThreads == null) {
            checkThreads = Runtime.getRuntime().availableProcessors();
        }
        if (checkThreads < 1 || checkThreads > 1_000) {
            throw new IllegalArgumentException("assist.compliance.check-threads must be within 1..1000, not "
                    + checkThreads);
        }
        if (checkQueue < 1 || checkQueue > 1_000_000) {
            throw new IllegalArgumentException("assist.compliance.check-queue must be within 1..1000000, not "
                    + checkQueue);
        }
        if (semantic == null) {
            semantic = new Semantic(true, "./data/compliance/exemplar-vectors.bin");
        }
        if (judge == null) {
            judge = new Judge(null, Duration.ofSeconds(5));
        }
        if (!(passedSampleRate >= 0 && passedSampleRate <= 1)) {
            throw new IllegalArgumentException("assist.compliance.passed-sample-rate must be within 0..1, not "
                    + passedSampleRate);
        }
        exemplars = exemplars == null ? "" : exemplars.strip();
        if (publicationPoll == null || publicationPoll.toMillis() < 100
                || publicationPoll.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("assist.compliance.publication-poll must be within 100ms..10m, not "
                    + publicationPoll);
        }
        if (regression == null) {
            regression = new Regression(0.01, "", "");
        }
    }

    /** The defaults, for tests and tools. */
    public static ComplianceProperties defaults() {
        return new ComplianceProperties(500, null, 10_000, null, null, 0.1, "", Duration.ofSeconds(5), null);
    }
}
