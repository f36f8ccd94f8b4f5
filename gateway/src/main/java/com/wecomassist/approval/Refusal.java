package com.wecomassist.approval;

/** Why the queue refused an action. A value, not an exception: refusals are part of normal work. */
public enum Refusal {
    /** No such draft in the queue (never queued, or completed so long ago that it is forgotten). */
    UNKNOWN_DRAFT("no such draft in the queue"),
    /** Another agent holds a live claim on it. */
    CLAIMED_BY_ANOTHER("another agent holds this draft"),
    /** Only the holder may do this and nobody holds it (a lapsed lease included): claim it first. */
    NOT_CLAIMED("claim the draft first (or again: the lease lapsed)"),
    /** It was completed already; a draft is completed, and so sent, at most once. */
    ALREADY_COMPLETED("the draft was completed already"),
    /** A draft with this id is queued already (enqueue is idempotent, the first one stays). */
    ALREADY_QUEUED("the draft is queued already");

    private final String message;

    Refusal(String message) {
        this.message = message;
    }

    /** What the API tells the agent, in English (the console words the reason code in Chinese). */
    public String message() {
        return message;
    }
}
