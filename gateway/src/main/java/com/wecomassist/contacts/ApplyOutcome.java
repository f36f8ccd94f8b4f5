package com.wecomassist.contacts;

/** What the directory did with one event. */
public enum ApplyOutcome {
    /** The event changed the relationship and added a history line. */
    APPLIED,
    /**
     * Nothing to do: the same event was applied before (a callback seen twice), or a sync found the
     * relationship exactly as the directory has it. No history line.
     */
    UNCHANGED,
    /**
     * Older than what the relationship already reflects: the status stays (a late add never revives a
     * relationship removed after it). It only fills in what the directory did not know (when the
     * relationship began, its channel code). No history line.
     */
    OUT_OF_ORDER
}
