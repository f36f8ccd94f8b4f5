package com.wecomassist.inbound.wecom;

import com.wecomassist.error.TransientException;
import com.wecomassist.inbound.InboundHandOff;
import com.wecomassist.inbound.InboundMessage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;

/** A hand-off for tests: records what it is given, and can be told to refuse. */
class RecordingHandOff implements InboundHandOff {

    final List<InboundMessage> taken = new CopyOnWriteArrayList<>();
    volatile boolean refuse;

    @Override
    public Mono<Void> handOn(InboundMessage message) {
        return Mono.defer(() -> {
            if (refuse) {
                return Mono.error(new TransientException("test: hand-off refused"));
            }
            taken.add(message);
            return Mono.empty();
        });
    }
}
