package com.wecomassist.approval;

import com.wecomassist.error.Refused;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What became of an action on the queue: done, with the draft as it now is (for {@code complete},
 * as it was removed), or refused with the reason. When the refusal is
 * {@link Refusal#CLAIMED_BY_ANOTHER}, {@code claim} says who holds the draft and until when;
 * otherwise it is the caller's claim, if any.
 */
public record Outcome(Refusal refusal, PendingDraft draft, Claim claim) {

    public static Outcome done(PendingDraft draft, Claim claim) {
        return new Outcome(null, Objects.requireNonNull(draft, "draft"), claim);
    }

    public static Outcome refused(Refusal refusal) {
        return new Outcome(Objects.requireNonNull(refusal, "refusal"), null, null);
    }

    public static Outcome heldBy(Claim holder) {
        return new Outcome(Refusal.CLAIMED_BY_ANOTHER, null, holder);
    }

    public boolean ok() {
        return refusal == null;
    }

    /**
     * A refused outcome as the API answers it: 404 for an unknown draft, else 409, with the reason
     * code, and who holds the draft until when ({@code heldBy}, {@code leaseUntil}) when a claim is known.
     */
    public Refused asRefused() {
        if (refusal == null) {
            throw new IllegalStateException("the action was done, not refused");
        }
        Refused refused = refusal == Refusal.UNKNOWN_DRAFT ? Refused.notFound(refusal.name(), refusal.message())
                : Refused.conflict(refusal.name(), refusal.message());
        if (claim == null) {
            return refused;
        }
        Map<String, Object> holder = new LinkedHashMap<>();
        holder.put("heldBy", claim.agentId());
        holder.put("leaseUntil", claim.leaseUntil());
        return refused.with(holder);
    }
}
