package com.wecomassist.compliance;

import com.wecomassist.compliance.pii.PiiDetector;
import com.wecomassist.compliance.rules.RulePack;
import com.wecomassist.compliance.rules.RulePackDirectory;
import com.wecomassist.compliance.rules.RulePackReader;
import com.wecomassist.compliance.rules.TextKind;

import java.util.List;
import java.util.Objects;

/**
 * The entry point: checks every text that can reach a customer (and customers' own messages, for
 * personal data) against the rule packs in force and returns a {@link Verdict}.
 *
 * <pre>{@code
 * ComplianceChecker checker = ComplianceChecker.bankDefault();
 * Verdict v = checker.check(draft, TextKind.AI_DRAFT);
 * switch (v.action()) { case PASS, APPEND_NOTICE, REWRITE -> send(v.text()); case REVIEW -> queue(v); case BLOCK -> drop(v); }
 * }</pre>
 *
 * <p>{@link #check} never throws: if the check itself fails the verdict is REVIEW (fail closed).
 * Pure CPU work in the microseconds for a chat-sized text, no I/O, no locks on the check path;
 * thread-safe. When built over a {@link RulePackDirectory} the rules follow the directory's hot
 * reloads, and a check always sees one complete rule set, never a mix.
 */
public final class ComplianceChecker {

    private volatile RuleSet rules;
    private final PiiDetector detector;

    /** A checker over fixed packs; the packs' own examples are run first. */
    public ComplianceChecker(List<RulePack> packs, PiiDetector detector) {
        this.detector = Objects.requireNonNull(detector);
        this.rules = RuleSet.compile(packs, detector);
    }

    public ComplianceChecker(List<RulePack> packs) {
        this(packs, PiiDetector.standard());
    }

    /** A checker over the bank rule pack shipped with the project. */
    public static ComplianceChecker bankDefault() {
        return new ComplianceChecker(List.of(RulePackReader.bankDefault()));
    }

    /**
     * A checker that follows {@code directory}: each accepted reload is compiled and swapped in
     * atomically. Packs the directory rejected never reach it, so the previous version of a pack
     * stays in force until a valid one replaces it.
     */
    public static ComplianceChecker following(RulePackDirectory directory, PiiDetector detector) {
        ComplianceChecker checker = new ComplianceChecker(directory.packs(), detector);
        directory.addListener(packs -> {
            try {
                checker.rules = RuleSet.compile(packs, detector);
            } catch (RuntimeException e) {
                // Keep the rule set in force: each pack passed validation alone, so the old set is still whole.
            }
        });
        return checker;
    }

    /**
     * A directory validator that compiles a single pack and runs its examples, for
     * {@link RulePackDirectory#RulePackDirectory(java.nio.file.Path, java.util.function.Consumer)}.
     */
    public static void validate(RulePack pack) {
        RuleSet.compile(List.of(pack));
    }

    /** Checks {@code text} as a {@code kind}. Never throws. */
    public Verdict check(String text, TextKind kind) {
        RuleSet current = rules;
        if (text == null || kind == null) {
            // Fail closed: a caller bug must not let an unchecked text through.
            return Verdict.failedClosed(text, kind, current.packLabels(), text == null ? "text is null" : "text kind is null");
        }
        if (current.packs().isEmpty()) {
            // Fail closed: with no rule pack in force nothing has been checked.
            return Verdict.failedClosed(text, kind, List.of(), "no rule pack in force");
        }
        try {
            return current.evaluate(text, kind);
        } catch (RuntimeException | StackOverflowError e) {
            // Fail closed: a failed check may hide anything, so a person decides.
            return Verdict.failedClosed(text, kind, current.packLabels(), e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** The compiled rules in force now. */
    public RuleSet rules() {
        return rules;
    }

    public PiiDetector detector() {
        return detector;
    }
}
