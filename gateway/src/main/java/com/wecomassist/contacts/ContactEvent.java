package com.wecomassist.contacts;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Something that happened to one follow relationship (a customer × an employee), from a
 * {@code change_external_contact} callback or a page of the full sync. {@code at} is when it happened
 * (the callback's {@code CreateTime}; for a sync, when the page was read): the directory orders
 * events by it, so a callback that arrives late or twice never undoes a newer state.
 *
 * @param kind           what happened
 * @param externalUserId the customer
 * @param employee       the employee's userid (for {@code transfer_fail}: the takeover employee)
 * @param at             when it happened, whole seconds as WeCom gives them
 * @param state          the channel code ({@code State}) of an add, or of the relationship in a sync; may be null
 * @param welcomeCode    an add's {@code WelcomeCode} (valid 20 s, single use): passed to listeners, never stored
 * @param detail         {@code Source} of an employee's delete, {@code FailReason} of a failed transfer; may be null
 * @param snapshot       what a sync read of the customer and the relationship; null for callbacks
 */
public record ContactEvent(Kind kind, String externalUserId, String employee, Instant at, String state,
                           String welcomeCode, String detail, Snapshot snapshot) {

    /** What happened, in the past tense; {@link #changeType} is WeCom's name, where WeCom sends it. */
    public enum Kind {
        ADDED("add_external_contact"),
        HALF_ADDED("add_half_external_contact"),
        EDITED("edit_external_contact"),
        REMOVED_BY_EMPLOYEE("del_external_contact"),
        REMOVED_BY_CUSTOMER("del_follow_user"),
        TRANSFER_FAILED("transfer_fail"),
        /** An inheritance to this employee was started (written by the inheritance feature, not by a callback). */
        TRANSFER_STARTED(null),
        /** The full sync found the relationship at WeCom. */
        SYNCED(null);

        public final String changeType;

        Kind(String changeType) {
            this.changeType = changeType;
        }

        /** The kind of a callback's {@code ChangeType}, if it is one the directory follows. */
        public static Optional<Kind> ofChangeType(String changeType) {
            for (Kind kind : values()) {
                if (kind.changeType != null && kind.changeType.equals(changeType)) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * A customer and one of their relationships as {@code batch/get_by_user} answers them.
     *
     * @param name    the customer's WeChat name as given
     * @param unionid the customer's unionid, where the bank's 公众号/小程序 shares an open platform; may be null
     * @param remark  the employee's remark for the customer
     * @param tags    the corporate tag ids the employee set
     * @param addedAt when the employee added the customer ({@code createtime})
     */
    public record Snapshot(String name, String unionid, String remark, List<String> tags, Instant addedAt) {
        public Snapshot {
            tags = tags == null ? List.of() : List.copyOf(tags);
            addedAt = addedAt == null ? null : addedAt.truncatedTo(ChronoUnit.SECONDS);
        }
    }

    public ContactEvent {
        Objects.requireNonNull(kind, "kind");
        // WeCom's times are whole seconds; a sync's read time is cut to match, so both adapters compare alike
        at = Objects.requireNonNull(at, "at").truncatedTo(ChronoUnit.SECONDS);
        require(externalUserId, "externalUserId");
        require(employee, "employee");
        if (kind == Kind.SYNCED) {
            Objects.requireNonNull(snapshot, "a synced event carries its snapshot");
        }
    }

    /** A callback's event. */
    public static ContactEvent callback(Kind kind, String externalUserId, String employee, Instant at, String state,
                                        String welcomeCode, String detail) {
        return new ContactEvent(kind, externalUserId, employee, at, state, welcomeCode, detail, null);
    }

    /** A relationship the full sync read at {@code readAt}. */
    public static ContactEvent synced(String externalUserId, String employee, Instant readAt, String state,
                                      Snapshot snapshot) {
        return new ContactEvent(Kind.SYNCED, externalUserId, employee, readAt, state, null, null, snapshot);
    }

    private static void require(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
