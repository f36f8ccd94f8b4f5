package com.wecomassist.inherit;

/**
 * Where one customer of an inheritance job stands. {@link #QUEUED} and {@link #WAITING} are open; every
 * other state is final.
 */
public enum CustomerState {
    /** Not yet sent to WeCom (its batch has not gone yet). */
    QUEUED,
    /** Not sent: already transferred twice within the window (WeCom allows two in 90 days). */
    SKIPPED_LIMIT,
    /** Not sent: the handover employee does not follow this customer (per the directory / unassigned list). */
    SKIPPED_NOT_FOLLOWED,
    /** WeCom refused this customer in the call's answer (its errcode is kept, e.g. 40129 already transferring). */
    CALL_REFUSED,
    /** Accepted by WeCom; the customer has 24 h to refuse (transfer_result status 2). */
    WAITING,
    /** Taken over (status 1). */
    TAKEN_OVER,
    /** The customer refused (status 3, or transfer_fail customer_refused). */
    REFUSED,
    /** The takeover employee is at their customer limit (status 4, or transfer_fail customer_limit_exceed). */
    TAKEOVER_FULL,
    /** WeCom has no transfer record (status 5). */
    NO_RECORD,
    /** Still waiting when the job's polling time limit ran out. */
    GAVE_UP;

    public boolean open() {
        return this == QUEUED || this == WAITING;
    }

    /** The state of a transfer_result status, or null for one this code does not know. */
    public static CustomerState ofResultStatus(int status) {
        return switch (status) {
            case 1 -> TAKEN_OVER;
            case 2 -> WAITING;
            case 3 -> REFUSED;
            case 4 -> TAKEOVER_FULL;
            case 5 -> NO_RECORD;
            default -> null;
        };
    }
}
