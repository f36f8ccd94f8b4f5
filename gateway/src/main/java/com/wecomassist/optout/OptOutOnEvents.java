package com.wecomassist.optout;

import com.wecomassist.events.BankEvent;
import com.wecomassist.events.BankEventListener;
import reactor.core.publisher.Mono;

/**
 * The bank's systems opt a customer out ({@code assist.optout.opt-out-event}, e.g. they unsubscribed in the
 * bank's app) or back in ({@code assist.optout.opt-in-event}) as of the event's time: a late event older than
 * the customer's last change changes nothing.
 */
public class OptOutOnEvents implements BankEventListener {

    private final OptOutDesk desk;
    private final OptOutProperties settings;

    public OptOutOnEvents(OptOutDesk desk, OptOutProperties settings) {
        this.desk = desk;
        this.settings = settings;
    }

    @Override
    public Mono<Void> onAccepted(BankEvent event) {
        if (event.externalUserId() == null) {
            return Mono.empty();
        }
        String reason = "event " + event.id();
        if (event.type().equals(settings.optOutEvent())) {
            return desk.optOut(new OptOut(event.externalUserId(), OptOut.Source.BANK_EVENT, reason, "bank",
                    event.occurredAt())).then();
        }
        if (event.type().equals(settings.optInEvent())) {
            return desk.optIn(event.externalUserId(), OptOut.Source.BANK_EVENT, reason, "bank", event.occurredAt())
                    .then();
        }
        return Mono.empty();
    }
}
