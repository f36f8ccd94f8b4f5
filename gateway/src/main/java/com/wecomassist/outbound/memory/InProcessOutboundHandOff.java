package com.wecomassist.outbound.memory;

import com.wecomassist.conversation.ConversationLanes;
import com.wecomassist.outbound.OutboundHandOff;
import com.wecomassist.outbound.OutgoingReply;
import com.wecomassist.outbound.ReplyDispatcher;
import reactor.core.publisher.Mono;

/**
 * The embedded mode's outbound: sends at once, one reply at a time per conversation (so an
 * approved draft and the bot's next answer cannot overtake each other), and completes when the
 * reply was sent or its refusal recorded. Nothing here tries a failed send again (the WeCom client
 * already did): such a reply is {@linkplain ReplyDispatcher#undeliverable undeliverable}, and the
 * caller still gets the error.
 */
public class InProcessOutboundHandOff implements OutboundHandOff {

    private final ConversationLanes lanes = new ConversationLanes();
    private final ReplyDispatcher dispatcher;

    public InProcessOutboundHandOff(ReplyDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public Mono<Void> handOn(OutgoingReply reply) {
        return lanes.submit(reply.conversation().id(), () -> dispatcher.dispatch(reply)
                .onErrorResume(failure -> dispatcher.undeliverable(reply, failure).then(Mono.error(failure))));
    }
}
