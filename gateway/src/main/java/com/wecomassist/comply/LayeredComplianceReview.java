package com.wecomassist.comply;

import com.wecomassist.compliance.ComplianceChecker;
import com.wecomassist.compliance.Hit;
import com.wecomassist.compliance.Layer;
import com.wecomassist.compliance.Verdict;
import com.wecomassist.compliance.rules.Action;
import com.wecomassist.compliance.rules.Severity;
import com.wecomassist.compliance.rules.TextKind;
import com.wecomassist.compliance.semantic.Exemplar;
import com.wecomassist.compliance.semantic.Label;
import com.wecomassist.compliance.semantic.SemanticFinding;
import com.wecomassist.comply.judge.ComplianceJudge;
import com.wecomassist.comply.judge.Opinion;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The comply stage in layers. Layers 1 and 2 (the rule packs, then the semantic layer's sentence
 * embeddings, both in the checker in force) run on a bounded scheduler of their own ("comply"),
 * never on the caller's thread: the semantic layer blocks on ONNX inference, and the callers are
 * event loops. Layer 3, when a model is configured, asks the {@link ComplianceJudge} about the
 * verdicts worth a second opinion (REVIEW, or passed by a thin margin) without holding a thread
 * while the model thinks.
 *
 * <p>What the judge may do: make a verdict stricter (a text it calls a violation goes to a person,
 * with its category and reason as a hit). What it may not: make any verdict looser (a text it calls
 * clean keeps the layers' verdict), or block a text on its own word (a person decides). A judge
 * that fails, times out or answers garbage leaves the layers' verdict as it was, so a model
 * failure never passes a text the layers would hold.
 */
public final class LayeredComplianceReview implements ComplianceReview, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LayeredComplianceReview.class);
    /** Rule id prefix of the judge's hits: {@code llm.<category>}. */
    public static final String LLM_RULE_PREFIX = "llm.";

    /** Layers 1 and 2 of one text: the checker in force, or a stand-in in tests. Blocking. */
    interface Layers {
        Verdict check(String text, TextKind kind);
    }

    private final ComplianceInForce inForce;
    private final Layers layers;
    private final Scheduler scheduler;
    private final int queueCapacity;
    private final ComplianceJudge judge;
    private final Duration judgeTimeout;
    private final MeterRegistry meters;
    private final Timer checkTime;
    private final Counter refused;
    private final Timer judgeTime;
    private final Map<String, Counter> opinions = new ConcurrentHashMap<>();

    /**
     * @param judge null for no third layer (no model configured, or the judge turned off)
     */
    public LayeredComplianceReview(ComplianceInForce inForce, int threads, int queueCapacity, ComplianceJudge judge,
                                   Duration judgeTimeout, MeterRegistry meters) {
        this(inForce, (text, kind) -> inForce.checker().check(text, kind), threads, queueCapacity, judge,
                judgeTimeout, meters);
    }

    LayeredComplianceReview(ComplianceInForce inForce, Layers layers, int threads, int queueCapacity,
                            ComplianceJudge judge, Duration judgeTimeout, MeterRegistry meters) {
        this.inForce = inForce;
        this.layers = layers;
        this.queueCapacity = queueCapacity;
        this.scheduler = Schedulers.newBoundedElastic(threads, queueCapacity, "comply", 60, true);
        this.judge = judge;
        this.judgeTimeout = judgeTimeout;
        this.meters = meters;
        this.checkTime = Timer.builder("assist.compliance.check").description("rules and semantic layer, on the "
                + "comply scheduler").publishPercentiles(0.5, 0.99).register(meters);
        this.refused = Counter.builder("assist.compliance.check.refused").description("checks answered with a "
                + "fail-closed REVIEW because the comply scheduler's queue was full").register(meters);
        this.judgeTime = Timer.builder("assist.compliance.judge.latency").description("the LLM judge's second "
                + "opinion, failures included").publishPercentiles(0.5, 0.99).register(meters);
    }

    /** True when a third layer asks a model. */
    public boolean judging() {
        return judge != null;
    }

    @Override
    public Mono<Verdict> check(String text, TextKind kind) {
        return layers(text, kind).flatMap(verdict -> secondOpinion(text, kind, verdict));
    }

    /** Layers 1 and 2 on the comply scheduler. */
    Mono<Verdict> layers(String text, TextKind kind) {
        return Mono.fromCallable(() -> checkNow(text, kind))
                .subscribeOn(scheduler)
                // The one place a full queue is turned into a verdict. Not an error: every caller would
                // have to fail closed on its own, and one that forgot would lose the message. Not a
                // wait: a check queued behind ten thousand others answers a customer nobody is
                // waiting for. A fail-closed REVIEW sends the text to a person at once instead.
                .onErrorResume(RejectedExecutionException.class, e -> Mono.fromSupplier(() -> {
                    refused.increment();
                    log.warn("compliance check refused: {} checks already waiting; the text goes to a person",
                            queueCapacity);
                    return Verdict.failedClosed(text, kind, packs(), "compliance checks busy (" + queueCapacity
                            + " waiting)");
                }));
    }

    private Verdict checkNow(String text, TextKind kind) {
        long start = System.nanoTime();
        try {
            return layers.check(text, kind);
        } catch (RuntimeException e) {
            // Fail closed: a text we could not check goes to a person, never straight to the customer.
            log.error("compliance check failed; the text goes to a person", e);
            return Verdict.failedClosed(text, kind, packs(), e.toString());
        } finally {
            checkTime.record(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private List<String> packs() {
        try {
            return inForce.checker().rules().packLabels();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /**
     * Texts the bank would send that are held for review or passed by a thin margin; never what the
     * check itself failed on, nor a customer's own message (checked only to mask personal data).
     */
    static boolean worthAsking(Verdict verdict) {
        if (verdict.checkFailed() || verdict.kind() == TextKind.CUSTOMER_MESSAGE) {
            return false;
        }
        return verdict.action() == Action.REVIEW || verdict.maySendWithoutReview() && verdict.lowMargin();
    }

    private Mono<Verdict> secondOpinion(String text, TextKind kind, Verdict verdict) {
        if (judge == null || !worthAsking(verdict)) {
            return Mono.just(verdict);
        }
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return judge.judge(text, kind)
                    .timeout(judgeTimeout)
                    .map(opinion -> applied(verdict, opinion))
                    .switchIfEmpty(Mono.error(() -> new IllegalStateException("the judge gave no opinion")))
                    .onErrorResume(e -> {
                        // The layers' verdict stands: the opinion could only have made it stricter.
                        counted("failed");
                        log.warn("no second opinion on a {} text ({}): {}; the layers' verdict {} stands",
                                kind.yamlName(), verdict.action(), e.toString(), verdict.action());
                        return Mono.just(verdict);
                    })
                    .doFinally(signal -> judgeTime.record(Duration.ofNanos(System.nanoTime() - start)));
        });
    }

    /** The verdict with the opinion applied: stricter when the judge calls it a violation, never looser. */
    private Verdict applied(Verdict verdict, Opinion opinion) {
        if (!opinion.violation()) {
            counted("clean");
            return verdict;
        }
        Hit hit = new Hit(LLM_RULE_PREFIX + opinion.category(), 1, opinion.prompt(), opinion.category(),
                Severity.MEDIUM, Action.REVIEW, 0, 0, "", opinion.model(),
                "模型复核：疑似「" + opinion.category() + "」类违规，需人工审核。理由：" + opinion.reason(),
                basisOf(inForce.checker(), opinion.category()));
        Verdict stricter = verdict.stricter(Action.REVIEW, hit, Layer.LLM);
        counted(stricter.action() != verdict.action() ? "stricter" : "concurred");
        return stricter;
    }

    private void counted(String outcome) {
        opinions.computeIfAbsent(outcome, o -> Counter.builder("assist.compliance.judged").tag("outcome", o)
                .description("second opinions asked of the LLM judge, by what became of the verdict")
                .register(meters)).increment();
    }

    /**
     * The legal basis of a category, from the exemplars in force (the first violating exemplar of
     * the category names the article), else from a rule of that category in the packs in force (a
     * bank may run its own, smaller exemplar set); empty when neither knows the category.
     */
    static String basisOf(ComplianceChecker checker, String category) {
        return checker.semanticLayer()
                .flatMap(layer -> layer.exemplars().exemplars().stream()
                        .filter(e -> e.label() == Label.VIOLATION && e.category().equals(category)
                                && !e.basis().isBlank())
                        .map(Exemplar::basis)
                        .findFirst())
                .or(() -> checker.rules().packs().stream()
                        .flatMap(pack -> pack.rules().stream())
                        .filter(rule -> rule.category().equals(category) && !rule.legalBasis().isBlank())
                        .map(rule -> rule.legalBasis())
                        .findFirst())
                .orElse("");
    }

    /**
     * What the semantic layer in force finds in {@code text}, with its nearest exemplars (for the
     * officer's "test a text"); empty without a semantic layer or when the scheduler is full. The
     * sentences were embedded by the check just made, so this is mostly a cache read.
     */
    public Mono<SemanticFinding> semanticFinding(String text, TextKind kind) {
        return Mono.fromCallable(() -> inForce.checker().semanticLayer().map(layer -> layer.assess(text, kind))
                        .orElse(null))
                .subscribeOn(scheduler)
                .onErrorResume(e -> {
                    log.warn("no semantic finding for the API: {}", e.toString());
                    return Mono.empty();
                });
    }

    @Override
    public void close() {
        scheduler.dispose();
    }
}
