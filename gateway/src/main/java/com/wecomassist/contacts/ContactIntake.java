package com.wecomassist.contacts;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Where {@code change_external_contact} callbacks enter the directory: applies the event, counts it
 * ({@code assist.contacts.events}, by kind and outcome), then tells the {@link ContactEventListener}s.
 * The Mono completes when the directory has the event; an error means it has not, and the callback
 * is answered non-200 so that WeCom delivers it again (which the directory then takes once).
 */
public class ContactIntake {

    private static final Logger log = LoggerFactory.getLogger(ContactIntake.class);

    private final ContactDirectory directory;
    private final List<ContactEventListener> listeners;
    private final MeterRegistry meters;

    public ContactIntake(ContactDirectory directory, List<ContactEventListener> listeners, MeterRegistry meters) {
        this.directory = directory;
        this.listeners = List.copyOf(listeners);
        this.meters = meters;
    }

    public Mono<ApplyOutcome> take(ContactEvent event) {
        return directory.apply(event).doOnNext(outcome -> {
            meters.counter("assist.contacts.events", "kind", event.kind().name(), "outcome", outcome.name())
                    .increment();
            if (outcome != ApplyOutcome.UNCHANGED) {
                tell(event, outcome);
            }
        });
    }

    private void tell(ContactEvent event, ApplyOutcome outcome) {
        for (ContactEventListener listener : listeners) {
            // not awaited: a welcome (or any listener) must not hold up the callback's acknowledgement
            Mono.defer(() -> listener.onContactEvent(event, outcome))
                    .subscribe(null, e -> {
                        meters.counter("assist.contacts.listener.failures").increment();
                        log.warn("contact listener {} failed on {} of {}: {}", listener.getClass().getSimpleName(),
                                event.kind(), event.externalUserId(), e.toString());
                    });
        }
    }
}
