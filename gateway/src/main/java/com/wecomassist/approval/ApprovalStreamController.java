package com.wecomassist.approval;

import java.time.Duration;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/**
 * {@code GET /api/approvals/stream}: server-sent events named {@code queue}, each the whole list of
 * waiting drafts in queue order ({@code ?queue=} keeps one queue), sent when it changes, with a
 * comment every 15 s so that proxies keep the connection open.
 */
@RestController
class ApprovalStreamController {

    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final ApprovalStream stream;

    ApprovalStreamController(ApprovalStream stream) {
        this.stream = stream;
    }

    @GetMapping(path = "/api/approvals/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<List<QueuedDraft>>> stream(@RequestParam(name = "queue", required = false) String only) {
        Flux<ServerSentEvent<List<QueuedDraft>>> changes = stream.snapshots()
                .map(all -> only == null || only.isBlank() ? all
                        : all.stream().filter(q -> q.draft().queue().equals(only.strip())).toList())
                .distinctUntilChanged()
                .map(list -> ServerSentEvent.builder(list).event("queue").build());
        Flux<ServerSentEvent<List<QueuedDraft>>> keepAlive = Flux.interval(KEEP_ALIVE)
                .map(tick -> ServerSentEvent.<List<QueuedDraft>>builder().comment("keep-alive").build());
        return Flux.merge(changes, keepAlive);
    }
}
