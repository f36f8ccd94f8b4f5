package com.wecomassist.outreach;

import com.wecomassist.events.BankEvent;
import com.wecomassist.events.BankEventListener;
import reactor.core.publisher.Mono;

/**
 * The engine listens to the bank's events: every accepted event of a customer WeCom knows (an event under
 * a customer number nobody linked reaches no listener) goes through the strategies in force. The event
 * store has made sure an event id is taken once, so the engine sees each event once. An event of the type
 * {@code assist.outreach.customer-replied-event} (the customer wrote in a 客户联系 chat, as the bank's
 * 会话存档 system saw) is also 互动, as if they had written to 微信客服 at the event's time.
 */
public class OutreachOnEvents implements BankEventListener {

    private final OutreachEngine engine;
    private final String customerRepliedEvent;

    public OutreachOnEvents(OutreachEngine engine, String customerRepliedEvent) {
        this.engine = engine;
        this.customerRepliedEvent = customerRepliedEvent;
    }

    @Override
    public Mono<Void> onAccepted(BankEvent event) {
        if (event.externalUserId() == null) {
            return Mono.empty();
        }
        Mono<Void> replied = event.type().equals(customerRepliedEvent)
                ? engine.replied(event.externalUserId(), event.occurredAt()) : Mono.empty();
        return replied.then(engine.on(new OutreachPlanner.Event(event.id(), event.type(), event.occurredAt(),
                event.attributes()), event.externalUserId())).then();
    }
}
