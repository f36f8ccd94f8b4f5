package com.wecomassist.outbound;

import com.wecomassist.audit.AuditDetails;
import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.dashboard.CollaborationStats;
import com.wecomassist.conversation.OnceMarks;
import com.wecomassist.conversation.Conversation;
import com.wecomassist.conversation.HandOff;
import com.wecomassist.conversation.Transition;
import com.wecomassist.route.ReasonCode;
import com.wecomassist.session.ConversationHistory;
import com.wecomassist.conversation.ConversationStore;
import com.wecomassist.session.Turn;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Sends one reply, at most once, and records what became of it: checks that the conversation
 * allows it (the bot only while it holds the conversation, anyone only within WeCom's 48-hour /
 * 5-message window), sends it, counts it against the window, adds it to the history and the audit
 * trail, and hands the conversation to people when the reply asks for that, or when the customer's
 * answer could not be sent (refused, or sending failed for good: {@link #undeliverable}): a customer
 * the bot could not answer must be in front of a person, not in a log.
 *
 * <p>At most once: the reply id is marked before sending (atomically, shared by all instances in
 * cluster mode) and unmarked again only when the send failed in a way that may be retried. An
 * instance that dies between marking and sending loses that one reply rather than risking a
 * second copy; the audit trail then shows it was never sent.
 */
public class ReplyDispatcher {

    private static final Logger log = LoggerFactory.getLogger(ReplyDispatcher.class);
    private static final Duration REMEMBER_SENT = Duration.ofHours(72);
    /** As urgent as a lost card: the customer has been told nothing at all. */
    public static final int UNDELIVERED_PRIORITY = 100;

    private final ReplySender sender;
    private final SessionTransfer sessions;
    private final ConversationStore conversations;
    private final ConversationHistory history;
    private final AuditTrail audit;
    private final OnceMarks sentReplies;
    private final CollaborationStats stats;
    private final boolean handOffToWecomPool;
    private final MeterRegistry meters;
    private final Clock clock;

    public ReplyDispatcher(ReplySender sender, SessionTransfer sessions, ConversationStore conversations,
                           ConversationHistory history, AuditTrail audit, OnceMarks sentReplies,
                           CollaborationStats stats, boolean handOffToWecomPool, MeterRegistry meters, Clock clock) {
        this.sender = sender;
        this.sessions = sessions;
        this.conversations = conversations;
        this.history = history;
        this.audit = audit;
        this.sentReplies = sentReplies;
        this.stats = stats;
        this.handOffToWecomPool = handOffToWecomPool;
        this.meters = meters;
        this.clock = clock;
    }

    public Mono<Void> dispatch(OutgoingReply reply) {
        String mark = "reply:" + reply.replyId();
        return sentReplies.mark(mark, REMEMBER_SENT).flatMap(first -> {
            if (!first) {
                meters.counter("assist.outbound.duplicates_skipped").increment();
                log.info("reply {} was sent (or is being sent) already: not sending it again", reply.replyId());
                return Mono.<Void>empty();
            }
            return conversations.get(reply.conversation())
                    .flatMap(conversation -> {
                        String refusal = refusal(conversation, reply);
                        return refusal != null ? notAnswered(reply, refusal) : send(reply, mark);
                    })
                    .then(Mono.defer(() -> reply.handOffAfter() ? handOff(reply, reply.handOff()) : Mono.empty()));
        });
    }

    /**
     * The reply could not be sent and nothing will try again (the outbound stage gave up after its
     * retries): recorded as not sent, and the conversation goes to people, for the reason the reply
     * was to hand it off for, else because the answer failed. A person holding the conversation
     * already sees it; the transition then changes nothing.
     */
    public Mono<Void> undeliverable(OutgoingReply reply, Throwable failure) {
        meters.counter("assist.outbound.undeliverable", "purpose", reply.purpose().name().toLowerCase()).increment();
        Mono<Void> recorded = notSent(reply, "sending failed for good: " + failure);
        if (reply.handOffAfter()) {
            return recorded.then(handOff(reply, reply.handOff()));
        }
        return reply.answersCustomer() ? recorded.then(handOff(reply, sendFailed())) : recorded;
    }

    /**
     * Not sent, and not to be: recorded, and a customer whose answer this was goes to people (a
     * notice, a welcome or a person's own reply does not hand anything off).
     */
    private Mono<Void> notAnswered(OutgoingReply reply, String why) {
        return notSent(reply, why).then(Mono.defer(() -> reply.answersCustomer()
                ? handOff(reply, sendFailed()) : Mono.empty()));
    }

    private HandOff sendFailed() {
        return new HandOff(ReasonCode.SEND_FAILED.code(), UNDELIVERED_PRIORITY, clock.instant());
    }

    private String refusal(Conversation conversation, OutgoingReply reply) {
        if (reply.eventCode() != null) {
            // a welcome or session code carries its own permission to send one message
            return null;
        }
        if (reply.author() == OutgoingReply.Author.BOT && !conversation.state().botHolds()) {
            return "the bot does not hold the conversation (" + conversation.state() + ")";
        }
        if (!conversation.replyWindowOpen(clock.instant())) {
            return conversation.lastCustomerMessageAt() == null ? "the customer has not written"
                    : "WeCom's reply window is used up or closed (48 h / 5 messages)";
        }
        return null;
    }

    private Mono<Void> send(OutgoingReply reply, String mark) {
        return sender.send(reply.toSend())
                .flatMap(sent -> recordSent(reply, sent))
                .onErrorResume(ConversationNotServableException.class, e -> conversations.get(reply.conversation())
                        .flatMap(sessions::reconcile)
                        .flatMap(wecomView -> conversations.update(reply.conversation(),
                                current -> current.reconciledWith(wecomView)))
                        .onErrorResume(lookup -> {
                            log.warn("could not read WeCom's state of {}: {}", reply.conversation(), lookup.toString());
                            return Mono.empty();
                        })
                        .then(notAnswered(reply, "WeCom refused: a person holds the session or it ended (95018)")))
                .onErrorResume(e -> !(e instanceof ConversationNotServableException), e ->
                        // not sent, and it may be tried again: forget the mark so that the retry can send
                        sentReplies.unmark(mark).then(Mono.error(e)));
    }

    private Mono<Void> recordSent(OutgoingReply reply, SentReply sent) {
        int messages = Math.max(1, sent.wecomMessageIds().size());
        Mono<Transition> counted = reply.eventCode() != null ? Mono.empty()
                : conversations.update(reply.conversation(), c -> switch (reply.author()) {
                    case PERSON -> c.personReplied(messages, clock.instant());
                    // a holding text answers nothing: the draft it stands in for still waits
                    case BOT -> reply.purpose() == OutgoingReply.Purpose.HOLDING && reply.draftId() != null
                            ? c.holdingTextSent(messages, clock.instant()) : c.repliesSent(messages, clock.instant());
                });
        Turn turn = Turn.said(reply.author() == OutgoingReply.Author.BOT ? Turn.Author.BOT : Turn.Author.SERVICER,
                reply.text(), clock.instant(), reply.replyId());
        meters.counter("assist.outbound.sent", "purpose", reply.purpose().name().toLowerCase()).increment();
        return counted.then(history.append(reply.conversation(), turn))
                .then(audit.record(AuditEvent.of(reply.conversation().id(), reply.replyId(), reply.actor(),
                        clock.instant(), new AuditDetails.Sent(facts(reply), sent.wecomMessageIds()))))
                .then(countAnswer(reply));
    }

    /** The dashboard's 人机协作 figures: how this answer came about (notices and welcomes do not count). */
    private Mono<Void> countAnswer(OutgoingReply reply) {
        CollaborationStats.Outcome outcome = switch (reply.purpose()) {
            case ANSWER -> CollaborationStats.Outcome.AUTO_SENT;
            case MENU_ANSWER -> CollaborationStats.Outcome.MENU_CHOSEN;
            case APPROVED -> CollaborationStats.Outcome.APPROVED;
            case EDITED -> CollaborationStats.Outcome.EDITED;
            case AGENT_REPLY -> CollaborationStats.Outcome.WRITTEN_BY_PEOPLE;
            // a menu answers nothing yet: the customer's choice (or the agents) will
            case HANDOFF_NOTICE, HOLDING, WELCOME, NON_TEXT, MENU -> null;
        };
        if (outcome == null) {
            return Mono.empty();
        }
        return stats.count(outcome, reply.category(), clock.instant()).onErrorResume(e -> {
            // Fail open: the reply is sent and audited; a lost count only makes a chart a little low.
            log.warn("could not count answer {} for the dashboard: {}", reply.replyId(), e.toString());
            return Mono.empty();
        });
    }

    private Mono<Void> notSent(OutgoingReply reply, String why) {
        meters.counter("assist.outbound.not_sent", "purpose", reply.purpose().name().toLowerCase()).increment();
        log.info("reply {} to {} not sent: {}", reply.replyId(), reply.conversation(), why);
        return audit.record(AuditEvent.of(reply.conversation().id(), reply.replyId(), reply.actor(), clock.instant(),
                new AuditDetails.ReplyNotSent(facts(reply), why)));
    }

    private Mono<Void> handOff(OutgoingReply reply, HandOff why) {
        Mono<Void> wecom = handOffToWecomPool ? sessions.toPool(reply.conversation())
                .onErrorResume(e -> {
                    // Our own state already silences the bot; WeCom's pool is where its servicers see it.
                    log.warn("could not move {} to WeCom's pool: {}", reply.conversation(), e.toString());
                    return Mono.empty();
                }) : Mono.empty();
        // a conversation people hold already (or that ended) stays as it is: nothing to record
        return conversations.update(reply.conversation(), c -> c.handedToPool(why, clock.instant()))
                .filter(Transition::allowed)
                .flatMap(queued -> wecom.then(audit.record(AuditEvent.of(reply.conversation().id(),
                        reply.customerMessageId(), reply.actor(), clock.instant(),
                        new AuditDetails.HandedOff(handOffToWecomPool, why.reason(), why.priority())))));
    }

    private static AuditDetails.Reply facts(OutgoingReply reply) {
        return new AuditDetails.Reply(reply.purpose().name(), reply.draftId(), reply.customerMessageId(), reply.text());
    }
}
