package com.wecomassist.engagement;

import java.time.Instant;
import java.util.Objects;

/**
 * An employee engaged a customer: a message of theirs reached the customer, they called or visited them, or
 * they answered in the customer's chat. The 管户 who has not engaged a customer in the first month after
 * adding them hands them to 直营 for outreach ({@code outreach/OutreachPlanner}).
 *
 * @param employee the employee's WeCom userid
 * @param customer the customer's external_userid
 * @param at       when
 * @param source   how the gateway knows
 */
public record Engagement(String employee, String customer, Instant at, Source source) {

    public Engagement {
        Objects.requireNonNull(employee, "employee");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(source, "source");
    }

    /** How the gateway knows of an engagement. */
    public enum Source {
        /** An outreach task of the employee's was sent and reached the customer (DELIVERED). */
        TASK_DELIVERED,
        /** The bank's CRM logged a call or visit ({@code assist.engagement.manager-contact-event}). */
        BANK_EVENT,
        /** The employee asked for reply suggestions in the customer's chat ({@code POST /api/suggestions}). */
        SUGGESTION
    }
}
