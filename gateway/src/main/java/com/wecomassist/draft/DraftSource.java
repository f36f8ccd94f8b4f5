package com.wecomassist.draft;

import java.util.Objects;

/**
 * One knowledge-base entry retrieved for a customer message, as the drafter sees it. Its own
 * record (not the knowledge-base module's type), so drafting and retrieval can change apart; the
 * reply pipeline maps search hits onto it, best first.
 *
 * @param entryId  the entry's id, which a draft cites
 * @param version  the entry's version, recorded with the draft for the audit trail
 * @param question the entry's main question
 * @param answer   the curated answer
 */
public record DraftSource(String entryId, int version, String question, String answer) {

    public DraftSource {
        Objects.requireNonNull(entryId, "entryId");
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(answer, "answer");
        if (entryId.isBlank()) {
            throw new IllegalArgumentException("entryId must not be blank");
        }
    }

    public SourceRef ref() {
        return new SourceRef(entryId, version);
    }
}
