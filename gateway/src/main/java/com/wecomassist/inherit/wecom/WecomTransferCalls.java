package com.wecomassist.inherit.wecom;

import com.wecomassist.inherit.TransferCalls;
import com.wecomassist.inherit.TransferKind;
import com.wecomassist.wecom.WecomApiClient;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** The inheritance calls on {@link WecomApiClient}, paging transfer_result and get_unassigned_list by cursor. */
public class WecomTransferCalls implements TransferCalls {

    private static final int UNASSIGNED_PAGE = 1000;

    private final WecomApiClient wecom;

    public WecomTransferCalls(WecomApiClient wecom) {
        this.wecom = wecom;
    }

    @Override
    public Mono<Map<String, Integer>> transfer(TransferKind kind, String handover, String takeover,
                                               List<String> customers, String message) {
        return wecom.transferCustomers(kind == TransferKind.RESIGNED, handover, takeover, customers, message)
                .map(answer -> {
                    Map<String, Integer> codes = new LinkedHashMap<>();
                    answer.path("customer").forEach(c -> codes.put(c.path("external_userid").asString(),
                            c.path("errcode").asInt(0)));
                    return codes;
                });
    }

    @Override
    public Flux<Result> results(TransferKind kind, String handover, String takeover) {
        boolean resigned = kind == TransferKind.RESIGNED;
        return pages(cursor -> wecom.transferResults(resigned, handover, takeover, cursor))
                .flatMapIterable(page -> page.path("customer"))
                .map(c -> new Result(c.path("external_userid").asString(), c.path("status").asInt(0),
                        c.path("takeover_time").asLong(0) > 0
                                ? Instant.ofEpochSecond(c.path("takeover_time").asLong()) : null));
    }

    @Override
    public Flux<String> unassigned(String handover) {
        return pages(cursor -> wecom.unassignedCustomers(cursor, UNASSIGNED_PAGE))
                .flatMapIterable(page -> page.path("info"))
                .filter(row -> handover.equals(row.path("handover_userid").asString()))
                .map(row -> row.path("external_userid").asString())
                .distinct();
    }

    private static Flux<JsonNode> pages(java.util.function.Function<String, Mono<JsonNode>> page) {
        return page.apply("").expand(answer -> {
            String next = answer.path("next_cursor").asString("");
            return next.isEmpty() ? Mono.empty() : page.apply(next);
        });
    }
}
