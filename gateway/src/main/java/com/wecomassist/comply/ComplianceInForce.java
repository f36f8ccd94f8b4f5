package com.wecomassist.comply;

import com.wecomassist.compliance.ComplianceChecker;
import java.util.Objects;

/**
 * The compliance checker in force on this instance: the rule packs and exemplars published last.
 * A publication replaces it whole, so every check sees one consistent set and a check already
 * running finishes on the set it started with.
 */
public final class ComplianceInForce {

    private volatile ComplianceChecker checker;

    public ComplianceInForce(ComplianceChecker initial) {
        this.checker = Objects.requireNonNull(initial, "initial checker");
    }

    public ComplianceChecker checker() {
        return checker;
    }

    public void replace(ComplianceChecker next) {
        this.checker = Objects.requireNonNull(next, "next checker");
    }
}
