package com.wecomassist.suggest;

import com.wecomassist.compliance.Hit;
import com.wecomassist.compliance.Verdict;
import com.wecomassist.compliance.pii.PiiMasker;
import com.wecomassist.compliance.rules.Action;
import com.wecomassist.compliance.rules.TextKind;
import com.wecomassist.comply.ComplianceReview;
import com.wecomassist.draft.DraftKind;
import com.wecomassist.draft.DraftRequest;
import com.wecomassist.draft.Drafter;
import com.wecomassist.retrieve.Retrieval;
import com.wecomassist.retrieve.Retriever;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reply suggestions for account managers (管户), who answer their own customers in their own WeCom
 * chats: for a customer's question, up to three replies, each drafted from one knowledge-base
 * entry, checked by the rule packs as an employee's reply, with its source. Blocked drafts are
 * never offered. The question is masked for personal data before it is searched or drafted from.
 */
public class SuggestionDesk {

    public static final int MAX_SUGGESTIONS = 3;

    private final Retriever retriever;
    private final Drafter drafter;
    private final ComplianceReview compliance;
    private final PiiMasker masker;

    public SuggestionDesk(Retriever retriever, Drafter drafter, ComplianceReview compliance, PiiMasker masker) {
        this.retriever = retriever;
        this.drafter = drafter;
        this.compliance = compliance;
        this.masker = masker;
    }

    public Mono<Suggestions> suggest(String question, String requestedBy) {
        String masked = masker.mask(question);
        return retriever.retrieve(masked, MAX_SUGGESTIONS).flatMap(retrieval -> Flux.fromIterable(retrieval.entries())
                .index()
                // one draft per entry, at the same time (an LLM drafter takes seconds each), best first
                .flatMapSequential(indexed -> drafter.draft(new DraftRequest("suggest:" + requestedBy, masked,
                                List.of(indexed.getT2().source()), false))
                        .filter(draft -> draft.kind() != DraftKind.HANDOFF)
                        .flatMap(draft -> compliance.check(draft.text(), TextKind.AGENT_REPLY).map(verdict ->
                                new Suggestion(verdict.text(), indexed.getT2(), indexed.getT1() == 0
                                        ? retrieval.confidence() : null, verdict.action().name(),
                                        verdict.hits().stream().map(Hit::explanation).toList())))
                        .filter(s -> !Action.BLOCK.name().equals(s.verdict())))
                .collectList()
                .map(list -> new Suggestions(masked, retrieval.confidence(), list)));
    }

    /**
     * @param question    the question as searched (masked)
     * @param confidence  the knowledge base's confidence that the first entry answers it
     * @param suggestions best first; fewer than three when entries are missing or blocked
     */
    public record Suggestions(String question, double confidence, List<Suggestion> suggestions) {
    }

    /**
     * @param text       the reply to copy, as compliance would let it be sent (notices appended)
     * @param source     the entry it was drafted from (id and version for the audit of what was said)
     * @param confidence the calibrated confidence, for the first suggestion only
     * @param verdict    PASS, APPEND_NOTICE, REWRITE or REVIEW (read the warnings before sending)
     * @param warnings   what the rules found
     */
    public record Suggestion(String text, Retrieval.RetrievedEntry source, Double confidence, String verdict,
                             List<String> warnings) {
    }
}
