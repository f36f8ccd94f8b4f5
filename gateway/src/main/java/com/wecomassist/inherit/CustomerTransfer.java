package com.wecomassist.inherit;

import java.time.Instant;

/**
 * One customer of an inheritance job.
 *
 * @param externalUserId the customer
 * @param state          where the transfer stands
 * @param errcode        WeCom's per-customer errcode from the call's answer; null before the call
 * @param detail         why (a FailReason, an errmsg); may be null
 * @param at             when the state was reached (for TAKEN_OVER: WeCom's takeover_time)
 */
public record CustomerTransfer(String externalUserId, CustomerState state, Integer errcode, String detail, Instant at) {

    public CustomerTransfer with(CustomerState next, Integer code, String why, Instant when) {
        return new CustomerTransfer(externalUserId, next, code != null ? code : errcode, why, when);
    }
}
