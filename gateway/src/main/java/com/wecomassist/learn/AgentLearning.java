package com.wecomassist.learn;

import com.wecomassist.approval.PendingDraft;
import com.wecomassist.knowledge.CurationDesk;
import com.wecomassist.route.ReasonCode;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * What the knowledge base learns from an agent's decision: a low-confidence draft (the routing
 * policy was unsure or found no answer, or the confidence is below the auto-send threshold) that
 * the agent approved or edited is remembered, so that the agent may suggest its question as a
 * variant of the entry it was answered from — and with it which entry that is: the one source whose
 * answer the text sent carries ({@link SentAnswers}), if any. A draft rests on every entry retrieval
 * ranked; an agent who rewrote its answer did not send any of them, and the question is no variant.
 */
public class AgentLearning {

    private static final Logger log = LoggerFactory.getLogger(AgentLearning.class);

    /** The routing reasons that say the knowledge base was not sure of the answer (one list: {@link ReasonCode#unsure()}). */
    private static final Set<String> UNSURE = Arrays.stream(ReasonCode.values()).filter(ReasonCode::unsure)
            .map(ReasonCode::code).collect(Collectors.toUnmodifiableSet());

    private final DecidedDrafts decisions;
    private final CurationDesk kb;
    private final double autoSendConfidence;
    private final Clock clock;

    public AgentLearning(DecidedDrafts decisions, CurationDesk kb, double autoSendConfidence, Clock clock) {
        this.decisions = decisions;
        this.kb = kb;
        this.autoSendConfidence = autoSendConfidence;
        this.clock = clock;
    }

    /**
     * Remembers the draft the agent approved ({@code edited} false) or edited, when it was
     * low-confidence, with the source whose answer {@code sentText} (what the customer received) is.
     */
    public Mono<Void> decided(PendingDraft draft, String agent, String sentText, boolean edited) {
        if (!lowConfidence(draft.reasons(), draft.confidence())) {
            return Mono.empty();
        }
        DecidedDraft decided = DecidedDraft.of(draft, agent, edited, clock.instant());
        // the answers at the versions the draft used: the entry may have changed since
        return kb.atVersions(decided.sourceVersions())
                .map(sources -> SentAnswers.received(sentText, sources)
                        .map(entry -> decided.withAnsweredFrom(entry.id() + "@" + entry.version()))
                        .orElse(decided))
                .flatMap(decisions::remember)
                .onErrorResume(e -> {
                    // Fail open: the customer has the answer; only the offer to learn from it is lost.
                    log.warn("could not keep decided draft {} for suggestions: {}", draft.draftId(), e.toString());
                    return Mono.empty();
                });
    }

    /** True when a routing reason says the KB was unsure, or the confidence is below auto-send. */
    public boolean lowConfidence(List<String> reasons, double confidence) {
        return confidence < autoSendConfidence || reasons.stream().map(AgentLearning::codeOf).anyMatch(UNSURE::contains);
    }

    /** A queued draft's reason is {@code "code: detail"}. */
    static String codeOf(String reason) {
        int colon = reason.indexOf(':');
        return (colon < 0 ? reason : reason.substring(0, colon)).strip();
    }
}
