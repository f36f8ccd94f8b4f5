package com.wecomassist.knowledge.memory;

import com.wecomassist.kb.entry.EntryChange;
import com.wecomassist.knowledge.KbChangeBus;
import java.util.List;
import reactor.core.publisher.Mono;

/** The embedded mode's bus: one node, whose knowledge base already holds every change. */
public class InProcessKbChangeBus implements KbChangeBus {

    @Override
    public Mono<Void> publish(List<EntryChange> changes) {
        return Mono.empty();
    }
}
