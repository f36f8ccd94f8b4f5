package com.wecomassist.approval;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The approval queue over HTTP, for the agent console. The agent is the logged-in user (role AGENT
 * or ACCOUNT_MANAGER, see {@code staff/SecurityConfiguration}): claims carry their login name.
 *
 * <p>Deciding on a claimed draft (approve, edit, reject, take over) is the agents' desk
 * ({@code agent/AgentController}): it completes the draft here and sends it, at most once.
 *
 * <p>Refused actions answer 404 (unknown draft) or 409 (held by another agent, not claimed,
 * already completed) with {@code {"reason": ..., "message": ...}}.
 */
@RestController
@RequestMapping("/api/approvals")
class ApprovalController {

    private final ApprovalQueue queue;
    private final ApprovalProperties settings;

    ApprovalController(ApprovalQueue queue, ApprovalProperties settings) {
        this.queue = queue;
        this.settings = settings;
    }

    /**
     * Every waiting draft in the order agents should take them, with who holds it; {@code ?queue=}
     * keeps one queue ({@code direct} for the 直营 agents, or an account manager's userid).
     */
    @GetMapping
    Flux<QueuedDraft> pending(@RequestParam(name = "queue", required = false) String only) {
        return only == null || only.isBlank() ? queue.pending()
                : queue.pending().filter(waiting -> waiting.draft().queue().equals(only.strip()));
    }

    @PostMapping("/{draftId}/claim")
    Mono<ResponseEntity<Map<String, Object>>> claim(@PathVariable String draftId,
                                                    Principal agent) {
        return asAgent(agent, id -> queue.claim(draftId, id, settings.lease()));
    }

    @PostMapping("/{draftId}/release")
    Mono<ResponseEntity<Map<String, Object>>> release(@PathVariable String draftId,
                                                      Principal agent) {
        return asAgent(agent, id -> queue.release(draftId, id));
    }

    private Mono<ResponseEntity<Map<String, Object>>> asAgent(Principal agent,
                                                              Function<String, Mono<Outcome>> action) {
        return action.apply(agent.getName()).map(ApprovalController::answer);
    }

    private static ResponseEntity<Map<String, Object>> answer(Outcome outcome) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (outcome.ok()) {
            body.put("draft", outcome.draft());
            body.put("claim", outcome.claim());
            return ResponseEntity.ok(body);
        }
        body.put("reason", outcome.refusal().name());
        body.put("message", switch (outcome.refusal()) {
            case UNKNOWN_DRAFT -> "no such draft in the queue";
            case CLAIMED_BY_ANOTHER -> "another agent holds this draft";
            case NOT_CLAIMED -> "claim the draft first (or again: the lease lapsed)";
            case ALREADY_COMPLETED -> "the draft was completed already";
            case ALREADY_QUEUED -> "the draft is queued already";
        });
        if (outcome.claim() != null) {
            body.put("heldBy", outcome.claim().agentId());
            body.put("leaseUntil", outcome.claim().leaseUntil());
        }
        HttpStatus status = outcome.refusal() == Refusal.UNKNOWN_DRAFT ? HttpStatus.NOT_FOUND : HttpStatus.CONFLICT;
        return ResponseEntity.status(status).body(body);
    }
}
