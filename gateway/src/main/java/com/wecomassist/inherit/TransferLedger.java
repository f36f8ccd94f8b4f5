package com.wecomassist.inherit;

import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * Our own record of the transfers WeCom accepted, per customer: WeCom allows a customer to be transferred
 * at most twice in 90 days and says so only by refusing the call (40128), so the gateway counts first and
 * never asks for a third. A transfer is written once per job ({@code jobId}), so a retried write does not
 * count twice. Entries older than the window are of no use and are dropped.
 */
public interface TransferLedger {

    Mono<Void> record(String externalUserId, String jobId, Instant at);

    /** How many transfers of the customer began at or after {@code since}. */
    Mono<Long> countSince(String externalUserId, Instant since);
}
