package com.wecomassist.outreach;

import com.wecomassist.contacts.ApplyOutcome;
import com.wecomassist.contacts.ContactEvent;
import com.wecomassist.contacts.ContactEventListener;
import reactor.core.publisher.Mono;

/** 流失 for the tests: a customer who removed an employee ({@code del_follow_user}) churned. */
public class OutreachOnContacts implements ContactEventListener {

    private final OutreachEngine engine;

    public OutreachOnContacts(OutreachEngine engine) {
        this.engine = engine;
    }

    @Override
    public Mono<Void> onContactEvent(ContactEvent event, ApplyOutcome outcome) {
        if (event.kind() != ContactEvent.Kind.REMOVED_BY_CUSTOMER || outcome != ApplyOutcome.APPLIED) {
            return Mono.empty();
        }
        return engine.churned(event.externalUserId(), event.at());
    }
}
