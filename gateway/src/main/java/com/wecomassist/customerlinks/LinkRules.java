package com.wecomassist.customerlinks;

import java.time.Instant;

/**
 * The order rules of {@link CustomerLinks}, as small functions over what the store holds for one
 * customer ({@link Held}) and what arrives; each answers the outcome and what to hold afterwards.
 * The in-memory adapter runs them; the Redis adapter's script says the same in Lua (the contract test
 * holds both to them).
 */
public final class LinkRules {

    private LinkRules() {
    }

    /**
     * What the store holds for a customer: a live link, or the marker of a removal (its time), or
     * nothing (null {@code Held}).
     */
    public record Held(CustomerLink link, Instant removedAsOf) {

        public static Held linked(CustomerLink link) {
            return new Held(link, null);
        }

        public static Held removed(Instant asOf) {
            return new Held(null, asOf);
        }

        /** The time of what is held. */
        public Instant asOf() {
            return link != null ? link.asOf() : removedAsOf;
        }
    }

    /** An outcome and what to hold after it. */
    public record Decision(LinkOutcome outcome, Held after) {
    }

    public static Decision upsert(Held held, CustomerLink arriving) {
        if (held == null) {
            return new Decision(LinkOutcome.APPLIED, Held.linked(arriving));
        }
        int order = arriving.asOf().compareTo(held.asOf());
        if (order < 0 || order == 0 && held.link() == null) {
            return new Decision(LinkOutcome.STALE, held); // older, or at the time of a removal: the removal wins
        }
        if (arriving.sameFacts(held.link())) {
            // nothing the bank says changed; a newer asOf is kept, so that a record older than it is stale
            return new Decision(LinkOutcome.UNCHANGED, order > 0 ? Held.linked(held.link().withManager(
                    held.link().managerUserId(), held.link().source(), arriving.asOf(), held.link().updatedAt()))
                    : held);
        }
        return new Decision(LinkOutcome.APPLIED, Held.linked(arriving));
    }

    public static Decision remove(Held held, Instant asOf) {
        if (held == null) {
            return new Decision(LinkOutcome.UNCHANGED, Held.removed(asOf)); // a removal before its upsert: remembered
        }
        if (asOf.isBefore(held.asOf())) {
            return new Decision(LinkOutcome.STALE, held);
        }
        if (held.link() == null) {
            return new Decision(LinkOutcome.UNCHANGED, Held.removed(asOf));
        }
        return new Decision(LinkOutcome.APPLIED, Held.removed(asOf));
    }

    public static Decision reassign(Held held, String from, String to, Instant at, Instant now) {
        if (held == null || held.link() == null) {
            return new Decision(LinkOutcome.UNKNOWN_CUSTOMER, held);
        }
        CustomerLink link = held.link();
        if (at.isBefore(link.asOf())) {
            return new Decision(LinkOutcome.STALE, held);
        }
        if (to.equals(link.managerUserId())) {
            return new Decision(LinkOutcome.UNCHANGED, held);
        }
        if (!from.equals(link.managerUserId())) {
            return new Decision(LinkOutcome.NOT_MANAGER, held);
        }
        return new Decision(LinkOutcome.APPLIED,
                Held.linked(link.withManager(to, CustomerLink.Source.INHERITANCE, at, now)));
    }
}
