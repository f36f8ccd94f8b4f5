package com.wecomassist.learn;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * A customer question the knowledge base did not answer with confidence: retrieval was unsure or
 * found nothing, or the conversation was handed to a person.
 *
 * @param id         derived from the customer's message, so a redelivered message is one gap
 * @param question   what the customer asked, masked for personal data
 * @param reason     the routing reason: {@code low-confidence}, {@code no-answer-in-kb},
 *                   {@code repeated-low-confidence}, or a handoff's ({@code customer-asked-for-person} …)
 * @param category   the top candidate's category, or null
 * @param confidence the retrieval confidence (0 when nothing was retrieved)
 * @param candidates the entries retrieval ranked first, best first (empty for an intent handoff)
 * @param at         when it was asked
 * @param conversation the conversation it was asked in ({@code kf:<open_kfid>:<external_userid>}), so that
 *                   the customer's data can be found and erased; null for a gap recorded before it was kept
 */
public record KnowledgeGap(String id, String question, String reason, String category, double confidence,
                           List<Candidate> candidates, Instant at, String conversation) {

    /** A ranked entry: the likely answer, its version and standard question, and its fused score. */
    public record Candidate(String entryId, long version, String question, double score) {
    }

    /** How many ranked entries a gap keeps. */
    public static final int CANDIDATES = 3;

    public KnowledgeGap {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
        at = at.truncatedTo(ChronoUnit.MILLIS);
    }

    /** The best candidate's entry id, or null. */
    public String topEntryId() {
        return candidates.isEmpty() ? null : candidates.get(0).entryId();
    }
}
