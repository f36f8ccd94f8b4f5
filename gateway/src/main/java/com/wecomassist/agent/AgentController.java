package com.wecomassist.agent;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.wecomassist.access.StaffScope;
import com.wecomassist.approval.PendingDraft;
import com.wecomassist.audit.StaffReads;
import com.wecomassist.conversation.Conversation;
import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.conversation.ConversationStore;
import com.wecomassist.error.Refused;
import com.wecomassist.learn.LearnDesk;
import com.wecomassist.learn.PhrasingSuggestion;
import com.wecomassist.session.ConversationHistory;
import com.wecomassist.session.Turn;
import java.security.Principal;
import java.util.List;
import java.util.function.Function;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Agents' actions over HTTP (the agent console builds on them). The agent is the logged-in user
 * (role AGENT or ACCOUNT_MANAGER, see {@code staff/SecurityConfiguration}): their login name is what
 * the queue's claims and the audit trail record. A conversation is read, taken over or handed back
 * only within the user's scope ({@code access/StaffScope}; 403 {@code OUT_OF_SCOPE} otherwise), and
 * every read of one is in the audit trail ({@code CONVERSATION_READ}, {@code audit/StaffReads}).
 *
 * <p>Answers: 200 with {@link Acted} (and compliance warnings on the agent's text). Refusals are
 * {@link Refused} errors, answered by {@code error/RefusedAnswers} as {@code {"reason", "message",
 * "status", "warnings", ...}}: 400 a bad conversation id or a reply without text; 404 unknown draft;
 * 409 held by another agent ({@code heldBy}, {@code leaseUntil}), not claimed, already decided, or the
 * conversation does not allow it; 422 when compliance blocks the agent's text ({@code verdict},
 * {@code sentText}, and the hits as {@code warnings}).
 */
@RestController
class AgentController {

    /** {@code POST /api/approvals/{id}/approve}: the edited reply, or none (sent as drafted). */
    record Approval(String text) {
    }

    /** {@code POST /api/approvals/{id}/send-candidate}: the entry of the candidate to send. */
    record CandidateChoice(String entryId) {
    }

    /** {@code POST /api/approvals/{id}/reject}: why, and the agent's own answer to send instead (optional). */
    record Rejection(String reason, String reply) {
    }

    /** {@code POST /api/conversations/{id}/reply}: what the agent writes to the customer. */
    record AgentReply(String text) {
    }

    /**
     * A done action: {@code status} is always {@code DONE}; the draft acted on (absent for a
     * conversation action), compliance's action on the agent's own text and the text as sent (absent
     * when they wrote none), and the hits on it as warnings. For a candidate sent: the variant
     * suggestion the customer's question became ({@code suggestion}, {@code suggestionCreated}), or
     * why it did not ({@code notSuggested}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Acted(String status, PendingDraft draft, String verdict, String sentText, List<String> warnings,
                 PhrasingSuggestion suggestion, Boolean suggestionCreated, String notSuggested) {

        static Acted of(AgentDesk.Done done) {
            LearnDesk.ChosenPhrasing learned = done.learned();
            return new Acted("DONE", done.draft(), done.verdict() == null ? null : done.verdict().action().name(),
                    done.verdict() == null ? null : done.verdict().text(), done.warnings(),
                    learned == null ? null : learned.suggestion(),
                    learned == null || learned.suggestion() == null ? null : learned.created(),
                    learned == null ? null : learned.notSuggested());
        }
    }

    /** {@code GET /api/conversations/{id}}: its state and recent turns (masked as stored), oldest first. */
    record ConversationView(Conversation conversation, List<Turn> history) {
    }

    private final AgentDesk desk;
    private final ConversationStore conversations;
    private final ConversationHistory history;
    private final StaffScope scope;
    private final StaffReads reads;

    AgentController(AgentDesk desk, ConversationStore conversations, ConversationHistory history, StaffScope scope,
                    StaffReads reads) {
        this.desk = desk;
        this.conversations = conversations;
        this.history = history;
        this.scope = scope;
        this.reads = reads;
    }

