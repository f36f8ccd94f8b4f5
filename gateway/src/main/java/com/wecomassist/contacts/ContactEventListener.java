package com.wecomassist.contacts;

import reactor.core.publisher.Mono;

/**
 * Told of each contact event the directory took (every Spring bean of this type is): the seam for
 * features that act on an event, such as sending a welcome message with an add's {@code WelcomeCode}.
 * Not told of duplicates. {@code outcome} says whether the event changed the relationship
 * ({@link ApplyOutcome#APPLIED}) or came late ({@link ApplyOutcome#OUT_OF_ORDER}: e.g. an add whose
 * customer has already removed the employee, whom a welcome would not reach).
 *
 * <p>Listeners run after the directory has the event and after the callback is acknowledged: they
 * neither delay WeCom's 5-second acknowledgement nor fail it. An error is logged and counted
 * ({@code assist.contacts.listener.failures}); a listener that must not lose an event retries on its own.
 */
public interface ContactEventListener {

    Mono<Void> onContactEvent(ContactEvent event, ApplyOutcome outcome);
}
