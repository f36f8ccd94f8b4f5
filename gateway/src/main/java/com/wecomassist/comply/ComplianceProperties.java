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
                                   @DefaultValue("0.1") double passedSampleRate,
                                   @DefaultValue("") String exemplars,
                                   @DefaultValue("5s") Duration publicationPoll,
                                   @DefaultValue Regression regression) {

    /** Most a request may list: a page, not an export. */
    public static final int MAX_LIMIT = 200;

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
}
