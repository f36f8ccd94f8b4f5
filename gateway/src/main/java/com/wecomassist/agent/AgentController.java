package com.wecomassist.agent;

import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.session.ConversationHistory;
import com.wecomassist.conversation.ConversationStore;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Agents' actions over HTTP (the agent console builds on them). The agent is the logged-in user
 * (role AGENT or ACCOUNT_MANAGER, see {@code staff/SecurityConfiguration}): their login name is what
 * the queue's claims and the audit trail record.
 *
 * <p>Answers: 200 with the result (and compliance warnings on the agent's text); 400 for bad input;
 * 404 unknown draft; 409 held by another agent, not claimed, already decided, or the conversation
 * does not allow it; 422 when compliance blocks the agent's text (the hits say why).
 */
@RestController
class AgentController {

    private final AgentDesk desk;
    private final ConversationStore conversations;
    private final ConversationHistory history;

    AgentController(AgentDesk desk, ConversationStore conversations, ConversationHistory history) {
        this.desk = desk;
        this.conversations = conversations;
        this.history = history;
    }

    /** Body (optional): {@code {"text": "edited reply"}}; without text the draft is sent as drafted. */
    @PostMapping("/api/approvals/{draftId}/approve")
    Mono<ResponseEntity<Map<String, Object>>> approve(@PathVariable String draftId,
                                                      Principal agent,
                                                      @RequestBody(required = false) Map<String, String> body) {
        return asAgent(agent, (id, unused) -> desk.approve(draftId, id, field(body, "text")));
    }

    /** Body (optional): {@code {"reason": "...", "reply": "the agent's own answer"}}. */
    @PostMapping("/api/approvals/{draftId}/reject")
    Mono<ResponseEntity<Map<String, Object>>> reject(@PathVariable String draftId,
                                                     Principal agent,
                                                     @RequestBody(required = false) Map<String, String> body) {
        return asAgent(agent, (id, unused) -> desk.reject(draftId, id, field(body, "reason"), field(body, "reply")));
    }

    @PostMapping("/api/approvals/{draftId}/take-over")
    Mono<ResponseEntity<Map<String, Object>>> takeOverDraft(@PathVariable String draftId,
                                                            Principal agent) {
        return asAgent(agent, (id, unused) -> desk.takeOverDraft(draftId, id));
    }

    /** The conversation's state and its recent turns (masked as stored). */
    @GetMapping("/api/conversations/{conversationId}")
    Mono<ResponseEntity<Map<String, Object>>> conversation(@PathVariable String conversationId) {
        ConversationKey key;
        try {
            key = ConversationKey.parse(conversationId);
        } catch (IllegalArgumentException e) {
            return Mono.just(ResponseEntity.badRequest().body(error("BAD_CONVERSATION_ID", e.getMessage())));
        }
        return Mono.zip(conversations.get(key), history.recent(key)).map(t -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("conversation", t.getT1());
            body.put("history", t.getT2());
            return ResponseEntity.ok(body);
        });
    }

    @PostMapping("/api/conversations/{conversationId}/take-over")
    Mono<ResponseEntity<Map<String, Object>>> takeOver(@PathVariable String conversationId,
                                                       Principal agent) {
        return onConversation(conversationId, agent, (key, id) -> desk.takeOver(key, id));
    }

    @PostMapping("/api/conversations/{conversationId}/hand-back")
    Mono<ResponseEntity<Map<String, Object>>> handBack(@PathVariable String conversationId,
                                                       Principal agent) {
        return onConversation(conversationId, agent, (key, id) -> desk.handBack(key, id));
    }

    /** Body: {@code {"text": "..."}}; the agent must hold the conversation. */
    @PostMapping("/api/conversations/{conversationId}/reply")
    Mono<ResponseEntity<Map<String, Object>>> reply(@PathVariable String conversationId,
                                                    Principal agent,
                                                    @RequestBody(required = false) Map<String, String> body) {
        return onConversation(conversationId, agent, (key, id) -> desk.reply(key, id, field(body, "text")));
    }

    private Mono<ResponseEntity<Map<String, Object>>> onConversation(
            String conversationId, Principal agent, BiFunction<ConversationKey, String, Mono<AgentDesk.DeskOutcome>> action) {
        ConversationKey key;
        try {
            key = ConversationKey.parse(conversationId);
        } catch (IllegalArgumentException e) {
            return Mono.just(ResponseEntity.badRequest().body(error("BAD_CONVERSATION_ID", e.getMessage())));
        }
        return asAgent(agent, (id, unused) -> action.apply(key, id));
    }

    private Mono<ResponseEntity<Map<String, Object>>> asAgent(
            Principal agent, BiFunction<String, Void, Mono<AgentDesk.DeskOutcome>> action) {
        return action.apply(agent.getName(), null).map(AgentController::answer);
    }

    private static ResponseEntity<Map<String, Object>> answer(AgentDesk.DeskOutcome outcome) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", outcome.status().name());
        if (outcome.message() != null) {
            body.put("message", outcome.message());
        }
        if (outcome.draft() != null) {
            body.put("draft", outcome.draft());
        }
        if (outcome.verdict() != null) {
            body.put("verdict", outcome.verdict().action().name());
            body.put("sentText", outcome.verdict().text());
        }
        body.put("warnings", outcome.warnings());
        HttpStatus status = switch (outcome.status()) {
            case DONE -> HttpStatus.OK;
            case BLOCKED_BY_COMPLIANCE -> HttpStatus.UNPROCESSABLE_CONTENT;
            case INVALID -> HttpStatus.BAD_REQUEST;
            case CONFLICT -> HttpStatus.CONFLICT;
            case QUEUE_REFUSED -> switch (outcome.queue().refusal()) {
                case UNKNOWN_DRAFT -> HttpStatus.NOT_FOUND;
                default -> HttpStatus.CONFLICT;
            };
        };
        if (outcome.queue() != null) {
            body.put("reason", outcome.queue().refusal().name());
            if (outcome.queue().claim() != null) {
                body.put("heldBy", outcome.queue().claim().agentId());
                body.put("leaseUntil", outcome.queue().claim().leaseUntil());
            }
        }
        return ResponseEntity.status(status).body(body);
    }

    private static Map<String, Object> error(String reason, String message) {
        return Map.of("reason", reason, "message", message);
    }

    private static String field(Map<String, String> body, String name) {
        return body == null ? null : body.get(name);
    }
}
