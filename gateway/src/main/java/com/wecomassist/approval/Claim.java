package com.wecomassist.approval;

import java.time.Instant;
import java.util.Objects;

/**
 * An agent's hold on a draft: nobody else may claim, release or complete it until the lease runs
 * out. The lease makes a draft held by an agent who went away come back to the queue by itself.
 */
public record Claim(String agentId, Instant leaseUntil) {

    public Claim {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(leaseUntil, "leaseUntil");
    }
}
