package com.wecomassist.events;

/** What became of one event the bank sent. */
public enum EventOutcome {
    /** stored under the customer's external_userid; the {@link BankEventListener}s were told */
    ACCEPTED,
    /**
     * stored under the bank's customer number, which no link carries yet: kept so that it can be matched
     * when the link arrives ({@link EventStore#since} of the customer reads both); listeners are not told,
     * there being nobody the gateway could reach
     */
    UNLINKED,
    /** an event of this id was taken already (from any source, on any instance): nothing was stored again */
    DUPLICATE,
    /** well formed but not kept (older than the window, too far in the future): the reason says which */
    REJECTED
}
