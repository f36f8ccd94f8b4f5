package com.wecomassist.outreach;

import com.wecomassist.events.BankEvent;
import com.wecomassist.events.BankEventListener;
import reactor.core.publisher.Mono;

/**
 * The engine listens to the bank's events: every accepted event of a customer WeCom knows (an event under
 * a customer number nobody linked reaches no listener) goes through the strategies in force. The event
 * store has made sure an event id is taken once, so the engine sees each event once.
 */
public class OutreachOnEvents implements BankEventListener {

    private final OutreachEngine engine;

    public OutreachOnEvents(OutreachEngine engine) {
        this.engine = engine;
    }

    @Override
    public Mono<Void> onAccepted(BankEvent event) {
        if (event.externalUserId() == null) {
            return Mono.empty();
        }
        return engine.on(new OutreachPlanner.Event(event.id(), event.type(), event.occurredAt(), event.attributes()),
                event.externalUserId()).then();
    }
}
