package com.wecomassist.learn;

import com.wecomassist.approval.PendingDraft;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A low-confidence draft an agent approved or edited, kept after it left the approval queue so
 * that the agent can suggest its question as a variant, and the gateway can check that they did
 * decide it.
 *
 * @param draftId      the draft
 * @param conversation its conversation id
 * @param customerText the customer's words, masked
 * @param sources      the entries the draft rested on, as {@code entryId@version}
 * @param answeredFrom the one source whose answer the customer received ({@code entryId@version},
 *                     judged by {@link SentAnswers}), or null when the text sent was none of them's
 *                     answer: then the customer's question is no entry's variant
 * @param confidence   the retrieval confidence
 * @param reasons      the routing reasons
 * @param decidedBy    the agent
 * @param edited       true when the agent edited the answer
 * @param decidedAt    when
 */
public record DecidedDraft(String draftId, String conversation, String customerText, List<String> sources,
                           String answeredFrom, double confidence, List<String> reasons, String decidedBy, boolean edited,
                           Instant decidedAt) {

    public DecidedDraft {
        Objects.requireNonNull(draftId, "draftId");
        Objects.requireNonNull(decidedBy, "decidedBy");
        Objects.requireNonNull(decidedAt, "decidedAt");
        customerText = customerText == null ? "" : customerText;
        sources = sources == null ? List.of() : List.copyOf(sources);
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
        decidedAt = decidedAt.truncatedTo(ChronoUnit.MILLIS);
    }

    /** The decision before it is known whose answer was sent ({@code answeredFrom} null). */
    static DecidedDraft of(PendingDraft draft, String agent, boolean edited, Instant at) {
        return new DecidedDraft(draft.draftId(), draft.conversation().id(), draft.customerText(), draft.sources(),
                null, draft.confidence(), draft.reasons(), agent, edited, at);
    }

    /** The same decision, the customer having received this source's answer ({@code entryId@version}). */
    DecidedDraft withAnsweredFrom(String source) {
        return new DecidedDraft(draftId, conversation, customerText, sources, source, confidence, reasons, decidedBy,
                edited, decidedAt);
    }

    /** The draft's sources as entry id → the version the draft used, best first. */
    Map<String, Long> sourceVersions() {
        Map<String, Long> versions = new LinkedHashMap<>();
        entryIds().forEach(id -> versions.putIfAbsent(id, versionOf(id)));
        return versions;
    }

    /** The entry id of {@link #answeredFrom()}, or empty when the customer received no source's answer. */
    public Optional<String> answeredEntryId() {
        return Optional.ofNullable(answeredFrom).map(DecidedDraft::entryIdOf);
    }

    /** The entry ids of the sources, best first. */
    public List<String> entryIds() {
        return sources.stream().map(DecidedDraft::entryIdOf).toList();
    }

    /** The version of a source entry the draft rested on, or 0 when it is not a source. */
    public long versionOf(String entryId) {
        for (String source : sources) {
            if (entryIdOf(source).equals(entryId)) {
                int at = source.lastIndexOf('@');
                try {
                    return at < 0 ? 0 : Long.parseLong(source.substring(at + 1));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    private static String entryIdOf(String source) {
        int at = source.lastIndexOf('@');
        return at < 0 ? source : source.substring(0, at);
    }
}
