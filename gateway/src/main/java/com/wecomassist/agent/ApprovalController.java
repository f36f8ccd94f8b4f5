package com.wecomassist.agent;

import com.wecomassist.access.StaffScope;
import com.wecomassist.approval.ApprovalProperties;
import com.wecomassist.approval.ApprovalQueue;
import com.wecomassist.approval.Claim;
import com.wecomassist.approval.Outcome;
import com.wecomassist.approval.PendingDraft;
import com.wecomassist.approval.QueuedDraft;
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
 * or ACCOUNT_MANAGER, see {@code staff/SecurityConfiguration}): claims carry their login name. Each
 * sees and claims only the drafts of their scope ({@code access/StaffScope}: their team's 直营 queue,
 * an account manager their own customers'): a claim outside it is 403 {@code OUT_OF_SCOPE}.
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
    private final StaffScope scope;

    ApprovalController(ApprovalQueue queue, ApprovalProperties settings, StaffScope scope) {
        this.queue = queue;
        this.settings = settings;
        this.scope = scope;
    }

    /**
     * Every waiting draft of the user's scope in the order agents should take them, with who holds
     * it; {@code ?queue=} keeps one queue ({@code direct} for the 直营 agents, or an account manager's
     * userid), 403 {@code OUT_OF_SCOPE} for one the user does not work on.
     */
    @GetMapping
    Flux<QueuedDraft> pending(@RequestParam(name = "queue", required = false) String only, Principal agent) {
        return scope.of(agent.getName()).map(viewer -> viewer.drafts(only))
                .flatMapMany(shown -> queue.pending().filter(waiting -> shown.test(waiting.draft())));
    }

    /** Only a draft of the user's scope: 403 {@code OUT_OF_SCOPE} otherwise (unknown or done drafts as the queue says). */
    @PostMapping("/{draftId}/claim")
    Mono<Claimed> claim(@PathVariable String draftId, Principal agent) {
        return scope.of(agent.getName())
                .flatMap(viewer -> queue.find(draftId).flatMap(found -> found.ok()
                        ? viewer.check(found.draft()).then() : Mono.<Void>empty()))
                .then(queue.claim(draftId, agent.getName(), settings.lease()))
                .map(ApprovalController::answer);
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
