package com.wecomassist.agent;

import java.time.Duration;
import java.util.List;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;

/**
 * A list the agents' page keeps live (the approval queue, the handoff queue) as server-sent events:
 * one named event with the whole list whenever it changes, and a comment every 15 s so that proxies
 * keep the connection open.
 */
final class LiveLists {

    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private LiveLists() {
    }

    static <T> Flux<ServerSentEvent<List<T>>> events(Flux<List<T>> lists, String event) {
        Flux<ServerSentEvent<List<T>>> changes = lists.distinctUntilChanged()
                .map(list -> ServerSentEvent.builder(list).event(event).build());
        Flux<ServerSentEvent<List<T>>> keepAlive = Flux.interval(KEEP_ALIVE)
                .map(tick -> ServerSentEvent.<List<T>>builder().comment("keep-alive").build());
        return Flux.merge(changes, keepAlive);
    }
}
