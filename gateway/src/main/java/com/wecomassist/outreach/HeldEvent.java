package com.wecomassist.outreach;

import java.time.Instant;

/**
 * A bank event a strategy held for one customer until its quiet hours end ({@link QuietHourHolds}).
 *
 * @param id         one per strategy, customer and event: holding the same again keeps one
 * @param notBefore  when the quiet hours end and it is decided again
 */
public record HeldEvent(String id, String strategyId, String customer, OutreachPlanner.Event event,
                        Instant notBefore) {

    public static HeldEvent of(String strategyId, String customer, OutreachPlanner.Event event, Instant notBefore) {
        return new HeldEvent(strategyId + "|" + customer + "|" + event.eventId(), strategyId, customer, event, notBefore);
    }
}
