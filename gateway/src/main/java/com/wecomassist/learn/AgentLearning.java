package com.wecomassist.learn;

import com.wecomassist.approval.PendingDraft;
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
 * variant of the entry it was answered from.
 */
public class AgentLearning {

    private static final Logger log = LoggerFactory.getLogger(AgentLearning.class);

    /** The routing reasons that say the knowledge base was not sure of the answer (one list: {@link ReasonCode#unsure()}). */
    private static final Set<String> UNSURE = Arrays.stream(ReasonCode.values()).filter(ReasonCode::unsure)
            .map(ReasonCode::code).collect(Collectors.toUnmodifiableSet());

    private final DecidedDrafts decisions;
    private final double autoSendConfidence;
    private final Clock clock;

    public AgentLearning(DecidedDrafts decisions, double autoSendConfidence, Clock clock) {
        this.decisions = decisions;
        this.autoSendConfidence = autoSendConfidence;
        this.clock = clock;
    }

    /** Remembers the draft the agent approved ({@code edited} false) or edited, when it was low-confidence. */
    public Mono<Void> decided(PendingDraft draft, String agent, boolean edited) {
        if (!lowConfidence(draft.reasons(), draft.confidence())) {
            return Mono.empty();
        }
        return decisions.remember(DecidedDraft.of(draft, agent, edited, clock.instant()))
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
