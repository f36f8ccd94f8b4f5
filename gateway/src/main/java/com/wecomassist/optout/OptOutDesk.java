package com.wecomassist.optout;

import com.wecomassist.audit.AuditDetails;
import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditTrail;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Every way in to the suppression list (the customer's message, the bank's event, staff) goes through here,
 * so that every change is on the audit trail ({@code OPT_OUT_CHANGED}: the customer as subject
 * {@code customer:<external_userid>}, who did it as actor, the source, the reason and when the customer
 * asked). Only a change is recorded: an opt-out of someone opted out already changes nothing, nor does a
 * change older than the store's last.
 */
public class OptOutDesk {

    private static final Logger log = LoggerFactory.getLogger(OptOutDesk.class);

    private final OptOuts optOuts;
    private final AuditTrail audit;
    private final Clock clock;

    public OptOutDesk(OptOuts optOuts, AuditTrail audit, Clock clock) {
        this.optOuts = optOuts;
        this.audit = audit;
        this.clock = clock;
    }

    public Mono<OptOut.Change> optOut(OptOut optOut) {
        return optOuts.optOut(optOut).flatMap(change -> change != OptOut.Change.APPLIED ? Mono.just(change)
                : recorded("opted-out", optOut.externalUserId(), optOut.source(), optOut.reason(), optOut.by(),
                optOut.at()).thenReturn(change));
    }

    public Mono<OptOut.Change> optIn(String externalUserId, OptOut.Source source, String reason, String by,
                                     Instant at) {
        return optOuts.optIn(externalUserId, at).flatMap(change -> change != OptOut.Change.APPLIED ? Mono.just(change)
                : recorded("opted-in", externalUserId, source, reason, by, at).thenReturn(change));
    }

    public Mono<OptOut> optOutOf(String externalUserId) {
        return optOuts.optOutOf(externalUserId);
    }

    public Mono<java.util.List<OptOut>> page(String after, int limit) {
        return optOuts.page(after, limit);
    }

    private Mono<Void> recorded(String action, String customer, OptOut.Source source, String reason, String by,
                                Instant at) {
        return audit.record(AuditEvent.of(null, "customer:" + customer, by, clock.instant(),
                        new AuditDetails.OptOutChanged(action, source.name(), reason, at.toString())))
                .doOnSuccess(done -> log.info("customer {} {} ({}, by {})", customer, action, source, by));
    }
}
