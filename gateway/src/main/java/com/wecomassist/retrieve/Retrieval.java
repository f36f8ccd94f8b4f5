package com.wecomassist.retrieve;

import com.wecomassist.draft.DraftSource;
import java.util.List;

/**
 * What retrieval found for one customer message.
 *
 * @param entries    the best distinct answers, best first; empty when nothing matched
 * @param confidence calibrated probability that the first entry answers the message (0 when empty)
 * @param menuConfidence calibrated probability that one of the first three entries answers it (what a
 *                   猜你想问 menu would offer; at least {@code confidence}, 0 when empty)
 * @param tookNanos  time the search took, for the per-stage latency metric
 */
public record Retrieval(List<RetrievedEntry> entries, double confidence, double menuConfidence, long tookNanos) {

    public Retrieval {
        entries = List.copyOf(entries);
        if (confidence < 0 || confidence > 1 || Double.isNaN(confidence)) {
            throw new IllegalArgumentException("confidence must be within 0..1, not " + confidence);
        }
        if (menuConfidence < confidence || menuConfidence > 1 || Double.isNaN(menuConfidence)) {
            throw new IllegalArgumentException("menuConfidence must be within confidence..1, not " + menuConfidence);
        }
    }

    public static Retrieval nothing() {
        return new Retrieval(List.of(), 0, 0, 0);
    }

    /** The entries as the drafter sees them. */
    public List<DraftSource> sources() {
        return entries.stream().map(RetrievedEntry::source).toList();
    }

    /** The top entry's category, or null when nothing matched (metrics and dashboards group by it). */
    public String topCategory() {
        return entries.isEmpty() ? null : entries.get(0).category();
    }

    /**
     * One retrieved entry.
     *
     * @param entryId  the entry's id
     * @param version  its version (recorded with every draft for the audit trail)
     * @param question its standard question
     * @param answer   its curated answer
     * @param category its category (may be empty)
     * @param score    the fused ranking score (higher is better; not a probability)
     */
    public record RetrievedEntry(String entryId, long version, String question, String answer, String category,
                                 double score) {

        public DraftSource source() {
            return new DraftSource(entryId, Math.toIntExact(version), question, answer);
        }
    }
}
