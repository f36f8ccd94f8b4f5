package com.wecomassist.contacts;

import java.time.Instant;

/**
 * One line of a customer's history: an event the directory applied, and the status it left.
 *
 * @param at       when the event happened
 * @param kind     what happened
 * @param employee whose relationship it was
 * @param status   the relationship's status after it
 * @param detail   the channel code of an add, the {@code Source} or {@code FailReason}; may be null
 */
public record ContactChange(Instant at, ContactEvent.Kind kind, String employee, ContactStatus status, String detail) {
}
