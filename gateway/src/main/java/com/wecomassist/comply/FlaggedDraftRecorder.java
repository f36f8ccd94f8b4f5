package com.wecomassist.comply;

import com.wecomassist.compliance.Verdict;
import com.wecomassist.compliance.pii.PiiMasker;
import com.wecomassist.compliance.rules.Action;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Keeps, for the compliance officer, every AI draft and agent's text whose verdict was BLOCK or
 * REVIEW (others are ignored), masked for personal data before it is stored.
 */
public class FlaggedDraftRecorder {

    private static final Logger log = LoggerFactory.getLogger(FlaggedDraftRecorder.class);

    private final FlaggedDrafts drafts;
    private final PiiMasker masker;
    private final Clock clock;

    public FlaggedDraftRecorder(FlaggedDrafts drafts, PiiMasker masker, Clock clock) {
        this.drafts = drafts;
        this.masker = masker;
        this.clock = clock;
    }

    /**
     * An AI draft's verdict.
     *
     * @param customerText what the customer wrote, masked already
     * @param route        what the routing policy did with the draft
     */
    public Mono<Void> aiDraft(String conversation, String draftId, String customerText, String draftText,
                              Verdict verdict, String route) {
        return keep(conversation, draftId, FlaggedDraft.AI_DRAFT, "bot", customerText, draftText, verdict, route);
    }

    /** An agent's own text (an edit of a draft, a rejection's answer, a reply) that was refused or flagged. */
    public Mono<Void> agentText(String conversation, String draftId, String agent, String customerText, String text,
                                Verdict verdict) {
        String id = draftId != null ? draftId : "agent-" + UUID.randomUUID().toString().substring(0, 13);
        return keep(conversation, id, FlaggedDraft.AGENT_REPLY, agent, customerText, text, verdict,
                verdict.action() == Action.BLOCK ? "NOT_SENT" : "SENT");
    }

    private Mono<Void> keep(String conversation, String id, String source, String actor, String customerText,
                            String checked, Verdict verdict, String route) {
        if (verdict.action() != Action.BLOCK && verdict.action() != Action.REVIEW) {
            return Mono.empty();
        }
        return Mono.defer(() -> {
            String shown = masker.mask(checked);
            return drafts.record(new FlaggedDraft(id, clock.instant(), conversation, source, actor, customerText,
                    shown, verdict.action().name(), FlaggedDraft.findings(verdict, checked, shown), verdict.packs(),
                    route));
        }).onErrorResume(e -> {
            // Fail open: this list is a reading copy; the audit trail has the verdict and its hits.
            log.warn("could not keep flagged text {} for the compliance officer: {}", id, e.toString());
            return Mono.empty();
        });
    }
}
