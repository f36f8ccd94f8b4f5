package com.wecomassist.audit;

import com.wecomassist.conversation.OnceMarks;
import java.time.Clock;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * Staff reading a conversation, in the audit trail ({@code CONVERSATION_READ}: who, which
 * conversation, what they read, when). Recorded at most once per person, conversation and kind of
 * read within {@code assist.audit.staff-read-interval} (marks shared by every instance in cluster
 * mode), so that a page read again every few seconds writes one event, not hundreds.
 *
 * <p>The event names the conversation as its subject and belongs to no conversation: it goes to the
 * durable trail (the {@code assist.audit} log or topic; on the topic keyed by the conversation id, so
 * beside the conversation's own events) but not into the conversation's recent events, which are
 * capped, and which people reading them would otherwise crowd out.
 */
public class StaffReads {

    private final AuditTrail trail;
    private final OnceMarks marks;
    private final Duration interval;
    private final Clock clock;

    public StaffReads(AuditTrail trail, OnceMarks marks, Duration interval, Clock clock) {
        this.trail = trail;
        this.marks = marks;
        this.interval = interval;
        this.clock = clock;
    }

    /**
     * Records that {@code actor} read {@code what} ({@code history}, {@code audit-trail}) of the
     * conversation, unless they did within the interval. Fails closed: when the record cannot be
     * written the read fails too (and is recorded at the next try), since a bank must be able to
     * say who saw a customer's words.
     */
    public Mono<Void> read(String actor, String conversationId, String what) {
        String key = "staff-read:" + what + ":" + actor + ":" + conversationId;
        return marks.mark(key, interval).flatMap(first -> !first ? Mono.<Void>empty()
                : trail.record(AuditEvent.of(null, conversationId, actor, clock.instant(),
                                new AuditDetails.ConversationRead(what)))
                        .onErrorResume(e -> marks.unmark(key).onErrorResume(again -> Mono.empty())
                                .then(Mono.error(e))));
    }
}
