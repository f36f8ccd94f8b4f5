package com.wecomassist.approval;

import java.util.Objects;

/** A draft in the queue and who holds it right now ({@code claim} is null when nobody does). */
public record QueuedDraft(PendingDraft draft, Claim claim) {

    public QueuedDraft {
        Objects.requireNonNull(draft, "draft");
    }

    public boolean claimed() {
        return claim != null;
    }
}
