package com.wecomassist.inherit;

import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * Told when a customer's takeover completed (every Spring bean of this type is): the seam for what
 * follows a customer to their new employee, such as the bank's 管户 assignment. Called once per customer
 * and job, after the directory has the new relationship; an error is logged and does not undo the
 * takeover (WeCom has already moved the customer).
 */
public interface TakeoverListener {

    Mono<Void> takenOver(String handover, String takeover, String externalUserId, Instant at);
}
