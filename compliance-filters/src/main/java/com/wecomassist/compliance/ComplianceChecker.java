package com.wecomassist.compliance;

import com.wecomassist.compliance.pii.PiiDetector;
import com.wecomassist.compliance.rules.RulePack;
import com.wecomassist.compliance.rules.RulePackDirectory;
import com.wecomassist.compliance.rules.RulePackReader;
import com.wecomassist.compliance.rules.TextKind;

import com.wecomassist.compliance.rules.Action;
import com.wecomassist.compliance.rules.Severity;
import com.wecomassist.compliance.semantic.Exemplar;
import com.wecomassist.compliance.semantic.Label;
import com.wecomassist.compliance.semantic.Neighbour;
import com.wecomassist.compliance.semantic.SemanticFinding;
import com.wecomassist.compliance.semantic.SemanticLayer;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
 *
 * <p>With a {@link SemanticLayer} ({@link #withSemanticLayer}) the rules decide first and the
 * semantic layer only adds: a text the rules let through (PASS, APPEND_NOTICE, REWRITE) becomes
 * REVIEW when a sentence of it is too like a violating exemplar of a category no rule hit already
 * (when a rule of that category hit, its action is the remedy the pack chose, e.g. the risk notice). Such a checker blocks on ONNX
 * inference (milliseconds): call it from a bounded scheduler, never from an event loop.
 */
public final class ComplianceChecker {

    /**
     * A semantic score closer than this to the threshold counts as a thin margin
     * ({@link Verdict#lowMargin()}); scores are in 0..1.
     */
    public static final double LOW_MARGIN = 0.08;

    /** The rule set in force, shared by a checker and the copies {@link #withSemanticLayer} makes of it. */
    private static final class Rules {
        volatile RuleSet current;

        Rules(RuleSet current) {
            this.current = current;
        }
    }

    private final Rules rules;
    private final PiiDetector detector;
    private final SemanticLayer semantic;

    /** A checker over fixed packs; the packs' own examples are run first. */
    public ComplianceChecker(List<RulePack> packs, PiiDetector detector) {
        this.detector = Objects.requireNonNull(detector);
        this.rules = new Rules(RuleSet.compile(packs, detector));
        this.semantic = null;
    }

    private ComplianceChecker(Rules rules, PiiDetector detector, SemanticLayer semantic) {
        this.rules = rules;
        this.detector = detector;
        this.semantic = semantic;
    }

    /**
     * The same rules (following the same hot reloads) plus layer 2. The result blocks on ONNX
     * inference when the layer embeds a sentence it has not seen: see {@link SemanticLayer}.
     */
    public ComplianceChecker withSemanticLayer(SemanticLayer layer) {
        return new ComplianceChecker(rules, detector, Objects.requireNonNull(layer, "layer"));
    }

    /** Layer 2, when this checker has one. */
    public Optional<SemanticLayer> semanticLayer() {
        return Optional.ofNullable(semantic);
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
                checker.rules.current = RuleSet.compile(packs, detector);
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
        RuleSet current = rules.current;
        if (text == null || kind == null) {
            // Fail closed: a caller bug must not let an unchecked text through.
            return Verdict.failedClosed(text, kind, current.packLabels(), text == null ? "text is null" : "text kind is null");
        }
        if (current.packs().isEmpty()) {
            // Fail closed: with no rule pack in force nothing has been checked.
            return Verdict.failedClosed(text, kind, List.of(), "no rule pack in force");
        }
        Verdict verdict;
        try {
            verdict = current.evaluate(text, kind);
        } catch (RuntimeException | StackOverflowError e) {
            // Fail closed: a failed check may hide anything, so a person decides.
            return Verdict.failedClosed(text, kind, current.packLabels(), e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        // The semantic layer only adds: REVIEW and BLOCK are already at least what it could say.
        if (semantic == null || verdict.checkFailed() || verdict.action().compareTo(Action.REVIEW) >= 0) return verdict;
        SemanticFinding finding;
        try {
            finding = semantic.assess(text, kind);
        } catch (RuntimeException e) {
            // Fail closed: the rules passed the text, but the layer meant to catch what they miss did not run.
            return Verdict.failedClosed(text, kind, current.packLabels(), "semantic layer: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        boolean thin = Double.isFinite(finding.score()) && finding.margin() < LOW_MARGIN;
        if (!finding.flagged()) return verdict.withLowMargin(thin);
        // A rule of the same category already recognised the problem and applied the remedy the
        // pack chose for it (e.g. the risk notice appended): the layer confirms, it does not overrule.
        for (Hit h : verdict.hits()) {
            if (sameCategory(h.category(), finding.category())) return verdict.withLowMargin(thin);
        }
        return verdict.stricter(Action.REVIEW, semanticHit(text, finding, semantic), Layer.SEMANTIC).withLowMargin(thin);
    }

    /** Same category, or one refines the other ({@code risk-notice} and {@code risk-notice-missing}). */
    private static boolean sameCategory(String a, String b) {
        return a.equals(b) || a.startsWith(b + "-") || b.startsWith(a + "-");
    }

    /** Rule id prefix of semantic hits: {@code semantic.<category>}. */
    public static final String SEMANTIC_RULE_PREFIX = "semantic.";

    /**
     * The hit a semantic flag becomes: the deciding sentence as the span, the nearest exemplars
     * named in the explanation ("像：…"), the legal basis of the nearest violating exemplar of the
     * category.
     */
    static Hit semanticHit(String text, SemanticFinding finding, SemanticLayer layer) {
        int[] span = SemanticLayer.spanOf(text, finding);
        String category = finding.category().isEmpty() ? "unknown" : finding.category();
        Exemplar basisFrom = null;
        StringBuilder like = new StringBuilder();
        StringBuilder unlike = new StringBuilder();
        int likes = 0;
        for (Neighbour n : finding.nearest()) {
            Exemplar e = n.exemplar();
            if (e.label() == Label.VIOLATION) {
                if (basisFrom == null && e.category().equals(finding.category())) basisFrom = e;
                if (likes++ < 2) like.append(like.isEmpty() ? "" : "；").append(quote(SemanticLayer.closestSentence(e, n.sentence()))).append(String.format(" (%.2f)", n.similarity()));
            } else if (unlike.isEmpty()) {
                unlike.append(quote(SemanticLayer.closestSentence(e, n.sentence()))).append(String.format(" (%.2f)", n.similarity()));
            }
        }
        if (basisFrom == null) {
            for (Neighbour n : finding.nearest()) if (n.exemplar().label() == Label.VIOLATION) { basisFrom = n.exemplar(); break; }
        }
        String description = "语义层：该句与「" + category + "」类违规示例相近，需人工审核（得分 "
                + String.format("%.2f", finding.score()) + "，阈值 " + String.format("%.2f", finding.threshold()) + "）。"
                + (like.isEmpty() ? "" : "像：" + like + "。") + (unlike.isEmpty() ? "" : "最近的合规示例：" + unlike + "。");
        return new Hit(SEMANTIC_RULE_PREFIX + category, 1, "semantic@" + layer.exemplars().version(), category,
                Severity.MEDIUM, Action.REVIEW, span[0], span[1], text.substring(span[0], span[1]),
                basisFrom == null ? "" : quote(basisFrom.text()), description, basisFrom == null ? "" : basisFrom.basis());
    }

    private static String quote(String exemplar) {
        String t = exemplar.length() > 48 ? exemplar.substring(0, 47) + "…" : exemplar;
        return "「" + t + "」";
    }

    /** The compiled rules in force now. */
    public RuleSet rules() {
        return rules.current;
    }

    public PiiDetector detector() {
        return detector;
    }
}
