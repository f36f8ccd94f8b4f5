package com.wecomassist.comply;

import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.error.Refused;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/compliance/recent?action=BLOCK|REVIEW|PASS&limit=N} (COMPLIANCE_OFFICER, ADMIN):
 * the latest drafts and agents' texts compliance blocked or sent to review (no action: both), or
 * that passed ({@code PASS}: a sample of the AI drafts and every agent's text that went out), newest
 * first, each with its {@code key} (to teach from it) and what happened next when the conversation's
 * audit trail tells (an agent sent, edited or rejected the draft; it was handed to a person; it is
 * still waiting).
 */
@RestController
class FlaggedDraftsController {

    /** Events of a conversation read to find what became of a draft. */
    private static final int TRAIL = 200;
    /** Conversations' trails read at the same time for one page. */
    private static final int TRAILS_AT_ONCE = 8;

    private final RecentTexts lists;
    private final AuditTrail audit;

    FlaggedDraftsController(RecentTexts lists, AuditTrail audit) {
        this.lists = lists;
        this.audit = audit;
    }

    /** A recent text as the officer's list shows it: {@code at} as ISO-8601, {@code next} what became of it. */
    record RecentText(String key, String id, String at, String conversation, String source, String actor,
                      String customerText, String text, String action, List<FlaggedDraft.Finding> hits,
                      List<String> packs, String route, String next) {
        static RecentText of(FlaggedDraft d, String next) {
            return new RecentText(d.key(), d.id(), d.at().toString(), d.conversation(), d.source(), d.actor(),
                    d.customerText(), d.text(), d.action(), d.hits(), d.packs(), d.route(), next);
        }
    }

    /** 400 INVALID_REQUEST for an unknown action or a limit out of range. */
    @GetMapping("/api/compliance/recent")
    Mono<List<RecentText>> recent(@RequestParam(required = false) String action,
                                        @RequestParam(required = false) String limit) {
        Set<String> actions;
        String wanted = action == null ? "" : action.strip().toUpperCase(Locale.ROOT);
        if (wanted.isEmpty()) {
            actions = RecentTexts.FLAGGED_ACTIONS;
        } else if (RecentTexts.FLAGGED_ACTIONS.contains(wanted)) {
            actions = Set.of(wanted);
        } else if (wanted.equals("PASS")) {
            actions = RecentTexts.PASSED_ACTIONS;
        } else {
            throw Refused.invalid("INVALID_REQUEST", "action is BLOCK, REVIEW or PASS (or absent for both BLOCK and REVIEW), not '"
                    + action + "'");
        }
        FlaggedDrafts drafts = wanted.equals("PASS") ? lists.passed() : lists.flagged();
        int n;
        try {
            n = limit == null || limit.isBlank() ? 50 : Integer.parseInt(limit.strip());
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > ComplianceProperties.MAX_LIMIT) {
            throw Refused.invalid("INVALID_REQUEST", "limit must be a whole number within 1.." + ComplianceProperties.MAX_LIMIT
                    + ", not '" + limit + "'");
        }
        return drafts.recent(actions, n).collectList().flatMap(page -> trails(page)
                .map(trails -> page.stream().map(d -> RecentText.of(d, next(d, trails.get(d.conversation())))).toList()));
    }

    /** The trail of each conversation an AI draft on the page belongs to, read once per conversation. */
    private Mono<Map<String, List<AuditEvent>>> trails(List<FlaggedDraft> page) {
        return Flux.fromIterable(page)
                .filter(d -> !FlaggedDraft.AGENT_REPLY.equals(d.source()) && d.conversation() != null)
                .map(FlaggedDraft::conversation)
                .distinct()
                .flatMap(conversation -> audit.ofConversation(conversation, TRAIL).collectList()
                        .map(trail -> Map.entry(conversation, trail)), TRAILS_AT_ONCE)
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    /** What became of it, from its conversation's trail; the route it took when nothing later is known. */
    private static String next(FlaggedDraft d, List<AuditEvent> trail) {
        if (trail == null || FlaggedDraft.AGENT_REPLY.equals(d.source())) { // nothing follows an agent's own text
            return d.route() == null ? "" : d.route();
        }
        AuditEvent.Type last = AuditEvent.Type.QUEUED_FOR_APPROVAL;
        for (AuditEvent e : trail) {
            AuditEvent.Type t = e.type();
            if (d.id().equals(e.subject()) && (t == AuditEvent.Type.APPROVED || t == AuditEvent.Type.EDITED
                    || t == AuditEvent.Type.REJECTED || t == AuditEvent.Type.SLA_BREACHED)) {
                last = t;
            }
        }
        return switch (last) {
            case APPROVED -> "SENT_BY_AGENT";
            case EDITED -> "EDITED_AND_SENT";
            case REJECTED -> "REJECTED";
            case SLA_BREACHED -> "SLA_BREACHED";
            default -> "APPROVAL".equals(d.route()) ? "AWAITING_APPROVAL"
                    : "BLOCK".equals(d.route()) || "HANDOFF".equals(d.route()) ? "HANDED_OFF"
                    : String.valueOf(d.route());
        };
    }
}
