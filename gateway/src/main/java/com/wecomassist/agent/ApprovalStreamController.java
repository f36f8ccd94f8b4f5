package com.wecomassist.agent;

import com.wecomassist.access.StaffScope;
import com.wecomassist.approval.ApprovalStream;
import com.wecomassist.approval.QueuedDraft;
import java.security.Principal;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/**
 * {@code GET /api/approvals/stream}: server-sent events named {@code queue}, each the whole list of
 * waiting drafts of the user's scope in queue order ({@code ?queue=} keeps one queue, 403
 * {@code OUT_OF_SCOPE} for one they do not work on), sent when it changes, with a comment every 15 s
 * so that proxies keep the connection open.
 */
@RestController
class ApprovalStreamController {

    private final ApprovalStream stream;
    private final StaffScope scope;

    ApprovalStreamController(ApprovalStream stream, StaffScope scope) {
        this.stream = stream;
        this.scope = scope;
    }

    @GetMapping(path = "/api/approvals/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<List<QueuedDraft>>> stream(@RequestParam(name = "queue", required = false) String only,
                                                    Principal agent) {
        return scope.of(agent.getName()).map(viewer -> viewer.drafts(only)).flatMapMany(shown -> LiveLists.events(
                stream.snapshots().map(all -> all.stream().filter(q -> shown.test(q.draft())).toList()), "queue"));
    }
}
