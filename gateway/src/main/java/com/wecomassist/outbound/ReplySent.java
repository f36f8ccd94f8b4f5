package com.wecomassist.outbound;

import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * Told when WeCom accepted a reply (every Spring bean of this type is), as one of the reply's records: tried
 * again until done like them, so a listener must be idempotent, and it never sends the reply again. The
 * outreach tests count a strategy's 微信客服 message as delivered from it.
 */
public interface ReplySent {

    Mono<Void> replySent(OutgoingReply reply, Instant sentAt);
}
