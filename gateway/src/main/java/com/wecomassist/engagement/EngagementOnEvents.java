package com.wecomassist.engagement;

import com.wecomassist.events.BankEvent;
import com.wecomassist.events.BankEventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The bank's CRM logged an employee's call or visit ({@code assist.engagement.manager-contact-event}, the
 * employee's userid in {@code assist.engagement.employee-attribute}): an engagement at the event's time.
 */
public class EngagementOnEvents implements BankEventListener {

    private static final Logger log = LoggerFactory.getLogger(EngagementOnEvents.class);

    private final Engagements engagements;
    private final EngagementProperties settings;

    public EngagementOnEvents(Engagements engagements, EngagementProperties settings) {
        this.engagements = engagements;
        this.settings = settings;
    }

    @Override
    public Mono<Void> onAccepted(BankEvent event) {
        if (event.externalUserId() == null || !event.type().equals(settings.managerContactEvent())) {
            return Mono.empty();
        }
        if (!(event.attributes().get(settings.employeeAttribute()) instanceof String employee) || employee.isBlank()) {
            // the event is the bank's mistake, not ours: said once, nothing to retry
            log.warn("{} has no {} naming the employee: not an engagement", event, settings.employeeAttribute());
            return Mono.empty();
        }
        return engagements.record(new Engagement(employee.strip(), event.externalUserId(), event.occurredAt(),
                Engagement.Source.BANK_EVENT));
    }
}
