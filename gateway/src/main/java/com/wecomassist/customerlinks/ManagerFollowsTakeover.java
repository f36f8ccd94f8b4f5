package com.wecomassist.customerlinks;

import com.wecomassist.inherit.TakeoverListener;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * When a 客户继承 takeover completes, the customer's 管户 moves with them: the bank's link names the
 * takeover employee from then on, so routing sends the customer's next draft to the person who now
 * holds the WeChat friendship. Only a customer whose 管户 is still the handover employee moves (the
 * bank may have reassigned them meanwhile: its later record wins); a customer the bank never linked
 * has no 管户 to move.
 */
class ManagerFollowsTakeover implements TakeoverListener {

    private static final Logger log = LoggerFactory.getLogger(ManagerFollowsTakeover.class);

    private final CustomerLinks links;

    ManagerFollowsTakeover(CustomerLinks links) {
        this.links = links;
    }

    @Override
    public Mono<Void> takenOver(String handover, String takeover, String externalUserId, Instant at) {
        return links.reassignManager(externalUserId, handover, takeover, at)
                .doOnNext(outcome -> log.info("takeover of {} from {} to {}: 管户 {}", externalUserId, handover,
                        takeover, outcome))
                .then();
    }
}
