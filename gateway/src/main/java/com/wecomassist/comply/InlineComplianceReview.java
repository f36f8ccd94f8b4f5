package com.wecomassist.comply;

import com.wecomassist.compliance.Verdict;
import com.wecomassist.compliance.rules.TextKind;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The rule packs alone, checked on the subscriber's thread: a rule pass is one Aho-Corasick scan
 * (hundreds of MB/s), cheaper than a hop to another thread.
 */
final class InlineComplianceReview implements ComplianceReview {

    private static final Logger log = LoggerFactory.getLogger(InlineComplianceReview.class);

    private final ComplianceInForce inForce;

    InlineComplianceReview(ComplianceInForce inForce) {
        this.inForce = inForce;
    }

    @Override
    public Mono<Verdict> check(String text, TextKind kind) {
        return Mono.fromSupplier(() -> {
            try {
                return inForce.checker().check(text, kind);
            } catch (RuntimeException e) {
                // Fail closed: a text we could not check goes to a person, never straight to the customer.
                log.error("compliance check failed; the text goes to a person", e);
                return Verdict.failedClosed(text, kind, List.of(), e.toString());
            }
        });
    }
}
