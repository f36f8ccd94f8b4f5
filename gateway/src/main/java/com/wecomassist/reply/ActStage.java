package com.wecomassist.reply;

import com.wecomassist.approval.ApprovalQueue;
import com.wecomassist.approval.PendingDraft;
import com.wecomassist.approval.Refusal;
import com.wecomassist.compliance.Verdict;
import com.wecomassist.conversation.ConversationStore;
import com.wecomassist.conversation.HandOff;
import com.wecomassist.draft.Grounding;
import com.wecomassist.inbound.InboundMessage;
import com.wecomassist.outbound.OutboundHandOff;
import com.wecomassist.outbound.OutgoingReply;
import com.wecomassist.retrieve.Retrieval;
import com.wecomassist.route.ReasonCode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * outbound | approval queue | handoff: what the routing decision says. A confident, compliant draft
 * goes out; a 猜你想问 menu offers the candidates; an unsure or reviewed one waits for an agent; a question for a person, or a blocked
 * draft, gets a notice and goes to the people's queue.
 */
final class ActStage {

    private static final Logger log = LoggerFactory.getLogger(ActStage.class);

    private final OutboundHandOff outbound;
    private final ApprovalQueue approvals;
    private final ConversationStore conversations;
    private final ReplyProperties settings;
    private final Duration sla;
    private final ReplyRecorder recorder;
    private final Clock clock;
    private final MenuStage menus;

    /** @param sla how long agents have to decide on a queued draft */
    ActStage(OutboundHandOff outbound, ApprovalQueue approvals, ConversationStore conversations,
             ReplyProperties settings, Duration sla, ReplyRecorder recorder, Clock clock, MenuStage menus) {
        this.outbound = outbound;
        this.approvals = approvals;
        this.conversations = conversations;
        this.settings = settings;
        this.sla = sla;
        this.recorder = recorder;
        this.clock = clock;
        this.menus = menus;
    }

    Mono<Void> apply(Answer answer) {
        InboundMessage message = answer.message();
        return switch (answer.decision().route()) {
            case AUTO_SEND -> recorder.timed("send", outbound.handOn(chosenFromMenu(answer)
                    ? OutgoingReply.menuAnswer(answer.draftId(), message.conversation(), answer.verdict().text(),
                            message.messageId(), answer.retrieval().topCategory())
                    : OutgoingReply.botAnswer(answer.draftId(), message.conversation(), answer.verdict().text(),
                            message.messageId(), answer.retrieval().topCategory())));
            case MENU -> menus.offer(answer);
            case APPROVAL -> queueForApproval(answer);
            case HANDOFF -> outbound.handOn(OutgoingReply.handingOff(OutgoingReply.Purpose.HANDOFF_NOTICE,
                    message.conversation(), settings.handoffText(), message.messageId(), handOff(answer)));
            case BLOCK -> outbound.handOn(OutgoingReply.handingOff(OutgoingReply.Purpose.HOLDING,
                    message.conversation(), settings.blockedText(), message.messageId(), handOff(answer)));
        };
    }

    /** The customer picked this answer from a 猜你想问 menu (counted apart from the bot's own answers). */
    private static boolean chosenFromMenu(Answer answer) {
        return answer.decision().reasons().stream().anyMatch(r -> r.reason() == ReasonCode.MENU_CHOSEN);
    }

    /** Why people get the conversation: the routing decision's deciding reason and priority, from now. */
    private HandOff handOff(Answer answer) {
        return new HandOff(answer.decision().decidingReason().code(), answer.decision().priority(), clock.instant());
    }

    private Mono<Void> queueForApproval(Answer answer) {
        InboundMessage message = answer.message();
        PendingDraft pending = PendingDraft.awaiting(answer.draftId(), message.conversation(), message.messageId(),
                        answer.question().text(), answer.verdict().text(), clock.instant(), sla)
                .withSources(answer.draft().sources().stream().map(Object::toString).toList(),
                        answer.retrieval().confidence(), answer.retrieval().topCategory())
                .withRouting(answer.decision().explained(), answer.decision().priority(), answer.decision().queue())
                .withHits(findings(answer.verdict(), answer.draft().grounding()))
                .withCandidates(candidates(answer.retrieval()));
        return approvals.enqueue(pending)
                .flatMap(outcome -> {
                    if (outcome.refusal() == Refusal.ALREADY_COMPLETED) {
                        // a redelivered message whose draft an agent decided already: no approval will
                        // come, and a conversation waiting for one would keep the bot silent for good
                        log.info("draft {} not queued again: it was decided already", pending.draftId());
                        return conversations.update(message.conversation(),
                                        c -> c.draftDecidedAlready(clock.instant()))
                                .then(recorder.notAnswered(message, "its draft " + pending.draftId()
                                        + " was decided by an agent already"));
                    }
                    if (!outcome.ok()) {
                        // a redelivered message: its draft is in the queue already, and waits there
                        log.info("draft {} not queued again: {}", pending.draftId(), outcome.refusal());
                    }
                    return conversations.update(message.conversation(),
                                    c -> c.draftQueuedForApproval(clock.instant()))
                            .then(recorder.queued(answer, pending));
                });
    }

    /** Retrieval's best entries, best first, for the agent to send one of them instead of the draft. */
    static List<PendingDraft.Candidate> candidates(Retrieval retrieval) {
        // an entry without an answer has nothing to send (the rank is its place among those that do)
        List<Retrieval.RetrievedEntry> best = retrieval.entries().stream()
                .filter(e -> e.answer() != null && !e.answer().isBlank())
                .limit(PendingDraft.MAX_CANDIDATES).toList();
        return IntStream.range(0, best.size())
                .mapToObj(i -> new PendingDraft.Candidate(i + 1, best.get(i).entryId(), best.get(i).version(),
                        best.get(i).question(), best.get(i).answer(), best.get(i).category(), best.get(i).score()))
                .toList();
    }

    /** The verdict's hits as positions in the text that will be shown (hits point into the checked text). */
    static List<PendingDraft.Finding> findings(Verdict verdict) {
        int length = verdict.text().length();
        return verdict.hits().stream()
                .filter(hit -> hit.end() <= length && verdict.text().regionMatches(hit.start(), hit.matchedText(), 0,
                        hit.matchedText().length()))
                .map(hit -> new PendingDraft.Finding(hit.ruleId(), hit.action().name(), hit.start(), hit.end(),
                        hit.explanation()))
                .toList();
    }

    /**
     * The compliance hits and the draft's ungrounded claims, marked alike for the agent. A claim's range is
     * in the draft's text; compliance may have rewritten or extended it, so a claim not at its place in the
     * checked text is looked for by its words, and left unmarked (it is still in the reason) if the rewrite
     * removed it.
     */
    static List<PendingDraft.Finding> findings(Verdict verdict, Grounding grounding) {
        List<PendingDraft.Finding> all = new ArrayList<>(findings(verdict));
        String shown = verdict.text();
        for (Grounding.Claim claim : grounding.unsupported()) {
            int start = shown.regionMatches(claim.start(), claim.text(), 0, claim.text().length())
                    ? claim.start() : shown.indexOf(claim.text());
            if (start < 0 || claim.text().isEmpty()) {
                continue;
            }
            all.add(new PendingDraft.Finding("grounding." + claim.kind().tag(), ReasonCode.UNGROUNDED.name(), start,
                    start + claim.text().length(), "知识条目中没有这个" + claim.kind().label() + "：" + claim.text()));
        }
        return all;
    }
}
