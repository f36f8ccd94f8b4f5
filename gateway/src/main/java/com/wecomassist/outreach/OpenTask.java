package com.wecomassist.outreach;

import java.time.Instant;

/**
 * A 企业群发 task the engine made and follows until it is final: confirmed (sent, or over the customer's
 * monthly limit), the customer no longer a friend, or cancelled when it expired unconfirmed.
 *
 * @param reminded when the employee was reminded (once, half-way to expiry); null: not yet
 */
public record OpenTask(String msgid, String testId, String strategyId, String customer, String employee,
                       Instant createdAt, Instant expiresAt, Instant reminded) {

    public OpenTask withReminded(Instant at) {
        return new OpenTask(msgid, testId, strategyId, customer, employee, createdAt, expiresAt, at);
    }
}
