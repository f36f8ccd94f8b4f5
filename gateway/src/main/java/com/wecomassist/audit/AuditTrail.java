package com.wecomassist.audit;

import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where every step of the flow is recorded, so that for any message sent (or not sent) the bank
 * can show what the customer wrote, which KB entries and versions, prompt and model produced the
 * draft, what compliance said, why it was routed as it was, who approved it and which WeCom msgid
 * carried it.
 *
 * <p>A step counts as recorded when the Mono completes; an error means it was not, and the caller
 * must not go on as if it were (a reply is never sent without its trail).
 */
public interface AuditTrail {

    Mono<Void> record(AuditEvent event);

    /**
     * Several steps at once, kept in this order. Adapters that talk to a server send them together
     * (one round trip instead of one per event): the pipeline records four or five events per reply.
     */
    default Mono<Void> recordAll(List<AuditEvent> events) {
        return Flux.fromIterable(events).concatMap(this::record).then();
    }

    /** The most recent events of one conversation, oldest first, at most {@code limit}. */
    Flux<AuditEvent> ofConversation(String conversation, int limit);

    /**
     * Every event kept for reading of every conversation with this customer
     * ({@code ConversationKey.withCustomer}), by conversation id and oldest first within one: the
     * trail's part of a personal-data export.
     */
    Flux<AuditEvent> forCustomer(String externalUserId);

    /**
     * Redacts the text of every event kept for reading of the customer's conversations, keeping its
     * skeleton ({@link AuditSkeleton}: what happened, to which message or draft, who did it, when, and
     * the ids, codes and figures). The trail is append-only, so events are never removed: an auditor
     * still sees every step, without the customer's words. Answers how many events changed (none the
     * second time). What the durable trail already took (the log, the topic) is the archive's to
     * redact, told by the {@link AuditEvent.Type#CUSTOMER_ERASED} event.
     */
    Mono<Long> eraseCustomer(String externalUserId);
}
