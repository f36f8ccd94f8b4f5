package com.wecomassist.customerlinks;

/** What writing to {@link CustomerLinks} did. */
public enum LinkOutcome {
    /** the store changed */
    APPLIED,
    /** the store already said this (the same record again, a removal of what was not linked) */
    UNCHANGED,
    /** older than what the store holds for the customer: ignored */
    STALE,
    /** a reassignment whose {@code from} is not the customer's 管户 now: ignored */
    NOT_MANAGER,
    /** a reassignment of a customer the store holds no link for */
    UNKNOWN_CUSTOMER
}
