package com.wecomassist.optout;

import java.time.Instant;
import java.util.Objects;

/**
 * A customer who asked not to receive marketing messages (退订): no strategy takes them into its audience
 * until they opt back in.
 *
 * @param externalUserId the customer
 * @param source         where the request came from
 * @param reason         why, as staff wrote it (masked) or what the source says (the phrase matched, the event id)
 * @param by             who recorded it: the member of staff's login, {@code customer} or {@code bank}
 * @param at             when the customer asked (the message's or event's time; for staff, when they recorded it)
 */
public record OptOut(String externalUserId, Source source, String reason, String by, Instant at) {

    public OptOut {
        Objects.requireNonNull(externalUserId, "externalUserId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(at, "at");
    }

    /** Where an opt-out (or an opt back in) came from. */
    public enum Source {
        /** The customer wrote an opt-out phrase to 微信客服. */
        CUSTOMER_MESSAGE,
        /** The bank's systems sent an event (the customer unsubscribed in the bank's app). */
        BANK_EVENT,
        /** A member of staff recorded it ({@code /api/optouts}). */
        STAFF
    }

    /** What a write did. */
    public enum Change {
        /** The customer is opted out (or back in) now. */
        APPLIED,
        /** Nothing to do: already opted out (the first opt-out is kept), or not opted out. */
        UNCHANGED,
        /** Older than the last change the store knows of (the bank's events may arrive out of order). */
        STALE
    }
}
