package com.wecomassist.reply;

import com.wecomassist.conversation.ConversationState;
import com.wecomassist.conversation.ConversationStore;
import com.wecomassist.conversation.HandOff;
import com.wecomassist.conversation.Transition;
import com.wecomassist.inbound.InboundMessage;
import com.wecomassist.inbound.SessionEvent;
import com.wecomassist.outbound.OutboundHandOff;
import com.wecomassist.outbound.OutgoingReply;
import com.wecomassist.outbound.ReplyDispatcher;
import com.wecomassist.route.ReasonCode;
import com.wecomassist.session.ConversationHistory;
import com.wecomassist.session.Turn;
import com.wecomassist.welcome.KfWelcomeTexts;
import java.time.Clock;
import reactor.core.publisher.Mono;

/**
 * What is not a customer's question: a servicer's message from the WeCom client (a person now holds
 * the conversation) and WeCom's session events: a customer entering (welcome), the session changing
 * hands or ending, a message WeCom could not deliver. Each goes into the history and the trail.
 */
final class SessionEventHandler {

    private final ConversationStore conversations;
    private final ConversationHistory history;
    private final OutboundHandOff outbound;
    private final ReplyProperties settings;
    private final ReplyRecorder recorder;
    private final Clock clock;
    private final KfWelcomeTexts welcomes;

    SessionEventHandler(ConversationStore conversations, ConversationHistory history, OutboundHandOff outbound,
                        ReplyProperties settings, ReplyRecorder recorder, Clock clock, KfWelcomeTexts welcomes) {
        this.welcomes = welcomes;
        this.conversations = conversations;
        this.history = history;
        this.outbound = outbound;
        this.settings = settings;
        this.recorder = recorder;
        this.clock = clock;
    }

    Mono<Void> servicerWrote(InboundMessage message) {
        Turn turn = message.text() == null
                ? Turn.withoutWords(Turn.Author.SERVICER, message.kind().placeholder(), message.sentAt(),
                message.messageId())
                : Turn.said(Turn.Author.SERVICER, message.text(), message.sentAt(), message.messageId());
        Mono<Void> recorded = history.append(message.conversation(), turn);
        if (message.servicerUserId() == null || message.servicerUserId().isBlank()) {
            return recorded;
        }
        // A servicer writing from the WeCom client holds the session (WeCom moves it to 3): the bot falls silent.
        return recorded.then(takenOverBy(message, message.servicerUserId()))
                .then(recorder.writtenByPeople(message));
    }

    Mono<Void> sessionEvent(InboundMessage message) {
        SessionEvent event = message.event();
        if (event == null) {
            return Mono.empty();
        }
        Mono<Void> recorded = history.append(message.conversation(),
                Turn.event(describe(event), message.sentAt(), message.messageId()));
        return switch (event.type()) {
            // the content team's template for this account when one is published (welcome/), else the configured text
            case SessionEvent.ENTER_SESSION -> event.code() == null ? recorded
                    : recorded.then(welcomes.forAccount(message.conversation().account())
                    .defaultIfEmpty(settings.welcomeText())
                    .flatMap(text -> outbound.handOn(OutgoingReply.welcome(message.conversation(), text,
                            event.code(), message.messageId()))));
            case SessionEvent.SESSION_STATUS_CHANGE -> recorded.then(statusChanged(message, event));
            case SessionEvent.MSG_SEND_FAIL -> recorded.then(recorder.deliveryFailed(message, event))
                    .then(handedToPeople(message, new HandOff(ReasonCode.SEND_FAILED.code(),
                            ReplyDispatcher.UNDELIVERED_PRIORITY, clock.instant())));
            default -> recorded;
        };
    }

    /**
     * change_type 1 (taken from the pool), 2 (transferred), 4 (re-taken): a person holds it; 3: ended;
     * 2 without a new servicer: transferred to WeCom's pool (service_state 2), where people must pick it up.
     */
    private Mono<Void> statusChanged(InboundMessage message, SessionEvent event) {
        String change = String.valueOf(event.detail("change_type"));
        String servicer = event.detail("new_servicer_userid");
        if ("3".equals(change)) {
            return conversations.update(message.conversation(), c -> c.ended(clock.instant()))
                    .then(recorder.sessionChanged(message, "wecom", ConversationState.ENDED, null));
        }
        if (servicer != null && !servicer.isBlank()) {
            return takenOverBy(message, servicer);
        }
        if ("2".equals(change)) {
            HandOff inPool = new HandOff(ReasonCode.QUEUED_IN_WECOM.code(), 0, clock.instant());
            return conversations.update(message.conversation(), c -> c.queuedByWecom(inPool, clock.instant()))
                    .filter(Transition::allowed)
                    .flatMap(t -> recorder.sessionChanged(message, "wecom", ConversationState.QUEUED, null)
                            .then(recorder.handedOff(message, true, inPool)));
        }
        return Mono.empty();
    }

    /**
     * The reply flow gave up on a customer's (or employee's) message after its retries: a person
     * answers it, as urgently as an answer that could not be sent.
     */
    Mono<Void> notAnswered(InboundMessage message) {
        return handedToPeople(message, new HandOff(ReasonCode.HANDLING_FAILED.code(),
                ReplyDispatcher.UNDELIVERED_PRIORITY, clock.instant()));
    }

    /**
     * A customer WeCom could not deliver an answer to goes to people (nothing changes when people
     * hold the conversation already).
     */
    private Mono<Void> handedToPeople(InboundMessage message, HandOff why) {
        return conversations.update(message.conversation(), c -> c.handedToPool(why, clock.instant()))
                .filter(Transition::allowed)
                .flatMap(t -> recorder.handedOff(message, false, why));
    }

    private Mono<Void> takenOverBy(InboundMessage message, String servicer) {
        return conversations.update(message.conversation(), c -> servicer.equals(c.servicerUserId())
                        ? Transition.allowed(c) : c.personTookOver(servicer, clock.instant()))
                .then(recorder.sessionChanged(message, servicer, ConversationState.HUMAN, servicer));
    }

    private static String describe(SessionEvent event) {
        return switch (event.type()) {
            case SessionEvent.ENTER_SESSION -> "客户进入会话";
            case SessionEvent.SESSION_STATUS_CHANGE -> "会话状态变更 change_type=" + event.detail("change_type")
                    + (event.detail("new_servicer_userid") != null ? " 接待人员=" + event.detail("new_servicer_userid") : "");
            case SessionEvent.MSG_SEND_FAIL -> "消息发送失败 " + event.detail("fail_msgid");
            default -> event.type();
        };
    }
}
