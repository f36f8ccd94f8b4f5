package com.wecomassist.outreach;

import reactor.core.publisher.Mono;

/**
 * Where a message the employee confirms is made: WeCom's 企业群发 ({@code add_msg_template}, single chat,
 * one customer) — nothing reaches the customer until the employee confirms it in their WeCom client —
 * and where a churn warning reaches a person (an app message to the employee).
 */
public interface OutreachTasks {

    /**
     * Creates the task for {@code sender} to send {@code text} to {@code customer}; answers WeCom's msgid,
     * or nothing when WeCom left the customer out (not the sender's friend).
     */
    Mono<String> create(String sender, String customer, String text);

    /** Tells {@code employee} (an app message) that {@code customer} needs a person's attention, and why. */
    Mono<Void> warn(String employee, String customer, String why);

    /** Where a task stands for its customer. */
    enum State { WAITING, SENT, OVER_LIMIT, NOT_FRIEND }

    /** @param sentAt when the employee sent it (SENT, OVER_LIMIT); null otherwise */
    record Result(State state, java.time.Instant sentAt) {
    }

    /** Where {@code employee}'s task {@code msgid} stands for {@code customer}. */
    Mono<Result> result(String msgid, String employee, String customer);

    /** Reminds the employee of the task (WeCom allows 3 a task in 24 h). */
    Mono<Void> remind(String msgid);

    /** Cancels what the employee has not sent of the task. */
    Mono<Void> cancel(String msgid);
}
