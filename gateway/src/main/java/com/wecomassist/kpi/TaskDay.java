package com.wecomassist.kpi;

import java.time.LocalDate;

/**
 * One employee's 企业群发 tasks made on one bank day, and how many of them ended each way.
 *
 * @param created   tasks made for the employee to confirm
 * @param confirmed sent by the employee (SENT, or OVER_LIMIT: sent, kept from the customer by WeCom's limit)
 * @param expired   cancelled at expiry, unconfirmed
 * @param notFriend the customer was no longer a friend before the employee confirmed: the employee could
 *                  not send it, so it is left out of the execution rate's denominator
 */
public record TaskDay(LocalDate day, String employee, long created, long confirmed, long expired, long notFriend) {

    /** Made and not ended yet (never below 0: an ending counted before its creation's count arrives). */
    public long open() {
        return Math.max(0, created - confirmed - expired - notFriend);
    }
}
