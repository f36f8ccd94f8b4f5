package com.wecomassist.contacts;

import com.wecomassist.contacts.ContactEvent.Kind;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * How one event changes one follow relationship: the directory's rules in one place. The Redis
 * adapter runs the same rules inside a Lua script (so that read, compare and write are one atomic
 * step); the contract test holds both adapters to them.
 * <ol>
 *   <li>An event older than the relationship's {@code changedAt} is out of order: the status stays.
 *       A late add only fills in {@code addedAt} and the channel code when they are unknown (a
 *       removal heard first), so churn within N days of adding can still be measured.</li>
 *   <li>At the same second, an event of a kind already applied is a duplicate; and a removal wins
 *       over anything else at its second (a delete and an add in one second cannot be ordered, and
 *       believing the delete never contacts a customer who left).</li>
 *   <li>A sync that finds the relationship as it is changes nothing (a page read again after a restart
 *       writes no second history line).</li>
 * </ol>
 */
public final class FollowRules {

    private FollowRules() {
    }

    /**
     * What to do.
     *
     * @param outcome      what happened
     * @param relationship the relationship to store; null when nothing is to be written
     * @param change       the history line to add; null when none
     */
    public record Decision(ApplyOutcome outcome, FollowRelationship relationship, ContactChange change) {
    }

    /** The status a relationship has after an event of this kind ({@code current} for an edit). */
    public static ContactStatus statusAfter(Kind kind, ContactStatus current) {
        return switch (kind) {
            case ADDED, SYNCED -> ContactStatus.ACTIVE;
            case HALF_ADDED -> ContactStatus.HALF;
            // an edit is made in the client on a friend: it says nothing new about the status
            case EDITED -> current == null ? ContactStatus.ACTIVE : current;
            case REMOVED_BY_EMPLOYEE -> ContactStatus.REMOVED_BY_EMPLOYEE;
            case REMOVED_BY_CUSTOMER -> ContactStatus.REMOVED_BY_CUSTOMER;
            case TRANSFER_STARTED -> ContactStatus.TRANSFERRING;
            case TRANSFER_FAILED -> ContactStatus.TRANSFER_FAILED;
        };
    }

    public static Decision decide(FollowRelationship current, ContactEvent event) {
        Instant at = event.at();
        if (current != null && at.isBefore(current.changedAt())) {
            return late(current, event);
        }
        ContactStatus status = statusAfter(event.kind(), current == null ? null : current.status());
        boolean sameSecond = current != null && at.equals(current.changedAt());
        if (sameSecond && (current.kindsAtChanged().contains(event.kind())
                || current.status().removed() && !status.removed())) {
            return new Decision(current.kindsAtChanged().contains(event.kind()) ? ApplyOutcome.UNCHANGED
                    : ApplyOutcome.OUT_OF_ORDER, null, null);
        }
        boolean adds = event.kind() == Kind.ADDED || event.kind() == Kind.HALF_ADDED;
        // a new friendship begins when there was none, or the last one had ended
        boolean begins = current == null || current.addedAt() == null || current.status().removed()
                || current.status() == ContactStatus.TRANSFER_FAILED;
        Instant addedAt = current == null ? null : current.addedAt();
        String state = current == null ? null : current.state();
        var tags = current == null ? java.util.List.<String>of() : current.tags();
        String remark = current == null ? null : current.remark();
        if (adds) {
            addedAt = begins ? at : addedAt;
            state = event.state() != null ? event.state() : begins ? null : state;
        } else if (event.kind() == Kind.SYNCED) {
            ContactEvent.Snapshot snapshot = event.snapshot();
            addedAt = snapshot.addedAt() != null ? snapshot.addedAt() : addedAt;
            state = event.state() != null ? event.state() : state;
            tags = snapshot.tags();
            remark = snapshot.remark();
            if (current != null && current.status() == status && Objects.equals(addedAt, current.addedAt())
                    && Objects.equals(state, current.state()) && tags.equals(current.tags())
                    && Objects.equals(remark, current.remark())) {
                return new Decision(ApplyOutcome.UNCHANGED, null, null);
            }
        }
        Instant removedAt = status.removed() ? (event.kind() == Kind.EDITED ? current.removedAt() : at) : null;
        Set<Kind> kinds = EnumSet.of(event.kind());
        if (sameSecond) {
            kinds.addAll(current.kindsAtChanged());
        }
        String detail = event.detail();
        FollowRelationship next = new FollowRelationship(event.externalUserId(), event.employee(), status, addedAt,
                state, tags, remark, at, removedAt, detail, kinds);
        String line = detail != null ? detail : adds ? event.state() : null;
        return new Decision(ApplyOutcome.APPLIED, next,
                new ContactChange(at, event.kind(), event.employee(), status, line));
    }

    private static Decision late(FollowRelationship current, ContactEvent event) {
        boolean adds = event.kind() == Kind.ADDED || event.kind() == Kind.HALF_ADDED;
        if (adds && current.addedAt() == null) {
            FollowRelationship filled = new FollowRelationship(current.externalUserId(), current.employee(),
                    current.status(), event.at(), current.state() != null ? current.state() : event.state(),
                    current.tags(), current.remark(), current.changedAt(), current.removedAt(), current.detail(),
                    current.kindsAtChanged());
            return new Decision(ApplyOutcome.OUT_OF_ORDER, filled, null);
        }
        return new Decision(ApplyOutcome.OUT_OF_ORDER, null, null);
    }
}
