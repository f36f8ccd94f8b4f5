package com.wecomassist.conversation;

import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * Told when a customer writes (every Spring bean of this type is), after their message is recorded and
 * apart from the reply: a listener neither delays nor fails the answer. The outreach tests count it as
 * 互动 (the customer replied after a message reached them).
 */
public interface CustomerWrote {

    Mono<Void> customerWrote(String externalUserId, Instant at);
}
