package com.wecomassist.outreach;

import com.wecomassist.outbound.OutgoingReply;
import com.wecomassist.outbound.ReplySent;
import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * A strategy's 微信客服 message that WeCom accepted reached the customer: CONFIRMED (nobody has to confirm a
 * 微信客服 message; counted so that the funnel reads the same for both channels) and DELIVERED, for the
 * customer in the message's test. Idempotent: each outcome is marked once.
 */
public class OutreachOnKfDelivery implements ReplySent {

    private final OutreachLedger ledger;

    public OutreachOnKfDelivery(OutreachLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public Mono<Void> replySent(OutgoingReply reply, Instant sentAt) {
        if (reply.purpose() != OutgoingReply.Purpose.OUTREACH) {
            return Mono.empty();
        }
        String customer = reply.conversation().peer();
        return Mono.justOrEmpty(KfOutreach.testIdOf(reply.replyId()))
                .flatMap(testId -> ledger.mark(testId, customer, Outcome.CONFIRMED, sentAt)
                        .then(ledger.mark(testId, customer, Outcome.DELIVERED, sentAt)))
                .then();
    }
}
