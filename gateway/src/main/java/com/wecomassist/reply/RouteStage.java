package com.wecomassist.reply;

import com.wecomassist.compliance.rules.Action;
import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.conversation.ConversationStore;
import com.wecomassist.retrieve.Retrieval;
import com.wecomassist.draft.DraftKind;
import com.wecomassist.draft.Grounding;
import com.wecomassist.route.Intent;
import com.wecomassist.route.RoutingDecision;
import com.wecomassist.route.RoutingInput;
import com.wecomassist.route.RoutingPolicy;
import java.time.Clock;
import reactor.core.publisher.Mono;

/**
 * route: the routing policy's decision with its reasons, the conversation's streak of unsure drafts,
 * and the trail of every stage so far (the stage's timing includes that I/O beyond deciding). A
 * question that needs a person is routed before anything is drafted.
 */
final class RouteStage implements Stage {

    private final RoutingPolicy routing;
    private final ConversationStore conversations;
    private final ReplyRecorder recorder;
    private final Clock clock;

    RouteStage(RoutingPolicy routing, ConversationStore conversations, ReplyRecorder recorder, Clock clock) {
        this.routing = routing;
        this.conversations = conversations;
        this.recorder = recorder;
        this.clock = clock;
    }

    /** The customer asks for a person, complains, or reports fraud or a lost card: no draft at all. */
    boolean personNeeded(Answer answer) {
        return routing.intentOf(answer.question().text()) != Intent.QUESTION;
    }

    @Override
    public Mono<Answer> apply(Answer answer) {
        return recorder.timed("route", Mono.defer(() -> {
            Answer routed = answer.withDecision(routing.decide(input(answer)));
            return streak(routed).then(recorder.routed(routed)).thenReturn(routed);
        }));
    }

    private RoutingInput input(Answer answer) {
        int streak = answer.conversation().lowConfidenceStreak();
        if (answer.draft() == null) {
            // no draft: only the configured handoff notice can go out, nothing of a model's to ground
            return new RoutingInput(answer.question().text(), 0, DraftKind.HANDOFF, Action.PASS, streak,
                    answer.manager(), Grounding.byConstruction());
        }
        return new RoutingInput(answer.question().text(), answer.retrieval().confidence(), answer.draft().kind(),
                answer.verdict().action(), streak, answer.manager(), answer.draft().grounding(), menu(answer));
    }

    /**
     * The 猜你想问 facts: the candidates, and whether WeCom's window has room for a menu and an answer
     * (msgmenu is a 微信客服 message: employees on the self-built app get none).
     */
    private RoutingInput.Menu menu(Answer answer) {
        Retrieval found = answer.retrieval();
        boolean room = answer.message().conversation().channel() == ConversationKey.Channel.KF
                && answer.conversation().roomForMenu(clock.instant());
        return new RoutingInput.Menu(found.menuConfidence(), found.entries().stream()
                .map(e -> new RoutingInput.Candidate(e.entryId(), e.category())).toList(), room, answer.menu().step());
    }

    /**
     * A drafted answer counts in the streak of unsure drafts (routing hands off after several in a row).
     * A sure one ends a streak; with none to end, nothing is written, nor read: the streak this turn was
     * routed with is the one drafting started from, and only the turns of this conversation, one at a
     * time, add to it (a person handing it back sets it to none). Asking the store would cost a read to
     * learn that the change changes nothing.
     */
    private Mono<Void> streak(Answer routed) {
        if (routed.draft() == null) {
            return Mono.empty();
        }
        RoutingDecision decision = routed.decision();
        if (!decision.unsure() && routed.conversation().lowConfidenceStreak() == 0) {
            return Mono.empty();
        }
        return conversations.update(routed.message().conversation(), c -> decision.unsure()
                ? c.lowConfidenceDraft(clock.instant()) : c.confidentDraft(clock.instant())).then();
    }
}
