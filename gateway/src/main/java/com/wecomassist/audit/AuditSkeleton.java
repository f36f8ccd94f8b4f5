package com.wecomassist.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An audit event without the words in it: what an erased customer's events keep. The trail is
 * append-only, so erasure redacts instead of deleting: the type, conversation, subject (msgid, draft
 * id), actor and time stay, and so do the details that are ids, codes and figures (entries and
 * versions, prompts, model, verdict, route and reasons, priorities, WeCom msgids, waits); every other
 * detail, whatever its type (a text, the hits with their matched words, the routing details, an
 * agent's reason for rejecting), becomes {@value #ERASED}. The kept keys are listed, not the erased
 * ones: a detail added later is erased until someone decides it carries no text.
 */
public final class AuditSkeleton {

    /** What an erased detail reads as. */
    public static final String ERASED = "[erased]";

    /** Details that never carry what a customer, an agent or a model wrote. */
    private static final Set<String> KEPT = Set.of(
            "kind", "sentAt", "notAnswered", "answeredWith", "lines", "entries", "confidence", "drafter", "model",
            "prompts", "sources", "fallback", "action", "packs", "checkFailed", "decidedBy", "lowMargin", "route",
            "reasons", "priority", "queue", "deadline", "items", "expiresAt", "questionMessageId", "clickId",
            "entryId", "offeredVersion", "answeredVersion", "how", "waitedMs", "verdict", "version", "rank",
            "answeredByAgent", "to", "from", "fromState", "priorityRaisedBy", "holdingTextSent", "purpose",
            "draftId", "customerMsgid", "wecomMsgids", "failType", "wecomPool", "state", "servicer", "new",
            "suggestedBy", "entryVersion", "decision", "reason");

    private AuditSkeleton() {
    }

    /** The event as an erased customer's trail keeps it; the same instance when nothing in it is text. */
    public static AuditEvent of(AuditEvent event) {
        if (event.type() == AuditEvent.Type.CUSTOMER_ERASED || event.type() == AuditEvent.Type.CUSTOMER_EXPORTED) {
            return event; // ids and counts only, by construction
        }
        Map<String, Object> kept = new LinkedHashMap<>();
        boolean changed = false;
        for (Map.Entry<String, Object> detail : event.details().entrySet()) {
            Object value = detail.getValue();
            if (keeps(event.type(), detail.getKey(), value)) {
                kept.put(detail.getKey(), value);
            } else {
                kept.put(detail.getKey(), ERASED);
                changed = true;
            }
        }
        return changed ? new AuditEvent(event.type(), event.conversation(), event.subject(), event.actor(), event.at(),
                kept) : event;
    }

    private static boolean keeps(AuditEvent.Type type, String key, Object value) {
        if (value == null || value instanceof Number || value instanceof Boolean || ERASED.equals(value)) {
            return true;
        }
        // a reason is a code or the gateway's own words, except an agent's reason for rejecting a draft
        if (key.equals("reason")) {
            return type != AuditEvent.Type.REJECTED;
        }
        return KEPT.contains(key);
    }
}
