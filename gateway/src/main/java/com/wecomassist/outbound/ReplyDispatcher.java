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
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Sends one reply, at most once, and records what became of it: checks that the conversation
 * allows it (the bot only while it holds the conversation, anyone only within WeCom's 48-hour /
 * 5-message window), sends it, counts it against the window, adds it to the history and the audit
 * trail, and hands the conversation to people when the reply asks for that, or when the customer's
 * answer could not be sent (refused, or sending failed for good: {@link #undeliverable}): a customer
 * the bot could not answer must be in front of a person, not in a log.
 *
 * <p>At most once: the reply id is claimed before sending (atomically, shared by all instances in
 * cluster mode) and released again only while nothing is known to have reached WeCom: a failure
 * before the send, or a send that failed or whose outcome is unknown (a timeout, a 5xx). The retry
 * that releasing allows carries the same WeCom msgids (kf/send_msg keeps one message per msgid) or,
 * to employees, goes with WeCom's duplicate check ({@code assist.outbound.app-duplicate-check}). Once
 * WeCom accepted the reply, a second mark says so ("reply-sent:"), and nothing releases the claim:
 * what follows (window count, history, audit trail, dashboard, hand-off) is a {@link Checklist} tried
 * again on its own, step by step, first in the conversation's lane and then in the background, done
 * by whoever set that second mark, and its failure never sends the reply again nor calls it
 * undeliverable.
 *
 * <p>A reply found claimed but not marked sent was claimed by an instance that stopped (killed)
 * before WeCom accepted it, or that is sending it right now (its record came to this instance after a
 * rebalance). Either way it is sent again with the same msgids, which WeCom keeps as one message: a
 * customer whose answer died with an instance is answered, not left waiting. Only a reply on an event
 * code (a welcome: the code is single-use) is not tried again; it is recorded as possibly lost.
 */
public class ReplyDispatcher {

    private static final Logger log = LoggerFactory.getLogger(ReplyDispatcher.class);
    private static final Duration REMEMBER_SENT = Duration.ofHours(72);
    /** The longest wait between two background tries of a reply's records. */
    private static final Duration MAX_RECORD_BACKOFF = Duration.ofSeconds(30);
    /** As urgent as a lost card: the customer has been told nothing at all. */
    public static final int UNDELIVERED_PRIORITY = 100;

    private final ReplySender sender;
    private final SessionTransfer sessions;
    private final ConversationStore conversations;
    private final ConversationHistory history;
    private final AuditTrail audit;
    private final OnceMarks sentReplies;
    private final CollaborationStats stats;
    private final OutboundProperties settings;
    private final MeterRegistry meters;
    private final Clock clock;
    private final List<ReplySent> listeners;

    public ReplyDispatcher(ReplySender sender, SessionTransfer sessions, ConversationStore conversations,
                           ConversationHistory history, AuditTrail audit, OnceMarks sentReplies,
                           CollaborationStats stats, OutboundProperties settings, MeterRegistry meters, Clock clock) {
        this(sender, sessions, conversations, history, audit, sentReplies, stats, settings, meters, clock, List.of());
    }

    /** @param listeners told of every reply WeCom accepted, as one of its records */
    public ReplyDispatcher(ReplySender sender, SessionTransfer sessions, ConversationStore conversations,
                           ConversationHistory history, AuditTrail audit, OnceMarks sentReplies,
                           CollaborationStats stats, OutboundProperties settings, MeterRegistry meters, Clock clock,
                           List<ReplySent> listeners) {
        this.listeners = List.copyOf(listeners);
        this.sender = sender;
        this.sessions = sessions;
        this.conversations = conversations;
        this.history = history;
        this.audit = audit;
        this.sentReplies = sentReplies;
        this.stats = stats;
        this.settings = settings;
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * Sends the reply unless it was sent already. Fails only while the reply may be tried again
     * (nothing reached WeCom, or the outcome is unknown and a retry cannot deliver a second copy);
     * completes once WeCom accepted it, even if its records are still being written.
     */
    public Mono<Void> dispatch(OutgoingReply reply) {
        String claim = claimOf(reply);
        return sentReplies.mark(claim, REMEMBER_SENT).flatMap(first -> first ? sendAndRecord(reply, claim)
                : sentReplies.marked(sentMarkOf(reply)).flatMap(sent -> {
                    if (sent) {
                        meters.counter("assist.outbound.duplicates_skipped").increment();
                        log.info("reply {} was sent already: not sending it again", reply.replyId());
                        return Mono.<Void>empty();
                    }
                    if (reply.eventCode() != null) {
                        return notSent(reply, "claimed by another instance and not recorded as sent; its event code "
                                + "is single-use, so it is not sent again (it may have been lost)");
                    }
                    meters.counter("assist.outbound.resumed").increment();
                    log.info("reply {} to {} was claimed but not recorded as sent (its instance stopped, or is sending "
                            + "it now): sending it with the same msgids", reply.replyId(), reply.conversation());
                    return sendAndRecord(reply, claim);
                }));
    }

    private Mono<Void> sendAndRecord(OutgoingReply reply, String claim) {
        return conversations.get(reply.conversation())
                .flatMap(conversation -> {
                    String refusal = refusal(conversation, reply);
                    return refusal != null ? notAnswered(reply, refusal).then(Mono.<SentReply>empty())
                            : send(reply);
                })
                // nothing reached WeCom, or the outcome is unknown: the retry may send, with the same msgids
                .onErrorResume(e -> sentReplies.unmark(claim).then(Mono.error(e)))
                .flatMap(sent -> sentReplies.mark(sentMarkOf(reply), REMEMBER_SENT)
                        .onErrorResume(e -> {
                            // the records are worth more than the guard against writing them twice
                            log.warn("could not mark reply {} as sent: {}", reply.replyId(), e.toString());
                            return Mono.just(true);
                        })
                        .flatMap(firstToRecord -> firstToRecord ? recordSent(reply, sent) : Mono.<Void>empty()));
    }

    private static String claimOf(OutgoingReply reply) {
        return "reply:" + reply.replyId();
    }

    /** Set once WeCom accepted the reply, by the one instance that then writes its records. */
    private static String sentMarkOf(OutgoingReply reply) {
        return "reply-sent:" + reply.replyId();
    }

    /**
     * The reply could not be sent and nothing will try again (the outbound stage gave up after its
     * retries): recorded as not sent, and the conversation goes to people, for the reason the reply
     * was to hand it off for, else because the answer failed. A person holding the conversation
     * already sees it; the transition then changes nothing. Both steps are tried again on their own
     * (in the lane, then in the background), so the customer reaches a person even when the stores
     * fail at first; this completes once they are done or left to the background.
     */
    public Mono<Void> undeliverable(OutgoingReply reply, Throwable failure) {
        meters.counter("assist.outbound.undeliverable", "purpose", reply.purpose().name().toLowerCase()).increment();
        HandOff why = handOffWhenNotSent(reply);
        Checklist steps = new Checklist()
                .step("not-sent record", () -> notSent(reply, "sending failed for good: " + failure));
        if (why != null) {
            steps.step("hand-off", () -> handOff(reply, why));
        }
        // tried again on its own: a dead-lettered reply's customer must still reach a person
        return untilDone(reply, steps, "was not sent");
    }

    /**
     * Not sent, and not to be: recorded, and the conversation handed to people as
     * {@link #handOffWhenNotSent} says.
     */
    private Mono<Void> notAnswered(OutgoingReply reply, String why) {
        HandOff handOff = handOffWhenNotSent(reply);
        return notSent(reply, why).then(Mono.defer(() -> handOff != null ? handOff(reply, handOff) : Mono.empty()));
    }

    /**
     * Why people get the conversation when this reply is not sent: the reason it was to hand the
     * conversation off for, else (a customer whose answer it was) because the answer failed; null
     * for a notice, a welcome or a person's own reply, which hand nothing off.
     */
    private HandOff handOffWhenNotSent(OutgoingReply reply) {
        return reply.handOffAfter() ? reply.handOff() : reply.answersCustomer() ? sendFailed() : null;
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

    /**
     * The reply sent, or empty when WeCom refused it for good (95018: a person holds the session or
     * it ended; then recorded as not answered). Any other failure is the caller's to retry.
     */
    private Mono<SentReply> send(OutgoingReply reply) {
        return sender.send(reply.toSend())
                .onErrorResume(ConversationNotServableException.class, e -> conversations.get(reply.conversation())
                        .flatMap(sessions::reconcile)
                        .flatMap(wecomView -> conversations.update(reply.conversation(),
                                current -> current.reconciledWith(wecomView)))
                        .onErrorResume(lookup -> {
                            log.warn("could not read WeCom's state of {}: {}", reply.conversation(), lookup.toString());
                            return Mono.empty();
                        })
                        .then(notAnswered(reply, "WeCom refused: a person holds the session or it ended (95018)"))
                        .then(Mono.empty()));
    }

    /**
     * What follows a send WeCom accepted, each step once: tried {@code record-attempts} times in the
     * conversation's lane (the next reply's window check reads the count), then in the background.
     * Never fails: the reply reached the customer, and nothing may send it again or call it lost.
     */
    private Mono<Void> recordSent(OutgoingReply reply, SentReply sent) {
        meters.counter("assist.outbound.sent", "purpose", reply.purpose().name().toLowerCase()).increment();
        int messages = Math.max(1, sent.wecomMessageIds().size());
        Instant sentAt = clock.instant();
        Checklist steps = new Checklist();
        if (reply.eventCode() == null) {
            steps.step("window count", () -> conversations.update(reply.conversation(), c -> switch (reply.author()) {
                case PERSON -> c.personReplied(messages, sentAt);
                // a holding text answers nothing: the draft it stands in for still waits
                case BOT -> reply.purpose() == OutgoingReply.Purpose.HOLDING && reply.draftId() != null
                        ? c.holdingTextSent(messages, sentAt) : c.repliesSent(messages, sentAt);
            }).then());
        }
        Turn turn = Turn.said(reply.author() == OutgoingReply.Author.BOT ? Turn.Author.BOT : Turn.Author.SERVICER,
                reply.text(), sentAt, reply.replyId());
        steps.step("history", () -> history.append(reply.conversation(), turn))
                .step("audit", () -> audit.record(AuditEvent.of(reply.conversation().id(), reply.replyId(),
                        reply.actor(), sentAt, new AuditDetails.Sent(facts(reply), sent.wecomMessageIds()))))
                .step("dashboard", () -> countAnswer(reply, sentAt));
        for (ReplySent listener : listeners) {
            steps.step("told " + listener.getClass().getSimpleName(), () -> listener.replySent(reply, sentAt));
        }
        if (reply.handOffAfter()) {
            steps.step("hand-off", () -> handOff(reply, reply.handOff()));
        }
        return untilDone(reply, steps, "was sent");
    }

    /**
     * Runs a reply's records until each step is done: {@code record-attempts} tries in the
     * conversation's lane, then the rest in the background. Never fails.
     *
     * @param what what became of the reply, for the log ("was sent")
     */
    private Mono<Void> untilDone(OutgoingReply reply, Checklist steps, String what) {
        return steps.run().retryWhen(recordRetries()).onErrorResume(e -> {
            meters.counter("assist.outbound.records_deferred").increment();
            log.warn("reply {} to {} {}; {} not recorded yet, tried again in the background: {}",
                    reply.replyId(), reply.conversation(), what, steps.open(), e.toString());
            inBackground(reply, steps, what);
            return Mono.empty();
        });
    }

    /** The rest of a reply's records, tried on for {@code record-retry-for}, out of the conversation's lane. */
    private void inBackground(OutgoingReply reply, Checklist steps, String what) {
        long until = System.nanoTime() + settings.recordRetryFor().toNanos();
        steps.run()
                .retryWhen(Retry.backoff(Long.MAX_VALUE, settings.recordBackoff()).maxBackoff(MAX_RECORD_BACKOFF)
                        .jitter(0.5).filter(e -> System.nanoTime() < until))
                .subscribe(null, e -> {
                    meters.counter("assist.outbound.unrecorded").increment();
                    log.error("reply {} to {} {}, but {} could not be recorded: {}", reply.replyId(),
                            reply.conversation(), what, steps.open(), e.toString());
                }, () -> log.info("reply {}: its records are complete", reply.replyId()));
    }

    private Retry recordRetries() {
        return Retry.backoff(settings.recordAttempts() - 1L, settings.recordBackoff()).jitter(0.5)
                .onRetryExhaustedThrow((spec, signal) -> signal.failure());
    }

    /** The dashboard's 人机协作 figures: how this answer came about (notices and welcomes do not count). */
    private Mono<Void> countAnswer(OutgoingReply reply, Instant at) {
        CollaborationStats.Outcome outcome = switch (reply.purpose()) {
            case ANSWER -> CollaborationStats.Outcome.AUTO_SENT;
            case MENU_ANSWER -> CollaborationStats.Outcome.MENU_CHOSEN;
            case APPROVED -> CollaborationStats.Outcome.APPROVED;
            case EDITED -> CollaborationStats.Outcome.EDITED;
            case AGENT_REPLY -> CollaborationStats.Outcome.WRITTEN_BY_PEOPLE;
            // a menu answers nothing yet: the customer's choice (or the agents) will
            case HANDOFF_NOTICE, HOLDING, WELCOME, NON_TEXT, MENU, OUTREACH -> null;
        };
        if (outcome == null) {
            return Mono.empty();
        }
        return stats.count(outcome, reply.category(), at).onErrorResume(e -> {
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
        Mono<Void> wecom = settings.handOffToWecomPool() ? sessions.toPool(reply.conversation())
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
                        new AuditDetails.HandedOff(settings.handOffToWecomPool(), why.reason(), why.priority())))));
    }

    private static AuditDetails.Reply facts(OutgoingReply reply) {
        return new AuditDetails.Reply(reply.purpose().name(), reply.draftId(), reply.customerMessageId(), reply.text());
    }
}
