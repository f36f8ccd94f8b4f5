package com.wecomassist.approval;

/** Why the queue refused an action. A value, not an exception: refusals are part of normal work. */
public enum Refusal {
    /** No such draft in the queue (never queued, or completed so long ago that it is forgotten). */
    UNKNOWN_DRAFT,
    /** Another agent holds a live claim on it. */
    CLAIMED_BY_ANOTHER,
    /** Only the holder may do this and nobody holds it (a lapsed lease included): claim it first. */
    NOT_CLAIMED,
    /** It was completed already; a draft is completed, and so sent, at most once. */
    ALREADY_COMPLETED,
    /** A draft with this id is queued already (enqueue is idempotent, the first one stays). */
    ALREADY_QUEUED
}
