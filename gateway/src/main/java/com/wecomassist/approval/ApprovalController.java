package com.wecomassist.approval;

import java.security.Principal;
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
 * already completed) with {@code {"reason": ..., "message": ...}} and, when someone holds the draft,
 * {@code heldBy} and {@code leaseUntil} (see {@link Outcome#asRefused()}; answered by {@code error/RefusedAnswers}).
 */
@RestController
@RequestMapping("/api/approvals")
class ApprovalController {

    /** A claimed or released draft, with the claim now on it (null once released). */
    record Claimed(PendingDraft draft, Claim claim) {
    }

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
    Mono<Claimed> claim(@PathVariable String draftId, Principal agent) {
        return queue.claim(draftId, agent.getName(), settings.lease()).map(ApprovalController::answer);
    }

    @PostMapping("/{draftId}/release")
    Mono<Claimed> release(@PathVariable String draftId, Principal agent) {
        return queue.release(draftId, agent.getName()).map(ApprovalController::answer);
    }

    private static Claimed answer(Outcome outcome) {
        if (!outcome.ok()) {
            throw outcome.asRefused();
        }
        return new Claimed(outcome.draft(), outcome.claim());
    }
}
