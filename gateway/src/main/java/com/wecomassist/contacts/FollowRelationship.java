package com.wecomassist.contacts;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One employee's relationship with one customer, as the directory last understood it.
 *
 * @param externalUserId the customer
 * @param employee       the employee's userid
 * @param status         where it stands
 * @param addedAt        when the employee and the customer became friends (the latest add); null when
 *                       the directory has only heard of a later event
 * @param state          the channel code the customer came through (渠道活码); may be null
 * @param tags           the corporate tag ids, as of the last sync
 * @param remark         the employee's remark, as of the last sync; may be null
 * @param changedAt      the time of the newest event reflected: an older one does not change the status
 * @param removedAt      when it was removed, while it is
 * @param detail         the last event's {@code Source} or {@code FailReason}; may be null
 * @param kindsAtChanged the kinds of event already applied at {@code changedAt}: the same event again
 *                       is a duplicate
 */
public record FollowRelationship(String externalUserId, String employee, ContactStatus status, Instant addedAt,
                                 String state, List<String> tags, String remark, Instant changedAt,
                                 Instant removedAt, String detail, Set<ContactEvent.Kind> kindsAtChanged) {

    public FollowRelationship {
        tags = tags == null ? List.of() : List.copyOf(tags);
        kindsAtChanged = kindsAtChanged == null ? Set.of() : Set.copyOf(kindsAtChanged);
    }
}