    /** Body (optional): {@code {"text": "edited reply"}}; without text the draft is sent as drafted. */
    @PostMapping("/api/approvals/{draftId}/approve")
    Mono<Acted> approve(@PathVariable String draftId, Principal agent,
                        @RequestBody(required = false) Approval body) {
        return desk.approve(draftId, agent.getName(), body == null ? null : body.text()).map(Acted::of);
    }

    /**
     * Body: {@code {"entryId": "..."}}, one of the draft's candidates; the agent must hold the claim.
     * Refused: 400 {@code MISSING_ENTRY}, 404 {@code UNKNOWN_DRAFT} or {@code UNKNOWN_CANDIDATE}, 409 as
     * approve, 422 when compliance blocks the candidate's answer.
     */
    @PostMapping("/api/approvals/{draftId}/send-candidate")
    Mono<Acted> sendCandidate(@PathVariable String draftId, Principal agent,
                              @RequestBody(required = false) CandidateChoice body) {
        return desk.sendCandidate(draftId, agent.getName(), body == null ? null : body.entryId()).map(Acted::of);
    }

    /** Body (optional): {@code {"reason": "...", "reply": "the agent's own answer"}}. */
    @PostMapping("/api/approvals/{draftId}/reject")
    Mono<Acted> reject(@PathVariable String draftId, Principal agent,
                       @RequestBody(required = false) Rejection body) {
        Rejection rejection = body == null ? new Rejection(null, null) : body;
        return desk.reject(draftId, agent.getName(), rejection.reason(), rejection.reply()).map(Acted::of);
    }

    @PostMapping("/api/approvals/{draftId}/take-over")
    Mono<Acted> takeOverDraft(@PathVariable String draftId, Principal agent) {
        return desk.takeOverDraft(draftId, agent.getName()).map(Acted::of);
    }

    @GetMapping("/api/conversations/{conversationId}")
    Mono<ConversationView> conversation(@PathVariable String conversationId, Principal reader) {
        ConversationKey key = key(conversationId);
        return conversations.get(key)
                .flatMap(now -> inScope(reader, key, now.servicerUserId())
                        .then(reads.read(reader.getName(), key.id(), "history"))
                        .then(history.recent(key))
                        .map(turns -> new ConversationView(now, turns)));
    }

    @PostMapping("/api/conversations/{conversationId}/take-over")
    Mono<Acted> takeOver(@PathVariable String conversationId, Principal agent) {
        return onConversation(conversationId, key -> inScope(agent, key)
                .then(desk.takeOver(key, agent.getName())));
    }

    @PostMapping("/api/conversations/{conversationId}/hand-back")
    Mono<Acted> handBack(@PathVariable String conversationId, Principal agent) {
        return onConversation(conversationId, key -> inScope(agent, key)
                .then(desk.handBack(key, agent.getName())));
    }

    /** Body: {@code {"text": "..."}}; the agent must hold the conversation. */
    @PostMapping("/api/conversations/{conversationId}/reply")
    Mono<Acted> reply(@PathVariable String conversationId, Principal agent,
                      @RequestBody(required = false) AgentReply body) {
        return onConversation(conversationId, key -> desk.reply(key, agent.getName(), body == null ? null : body.text()));
    }

    private Mono<Acted> onConversation(String conversationId, Function<ConversationKey, Mono<AgentDesk.Done>> action) {
        return action.apply(key(conversationId)).map(Acted::of);
    }

    /** Completes when the user works on this conversation (as it is held now), else 403 {@code OUT_OF_SCOPE}. */
    private Mono<Void> inScope(Principal user, ConversationKey key) {
        return conversations.get(key).flatMap(now -> inScope(user, key, now.servicerUserId()));
    }

    private Mono<Void> inScope(Principal user, ConversationKey key, String holder) {
        return scope.of(user.getName()).flatMap(viewer -> viewer.check(key, holder));
    }

    private static ConversationKey key(String conversationId) {
        try {
            return ConversationKey.parse(conversationId);
        } catch (IllegalArgumentException e) {
            throw Refused.invalid("BAD_CONVERSATION_ID", e.getMessage());
        }
    }
}
