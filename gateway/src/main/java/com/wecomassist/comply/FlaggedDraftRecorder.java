package com.wecomassist.comply;

import com.wecomassist.compliance.Verdict;
import com.wecomassist.compliance.pii.PiiMasker;
import com.wecomassist.compliance.rules.Action;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Keeps, for the compliance officer, the texts compliance checked, masked for personal data before
 * they are stored: every AI draft and agent's text whose verdict was BLOCK or REVIEW in the flagged
 * list; in the passed list every agent's text that passed and a sample of the AI drafts that passed
 * ({@code assist.compliance.passed-sample-rate}), for the officer to mark what slipped through.
 */
public class FlaggedDraftRecorder {

    private static final Logger log = LoggerFactory.getLogger(FlaggedDraftRecorder.class);

    private final RecentTexts lists;
    private final double passedSampleRate;
    private final PiiMasker masker;
    private final Clock clock;

    public FlaggedDraftRecorder(RecentTexts lists, double passedSampleRate, PiiMasker masker, Clock clock) {
        this.lists = lists;
        this.passedSampleRate = passedSampleRate;
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
        if (passed(verdict) && !sampled()) {
            return Mono.empty();
        }
        return keep(conversation, draftId, FlaggedDraft.AI_DRAFT, "bot", customerText, draftText, verdict, route);
    }

    /** An agent's own text (an edit of a draft, a rejection's answer, a reply), whatever its verdict. */
    public Mono<Void> agentText(String conversation, String draftId, String agent, String customerText, String text,
                                Verdict verdict) {
        String id = draftId != null ? draftId : "agent-" + UUID.randomUUID().toString().substring(0, 13);
        return keep(conversation, id, FlaggedDraft.AGENT_REPLY, agent, customerText, text, verdict,
                verdict.action() == Action.BLOCK ? "NOT_SENT" : "SENT");
    }

    private static boolean passed(Verdict verdict) {
        return !RecentTexts.FLAGGED_ACTIONS.contains(verdict.action().name());
    }

    private boolean sampled() {
        return passedSampleRate >= 1 || (passedSampleRate > 0 && ThreadLocalRandom.current().nextDouble() < passedSampleRate);
    }

    private Mono<Void> keep(String conversation, String id, String source, String actor, String customerText,
                            String checked, Verdict verdict, String route) {
        return Mono.defer(() -> {
            String shown = masker.mask(checked);
            return lists.listFor(verdict.action().name()).record(new FlaggedDraft(id, clock.instant(), conversation,
                    source, actor, customerText, shown, verdict.action().name(),
                    FlaggedDraft.findings(verdict, checked, shown), verdict.packs(), route));
        }).onErrorResume(e -> {
            // Fail open: these lists are a reading copy; the audit trail has the verdict and its hits.
            log.warn("could not keep checked text {} for the compliance officer: {}", id, e.toString());
            return Mono.empty();
        });
    }
}
