package com.wecomassist.events;

import reactor.core.publisher.Mono;

/**
 * Told of each {@link EventOutcome#ACCEPTED} event, after it is stored (the strategies engine is one):
 * every Spring bean of this type, in turn, once per event. A listener's failure (an error, or one thrown)
 * is counted ({@code assist.events.listener.failures{listener}}) and logged and does not fail the event,
 * which is stored already, nor keep the other listeners from hearing of it. Events stored twice are not
 * told twice: a duplicate is never told. The request (or Kafka record) that brought the event waits for
 * the listeners: a slow listener slows the bank's feed rather than piling up work.
 */
public interface BankEventListener {

    Mono<Void> onAccepted(BankEvent event);
}
