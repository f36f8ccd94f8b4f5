package com.wecomassist.audit;

import com.wecomassist.error.Refused;
import com.wecomassist.error.TransientException;
import java.security.Principal;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * A conversation's audit trail over HTTP, for the agent console to come:
 * {@code GET /api/audit?conversation=ID&limit=N} answers its most recent events, oldest first, as
 * a JSON array ({@value #DEFAULT_LIMIT} unless {@code limit} says otherwise, never more than
 * {@value #MAX_LIMIT}, nor more than {@code assist.audit.max-per-conversation} are kept).
 * Reading it takes the role COMPLIANCE_OFFICER (or ADMIN), see {@code staff/SecurityConfiguration}, and is
 * itself recorded ({@code CONVERSATION_READ} of the {@code audit-trail}, see {@link StaffReads}).
 *
 * <p>Refusals ({@code error/RefusedAnswers}) answer 400 with {@code {"reason": ..., "message": ...}}; a
 * store that cannot be read answers 503 {@code UNAVAILABLE}.
 */
@RestController
@RequestMapping("/api/audit")
class AuditController {

    static final int DEFAULT_LIMIT = 100;
    /** One answer stays small enough for a browser, whatever a caller asks for. */
    static final int MAX_LIMIT = 1000;

    private final AuditTrail trail;
    private final StaffReads reads;

    AuditController(AuditTrail trail, StaffReads reads) {
        this.trail = trail;
        this.reads = reads;
    }

    @GetMapping
    Mono<List<AuditEvent>> ofConversation(@RequestParam(required = false) String conversation,
                                          @RequestParam(required = false) String limit, Principal reader) {
        if (conversation == null || conversation.isBlank()) {
            throw Refused.invalid("MISSING_CONVERSATION",
                    "name the conversation: ?conversation=kf:<open_kfid>:<external_userid>");
        }
        int n;
        try {
            n = limit == null || limit.isBlank() ? DEFAULT_LIMIT : Integer.parseInt(limit.strip());
        } catch (NumberFormatException e) {
            throw Refused.invalid("INVALID_LIMIT", "limit must be a whole number");
        }
        int clamped = Math.max(1, Math.min(MAX_LIMIT, n));
        // UNAVAILABLE rather than the advice's BUSY for any transient failure: the reason code this
        // endpoint has always answered
        // recorded once the trail is read and before it is answered: an answer whose read is not on record is not sent
        return trail.ofConversation(conversation.strip(), clamped).collectList()
                .flatMap(events -> reads.read(reader.getName(), conversation.strip(), "audit-trail").thenReturn(events))
                .onErrorMap(TransientException.class, e -> Refused.unavailable("UNAVAILABLE",
                        "the audit trail cannot be read now; try again"));
    }
}
