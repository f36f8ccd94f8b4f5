package com.wecomassist.reply;

import com.wecomassist.compliance.pii.PiiMasker;
import com.wecomassist.conversation.ConversationStore;
import com.wecomassist.conversation.CustomerWrote;
import com.wecomassist.inbound.InboundMessage;
import com.wecomassist.inbound.MessageKind;
import com.wecomassist.inbound.MessageOrigin;
import com.wecomassist.outbound.OutboundHandOff;
import com.wecomassist.outbound.OutgoingReply;
import com.wecomassist.session.ConversationHistory;
import com.wecomassist.session.Turn;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * inbound: a customer's (or employee's) message is masked, kept in the history, opens the reply
 * window and enters the trail. It is to be answered unless it is too old (after a restart sync_msg
 * returns days of messages), has no words (the bot asks for text instead), or a later line of the
 * same burst will answer it.
 */
final class IntakeStage {

    private static final Logger log = LoggerFactory.getLogger(IntakeStage.class);

    private final ConversationStore conversations;
    private final ConversationHistory history;
    private final PiiMasker masker;
    private final OutboundHandOff outbound;
    private final ReplyProperties settings;
    private final BurstWatch bursts;
    private final ReplyRecorder recorder;
    private final Clock clock;
    private final List<CustomerWrote> customerWrote;

    IntakeStage(ConversationStore conversations, ConversationHistory history, PiiMasker masker,
                OutboundHandOff outbound, ReplyProperties settings, ReplyRecorder recorder, Clock clock,
                List<CustomerWrote> customerWrote) {
        this.conversations = conversations;
        this.history = history;
        this.masker = masker;
        this.outbound = outbound;
        this.settings = settings;
        this.bursts = new BurstWatch(settings.burstQuietPeriod());
        this.recorder = recorder;
        this.clock = clock;
        this.customerWrote = List.copyOf(customerWrote);
        recorder.watching(bursts);
    }

    /** A message was accepted and waits its turn: a burst may be under way. */
    void arrived(InboundMessage message) {
        bursts.arrived(message);
    }

    /** A message that arrived will not be taken after all (a copy of one handled before). */
    void forget(InboundMessage message) {
        bursts.ended(message);
    }

    /**
     * The message's masked text when it is to be answered now; empty when not (recorded why). However
     * it ends (an error too), the burst watch forgets the line: nothing else would.
     */
    Mono<String> take(InboundMessage message) {
        return intake(message).doFinally(signal -> bursts.ended(message));
    }

    private Mono<String> intake(InboundMessage message) {
        boolean words = message.kind() == MessageKind.TEXT || message.kind() == MessageKind.MENU_CHOICE;
        String said = words ? masker.mask(message.text() == null ? "" : message.text())
                : message.kind().placeholder();
        boolean stale = message.sentAt().isBefore(clock.instant().minus(settings.maxMessageAge()));
        Turn.Author author = message.origin() == MessageOrigin.CUSTOMER ? Turn.Author.CUSTOMER : Turn.Author.EMPLOYEE;
        Turn turn = words ? Turn.said(author, said, message.sentAt(), message.messageId())
                : Turn.withoutWords(author, said, message.sentAt(), message.messageId());
        Mono<Void> recorded = history.append(message.conversation(), turn)
                .then(conversations.update(message.conversation(),
                        c -> c.customerMessaged(message.sentAt(), clock.instant())))
                .then(recorder.received(message, said, stale ? "older than " + settings.maxMessageAge() : null));
        if (message.origin() == MessageOrigin.CUSTOMER) {
            // a stale message too: what the customer wrote while the gateway was down (an opt-out, a reply to
            // an outreach message) is still what they did, at the time it says
            String text = words ? said : null;
            recorded = recorded.doOnSuccess(done -> tell(message, text));
        }
        if (stale) {
            recorder.stale();
            return recorded.then(Mono.<String>empty());
        }
        if (!words) {
            // written before the notice is handed on: its SENT record must follow the message's
            return recorded.then(recorder.receivedWritten(message)).then(asksForText(message)).then(Mono.<String>empty());
        }
        return recorded.then(Mono.defer(() -> Mono.delay(bursts.waitBeforeAnswering(message))))
                .then(Mono.defer(() -> {
                    if (bursts.supersededAfter(message)) {
                        return recorder.coalesced(message).then(Mono.<String>empty());
                    }
                    return Mono.just(said);
                }));
    }

    /** Tells the listeners that the customer wrote, apart from the reply: none of them delays or fails it. */
    private void tell(InboundMessage message, String text) {
        for (CustomerWrote listener : customerWrote) {
            Mono.defer(() -> listener.customerWrote(message.conversation().peer(), message.sentAt(), text))
                    .subscribe(null, e -> log.warn("{} was not told that {} wrote: {}", listener.getClass().getSimpleName(),
                            message.conversation().id(), e.toString()));
        }
    }

    /** A message without words: the bot, while it holds the conversation, asks for text. */
    private Mono<Void> asksForText(InboundMessage message) {
        return conversations.get(message.conversation()).flatMap(c -> c.state().botHolds()
                ? outbound.handOn(OutgoingReply.notice("nontext-" + message.messageId(), message.conversation(),
                settings.nonTextText(), OutgoingReply.Purpose.NON_TEXT, ReplyRecorder.BOT, null,
                message.messageId()))
                : recorder.silent(message, c.state()));
    }
}
