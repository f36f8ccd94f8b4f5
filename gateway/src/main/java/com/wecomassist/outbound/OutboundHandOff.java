package com.wecomassist.outbound;

import reactor.core.publisher.Mono;

/**
 * Hands a reply on to be sent. When the Mono completes the reply is the outbound stage's
 * responsibility: in the embedded mode it has been sent (or the reason it was not is recorded);
 * in cluster mode it is on the outbound topic, and whichever instance consumes it sends it.
 * Replies of one conversation are sent in the order they were handed on.
 */
public interface OutboundHandOff {

    Mono<Void> handOn(OutgoingReply reply);
}
