package com.wecomassist.supervise;

import com.wecomassist.conversation.Conversation;
import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.error.Refused;
import java.security.Principal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Team leads' API (role SUPERVISOR or ADMIN, see {@code staff/SecurityConfiguration}): their team
 * ({@code GET /api/team}) and handing a conversation to a person of it ({@code POST
 * /api/conversations/{id}/assign}), themselves included. Refusals are {@link Refused} errors
 * answered by {@code error/RefusedAnswers}: 400 no or an unfit assignee or a bad conversation id, 403
 * an assignee of another team, 404 an unknown one, 409 a conversation that does not allow it.
 */
@RestController
class SupervisorController {

    /** {@code POST /api/conversations/{id}/assign}: the login name of who holds it from now on. */
    record Assignment(String to) {
    }

    /** The conversation as it is now held. */
    record Assigned(String status, Conversation conversation) {
    }

    private final SupervisorDesk desk;

    SupervisorController(SupervisorDesk desk) {
        this.desk = desk;
    }

    @GetMapping("/api/team")
    Mono<SupervisorDesk.Team> team(Principal supervisor) {
        return desk.team(supervisor.getName());
    }

    /** Body: {@code {"to": "dave"}}; to take a conversation over from an agent, name yourself. */
    @PostMapping("/api/conversations/{conversationId}/assign")
    Mono<Assigned> assign(@PathVariable String conversationId, Principal supervisor,
                          @RequestBody(required = false) Assignment body) {
        ConversationKey key;
        try {
            key = ConversationKey.parse(conversationId);
        } catch (IllegalArgumentException e) {
            throw Refused.invalid("BAD_CONVERSATION_ID", e.getMessage());
        }
        return desk.assign(key, body == null ? null : body.to(), supervisor.getName())
                .map(conversation -> new Assigned("ASSIGNED", conversation));
    }
}
