package com.wecomassist.inherit;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** WeCom's inheritance API as the job needs it (adapter: {@code wecom/}). */
public interface TransferCalls {

    /** A customer's row of transfer_result. */
    record Result(String externalUserId, int status, Instant takeoverTime) {
    }

    /** Sends one batch (≤ 100); answers each customer's errcode (0: accepted, waiting 24 h). */
    Mono<Map<String, Integer>> transfer(TransferKind kind, String handover, String takeover, List<String> customers,
                                        String message);

    /** Every page of transfer_result (or resigned/transfer_result) of the pair. */
    Flux<Result> results(TransferKind kind, String handover, String takeover);

    /** The departed {@code handover}'s customers from get_unassigned_list (every page). */
    Flux<String> unassigned(String handover);
}
