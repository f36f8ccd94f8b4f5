package com.wecomassist.inbound;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Intake limits (the embedded mode's in-process hand-off; the cluster mode's are {@code assist.kafka.*}).
 *
 * @param queueCapacity    messages accepted but not yet handled, at most; beyond it new messages stay
 *                         at WeCom (the cursor does not move) until there is room
 * @param handlingAttempts a message whose handling fails is tried this often in all; then the reply
 *                         flow gives up on it ({@link InboundMessageHandler#gaveUp}: its customer goes
 *                         to people)
 * @param handlingBackoff  first wait between those tries; doubles, with jitter
 * @param warmUpCallbacks  signed callbacks this instance posts to itself before it reports ready (readiness
 *                         probe), so that a fresh instance answers WeCom at its steady pace from its first
 *                         second of traffic; 0: no warm-up
 * @param warmUpTime       the warm-up stops after this long even if not all were posted
 */
@ConfigurationProperties(prefix = "assist.inbound", ignoreUnknownFields = false)
public record InboundProperties(@DefaultValue("10000") int queueCapacity,
                                @DefaultValue("3") int handlingAttempts,
                                @DefaultValue("1s") Duration handlingBackoff,
                                @DefaultValue("300000") int warmUpCallbacks,
                                @DefaultValue("15s") Duration warmUpTime) {

    public InboundProperties {
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("assist.inbound.queue-capacity must be at least 1");
        }
        if (handlingAttempts < 1) {
            throw new IllegalArgumentException("assist.inbound.handling-attempts must be at least 1");
        }
        if (warmUpCallbacks < 0 || warmUpTime.isNegative()) {
            throw new IllegalArgumentException("assist.inbound.warm-up-callbacks and warm-up-time must not be negative");
        }
        if (handlingBackoff.isNegative() || handlingBackoff.isZero()) {
            throw new IllegalArgumentException("assist.inbound.handling-backoff must be positive");
        }
    }
}
