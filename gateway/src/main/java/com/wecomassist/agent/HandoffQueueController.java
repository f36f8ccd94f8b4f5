package com.wecomassist.agent;

import com.wecomassist.access.StaffScope;
import com.wecomassist.access.Viewer;
import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.error.Refused;
import java.security.Principal;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The handoff queue over HTTP (roles AGENT, ACCOUNT_MANAGER, ADMIN, like the other conversation
 * endpoints): {@code GET /api/conversations?waiting=true} lists every conversation of the user's scope
 * ({@code access/StaffScope}) a person holds or must pick up, most urgent first, then the longest waiting; {@code GET /api/conversations/waiting/stream}
 * pushes the same list as server-sent events named {@code waiting} whenever it changes (with a comment
 * every 15 s so that proxies keep the connection open). Claiming is the conversation's take-over.
 */
@RestController
class HandoffQueueController {

    private final HandoffQueue queue;
    private final StaffScope scope;

    HandoffQueueController(HandoffQueue queue, StaffScope scope) {
        this.queue = queue;
        this.scope = scope;
    }

    @GetMapping("/api/conversations")
    Mono<List<HandoffQueue.Waiting>> conversations(@RequestParam(name = "waiting", required = false) String waiting,
                                                   Principal agent) {
        if (waiting == null) {
            throw Refused.invalid("MISSING_FILTER", "say which conversations: ?waiting=true lists those waiting "
                    + "for a person (the only list there is)");
        }
        if (!"true".equals(waiting.strip())) {
            throw Refused.invalid("BAD_FILTER", "waiting must be 'true' (the conversations waiting for a person "
                    + "are the only list there is), not '" + waiting + "'");
        }
        return scope.of(agent.getName()).flatMap(viewer -> queue.now().flatMap(all -> theirs(viewer, all)));
    }

    @GetMapping(path = "/api/conversations/waiting/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<List<HandoffQueue.Waiting>>> stream(Principal agent) {
        return scope.of(agent.getName()).flatMapMany(viewer -> {
            return LiveLists.events(queue.changes().concatMap(all -> theirs(viewer, all)), "waiting");
        });
    }

    /** The waiting conversations the viewer works on, in the queue's order. */
    private static Mono<List<HandoffQueue.Waiting>> theirs(Viewer viewer, List<HandoffQueue.Waiting> all) {
        return Flux.fromIterable(all)
                .filterWhen(w -> viewer.sees(ConversationKey.parse(w.conversationId()), w.heldBy()))
                .collectList();
    }
}
