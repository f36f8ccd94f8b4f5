package com.wecomassist.learn;

import com.wecomassist.conversation.ConversationKey;
import java.util.Collection;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The recent customer questions the knowledge base could not answer with confidence, for the
 * content team's 知识缺口 view. Bounded: at most {@code assist.learn.gap-capacity} are kept (the
 * oldest go first) and none longer than {@code assist.learn.gap-retention}.
 */
public interface KnowledgeGaps {

    /** Keeps the gap; the same id again replaces it. */
    Mono<Void> record(KnowledgeGap gap);

    /** Every gap kept, the latest first. */
    Flux<KnowledgeGap> recent();

    /** Forgets these gaps (dealt with, or not worth it); unknown ids are ignored. Answers how many went. */
    Mono<Long> dismiss(Collection<String> ids);

    /** The gaps asked in the customer's conversations ({@link ConversationKey#idWithCustomer}), the latest first. */
    default Flux<KnowledgeGap> forCustomer(String externalUserId) {
        return recent().filter(gap -> ConversationKey.idWithCustomer(gap.conversation(), externalUserId));
    }

    /** Forgets the customer's gaps; answers how many went. */
    default Mono<Long> eraseCustomer(String externalUserId) {
        return forCustomer(externalUserId).map(KnowledgeGap::id).collectList()
                .flatMap(ids -> ids.isEmpty() ? Mono.just(0L) : dismiss(ids));
    }
}
