package com.wecomassist.route;

/**
 * Decides where a drafted reply goes: sent by the machine, queued for a person, or the
 * conversation handed to a person. One explainable policy for every conversation; thresholds are
 * configuration. Pure and fast: no I/O, safe to call on any thread.
 */
public interface RoutingPolicy {

    RoutingDecision decide(RoutingInput input);

    /** What the customer's words ask for (also used before any retrieval, to hand off at once). */
    Intent intentOf(String customerText);
}
