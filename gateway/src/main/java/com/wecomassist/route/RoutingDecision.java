package com.wecomassist.route;

import java.util.List;

/**
 * A routing decision and why: every reason that applied, in the order the policy checked them, so
 * that an agent, an auditor or a metric can tell why a reply was or was not sent by the machine.
 *
 * @param route    where the reply goes
 * @param reasons  why (never empty)
 * @param priority for the approval queue or the handoff: higher is more urgent (0 normal)
 * @param queue    whose queue an approval goes to: {@code "direct"} (直营 agents) or an account manager's userid
 */
public record RoutingDecision(Route route, List<Reason> reasons, int priority, String queue) {

    /** The 直营 agents' queue, for customers without an account manager. */
    public static final String DIRECT_QUEUE = "direct";

    public RoutingDecision {
        reasons = List.copyOf(reasons);
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("a routing decision needs a reason");
        }
    }

    /** The reason codes, e.g. for a metric tag or an audit line. */
    public List<String> reasonCodes() {
        return reasons.stream().map(Reason::code).toList();
    }

    /** True when the knowledge base was unsure: one of the reasons is {@link ReasonCode#unsure()}. */
    public boolean unsure() {
        return reasons.stream().anyMatch(r -> r.reason().unsure());
    }

    /**
     * The question's knowledge-gap reason, or null when it is none: the first unsure reason, or, when
     * a person was needed, the handoff's first reason.
     */
    public String gapReason() {
        for (Reason r : reasons) {
            if (r.reason().unsure()) {
                return r.code();
            }
        }
        return route == Route.HANDOFF ? reasons.get(0).code() : null;
    }

    /**
     * Why a person is needed, for a handoff or a block: the reason that decided the route, which is
     * the last one the policy checked ({@code repeated-low-confidence} after {@code low-confidence}).
     */
    public ReasonCode decidingReason() {
        return reasons.get(reasons.size() - 1).reason();
    }

    /** The reasons as agents read them in the approval queue: {@code code: detail}. */
    public List<String> explained() {
        return reasons.stream().map(r -> r.code() + ": " + r.detail()).toList();
    }

    /**
     * One reason: a stable code ({@link ReasonCode#LOW_CONFIDENCE}, {@link ReasonCode#COMPLAINT} …)
     * and a human detail ({@code 0.62 < 0.90}).
     */
    public record Reason(ReasonCode reason, String detail) {

        public Reason {
            java.util.Objects.requireNonNull(reason, "reason");
        }

        /** The reason's stable string form. */
        public String code() {
            return reason.code();
        }
    }
}
