package com.wecomassist.reply;

import com.wecomassist.conversation.Conversation;
import com.wecomassist.inbound.InboundMessage;
import com.wecomassist.inbound.InboundMessageHandler;
import com.wecomassist.route.RoutingInput;
import reactor.core.publisher.Mono;

/**
 * The reply flow for one inbound message, stage by stage:
 * <pre>
 * inbound → session → retrieve → draft → comply → route → outbound | 猜你想问 menu | approval queue | handoff
 * </pre>
 * A message that answers an open 猜你想问 menu is read first ({@link MenuStage}): a click answers the
 * chosen entry, 人工 sends the original question to the agents, anything else is a new question.
 * The customer's words are masked for personal data first and only the masked text travels on
 * (history, retrieval, drafting, the approval queue, the audit trail). Lines typed in a row are
 * answered once. Nothing is drafted while a person holds the conversation. Each stage adds what it
 * found to one {@link Answer}; the {@link ReplyRecorder} writes the trail, the gaps, the flagged
 * drafts and the metrics. Servicers' messages and WeCom's session events go to their own
 * {@link SessionEventHandler}.
 *
 * <p>Called one message at a time per conversation (the inbound lanes), concurrently across
 * conversations; it never blocks (retrieval runs on the knowledge base's own bounded scheduler).
 */
public class ReplyPipeline implements InboundMessageHandler {

    private final IntakeStage intake;
    private final SessionStage session;
    private final Stage retrieve;
    private final Stage draft;
    private final Stage comply;
    private final RouteStage route;
    private final ActStage act;
    private final SessionEventHandler sessionEvents;
    private final MenuStage menus;
    private final ReplyRecorder recorder;

    ReplyPipeline(IntakeStage intake, SessionStage session, Stage retrieve, Stage draft, Stage comply,
                  RouteStage route, ActStage act, SessionEventHandler sessionEvents, MenuStage menus,
                  ReplyRecorder recorder) {
        this.intake = intake;
        this.session = session;
        this.retrieve = retrieve;
        this.draft = draft;
        this.comply = comply;
        this.route = route;
        this.act = act;
        this.sessionEvents = sessionEvents;
        this.menus = menus;
        this.recorder = recorder;
    }

    @Override
    public void arrived(InboundMessage message) {
        intake.arrived(message);
    }

    /** A copy of a message handled before: the burst watch forgets it, as after its handling. */
    @Override
    public void alreadyHandled(InboundMessage message) {
        intake.forget(message);
    }

    @Override
    public Mono<Void> handle(InboundMessage message) {
        return switch (message.origin()) {
            case SERVICER -> sessionEvents.servicerWrote(message);
            case SYSTEM -> sessionEvents.sessionEvent(message);
            case CUSTOMER, EMPLOYEE -> customerWrote(message);
        };
    }

    /**
     * The message's received record goes with the turn's first record; one the turn did not take (a
     * stale message, a failure) is written at its end, so every message taken is on the trail.
     */
    private Mono<Void> customerWrote(InboundMessage message) {
        return intake.take(message).flatMap(said -> answer(message, said))
                .then(Mono.defer(() -> recorder.receivedWritten(message)))
                .onErrorResume(failed -> recorder.receivedWritten(message)
                        .onErrorResume(alsoFailed -> Mono.empty())
                        .then(Mono.error(failed)))
                .doFinally(signal -> recorder.turnOver(message));
    }

    /**
     * Handling this message failed for good: a customer (or employee) whose words got no answer goes to
     * people; a servicer's message or a session event has nobody waiting on it.
     */
    @Override
    public Mono<Void> gaveUp(InboundMessage message, Throwable failure) {
        return message.fromPersonBeingServed() ? sessionEvents.notAnswered(message) : Mono.empty();
    }

    /**
     * The stages, in the order of the flow.
     *
     * @param said the message's text, masked
     */
    Mono<Void> answer(InboundMessage message, String said) {
        return recorder.timedWhole(session.open(message, said)
                .flatMap(menus::replied)
                .flatMap(this::answer));
    }

    /**
     * A 猜你想问 menu nobody answered within the wait: its question goes to the agents (empty when the
     * customer answered it meanwhile).
     */
    Mono<Void> menuLapsed(Conversation conversation) {
        return session.managerOf(conversation.key())
                .flatMap(manager -> menus.lapsed(conversation, manager))
                .flatMap(this::answer);
    }

    private Mono<Void> answer(Answer asked) {
        if (asked.menu().step() == RoutingInput.MenuStep.CHOSEN) {
            // the customer chose an entry from the menu: its curated answer, checked and routed like any draft
            return session.startDrafting(asked)
                    .flatMap(menus::chosenEntry)
                    .flatMap(menus::draft)
                    .flatMap(comply::apply)
                    .flatMap(route::apply)
                    .flatMap(act::apply);
        }
        return route.personNeeded(asked)
                // a person is needed whatever the knowledge base says: no draft at all
                ? route.apply(asked).flatMap(act::apply)
                : session.startDrafting(asked)
                .flatMap(retrieve::apply)
                .flatMap(draft::apply)
                .flatMap(comply::apply)
                .flatMap(route::apply)
                .flatMap(act::apply);
    }
}
