package com.wecomassist.comply;

import com.wecomassist.audit.AuditDetails;
import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.compliance.ComplianceChecker;
import com.wecomassist.compliance.eval.CategoryFigures;
import com.wecomassist.compliance.eval.ComplianceEvaluation;
import com.wecomassist.compliance.eval.EvaluationReport;
import com.wecomassist.compliance.eval.LabelledText;
import com.wecomassist.compliance.eval.Miss;
import com.wecomassist.compliance.rules.InvalidRulePackException;
import com.wecomassist.compliance.rules.Rule;
import com.wecomassist.compliance.rules.RulePack;
import com.wecomassist.compliance.rules.RulePackReader;
import com.wecomassist.compliance.semantic.Exemplar;
import com.wecomassist.compliance.semantic.ExemplarSet;
import com.wecomassist.compliance.semantic.Label;
import com.wecomassist.compliance.semantic.SemanticLayer;
import com.wecomassist.error.Refused;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes the compliance officers' changes (the exemplars they marked, a rule pack they edited)
 * behind a regression gate, like the knowledge base's change sets: the checker in force and the
 * candidate are measured on the labelled set ({@link ComplianceEvaluation}), tuning and held-back
 * parts reported apart, and a drop of recall or clean pass beyond
 * {@code assist.compliance.regression.max-drop} on either part refuses the publication unless the
 * officer gives a reason. The checker measured is the one put in force ({@link ComplianceInForce}),
 * whole; other instances follow the publication through {@link ComplianceChanges}.
 *
 * <p>A measurement is a job: the candidate's semantic layer embeds every exemplar and each labelled
 * row is embedded too, seconds of ONNX inference, so it runs on a one-thread scheduler of its own
 * ("compliance-gate") with its progress readable, never on an event loop. One at a time per instance;
 * measurements are kept in memory on the instance that ran them (publish through that instance).
 */
public final class ComplianceGate implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ComplianceGate.class);
    /** Finished measurements kept for reading and publishing; older ones are forgotten. */
    static final int KEPT = 5;
    /** Rows that changed, per part and direction, shown with a measurement. */
    static final int CHANGED_SHOWN = 30;

    /** Why the gate refused, and the status that says it. */
    public enum Reason {
        NOTHING_TO_MEASURE(HttpStatus.CONFLICT), MEASUREMENT_RUNNING(HttpStatus.CONFLICT),
        UNKNOWN_MEASUREMENT(HttpStatus.NOT_FOUND), NOT_MEASURED(HttpStatus.CONFLICT),
        MEASUREMENT_NOT_DONE(HttpStatus.CONFLICT), STALE_CHANGE_SET(HttpStatus.CONFLICT),
        REGRESSION(HttpStatus.CONFLICT);

        private final HttpStatus status;

        Reason(HttpStatus status) {
            this.status = status;
        }
    }

    private static Refused refused(Reason reason, String message, Map<String, Object> facts) {
        return new Refused(reason.status, reason.name(), message, facts);
    }

    /** The labelled rows a change is measured on, in two parts reported apart. */
    public record RegressionSet(List<LabelledText> tune, List<LabelledText> heldBack) {

        public RegressionSet {
            tune = List.copyOf(tune);
            heldBack = List.copyOf(heldBack);
        }
    }

    /** The parts of the labelled set, by the names the API uses. */
    public enum Part {
        TUNE("tune", "调优集"), HELD_BACK("heldBack", "保留集");

        private final String key;
        private final String chinese;

        Part(String key, String chinese) {
            this.key = key;
            this.chinese = chinese;
        }

        public String key() {
            return key;
        }
    }

    /**
     * What is measured: the draft as it was read.
     *
     * @param draft    the draft exemplars
     * @param packYaml the draft rule pack, or null when the pack in force stays
     * @param base     the publication in force then (null: none yet, the shipped pack and exemplars)
     */
    public record Candidate(List<TaughtExemplar> draft, String packYaml, CompliancePublication base) {

        public long baseNumber() {
            return base == null ? 0 : base.number();
        }

        Set<String> draftIds() {
            Set<String> ids = new LinkedHashSet<>();
            draft.forEach(e -> ids.add(e.id()));
            return ids;
        }
    }

    /** The figures of one part, before and after, and the rows whose outcome changed. */
    public record PartFigures(EvaluationReport before, EvaluationReport after, List<Miss> newlyMissed,
                              List<Miss> newlyRight) {

        public double recallDrop() {
            return before.recall() - after.recall();
        }

        public double cleanPassDrop() {
            return before.cleanPass() - after.cleanPass();
        }
    }

    /** The state of a measurement job. */
    public enum State {
        RUNNING, DONE, FAILED
    }

    /** One measurement job; progress fields are written by the job's thread and read by the API. */
    public static final class Run {

        private final String id;
        private final String startedBy;
        private final Instant startedAt;
        private final Candidate candidate;
        private final double maxDrop;
        private volatile State state = State.RUNNING;
        private volatile double progress;
        private volatile String stage = "排队中";
        private volatile Map<Part, PartFigures> parts;
        private volatile ComplianceChecker checker;
        private volatile List<String> packs = List.of();
        private volatile String exemplarVersion = "";
        private volatile String error;

        Run(String id, String startedBy, Instant startedAt, Candidate candidate, double maxDrop) {
            this.id = id;
            this.startedBy = startedBy;
            this.startedAt = startedAt;
            this.candidate = candidate;
            this.maxDrop = maxDrop;
        }

        public String id() {
            return id;
        }

        public String startedBy() {
            return startedBy;
        }

        public Instant startedAt() {
            return startedAt;
        }

        public Candidate candidate() {
            return candidate;
        }

        public double maxDrop() {
            return maxDrop;
        }

        public State state() {
            return state;
        }

        public double progress() {
            return progress;
        }

        public String stage() {
            return stage;
        }

        public String error() {
            return error;
        }

        /** The candidate's rule packs, as {@code id@version}. */
        public List<String> packs() {
            return packs;
        }

        public String exemplarVersion() {
            return exemplarVersion;
        }

        /** The figures per part, once done. */
        public Optional<Map<Part, PartFigures>> parts() {
            return Optional.ofNullable(parts);
        }

        /** True when recall or clean pass fell by more than allowed on either part (only once done). */
        public boolean exceedsMargin() {
            Map<Part, PartFigures> p = parts;
            // a tiny tolerance: 0.05 - 0.04 is not exactly 0.01 in floating point
            return p != null && p.values().stream()
                    .anyMatch(f -> f.recallDrop() > maxDrop + 1e-9 || f.cleanPassDrop() > maxDrop + 1e-9);
        }
    }

    /** What a publication did. */
    public record Published(Run measurement, CompliancePublication publication, boolean overridden) {
    }

    /** The figures of the checker in force, kept while it stays in force: measuring it again would give the same. */
    private record Baseline(ComplianceChecker checker, EvaluationReport tune, EvaluationReport heldBack) {
    }

    private final ComplianceChanges changes;
    private final ComplianceInForce inForce;
    private final AuditTrail audit;
    private final EmbeddingModel model;
    private final Supplier<ExemplarSet> baseExemplars;
    private final Supplier<RegressionSet> regression;
    private final double maxDrop;
    private final boolean semantic;
    private final Clock clock;
    private final String shippedPackYaml;
    private final Scheduler scheduler = Schedulers.newBoundedElastic(1, 16, "compliance-gate", 60, true);
    private final AtomicReference<Run> running = new AtomicReference<>();
    private final Map<String, Run> runs = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Run> eldest) {
            return size() > KEPT;
        }
    };
    private volatile Baseline baseline;
    /** The publication this instance has put in force (null: the shipped pack and exemplars). */
    private volatile CompliancePublication applied;
    private volatile Disposable following;

    /**
     * @param baseExemplars the exemplars the officers' are added to, and {@code regression} the labelled
     *                      rows: read on first use (and kept), so that a missing data set fails a
     *                      measurement with its reason rather than the gateway's start
     * @param semantic      whether the checkers built carry the semantic layer (the exemplars); false
     *                      builds the rule packs alone, as the checker in force then is
     */
    public ComplianceGate(ComplianceChanges changes, ComplianceInForce inForce, AuditTrail audit, EmbeddingModel model,
                          Supplier<ExemplarSet> baseExemplars, Supplier<RegressionSet> regression, double maxDrop,
                          boolean semantic, Clock clock) {
        this.changes = changes;
        this.inForce = inForce;
        this.audit = audit;
        this.model = model;
        this.baseExemplars = memoised(baseExemplars);
        this.regression = memoised(regression);
        this.maxDrop = maxDrop;
        this.semantic = semantic;
        this.clock = clock;
        this.shippedPackYaml = shippedPackYaml();
    }

    public double maxDrop() {
        return maxDrop;
    }

    /** The labelled rows a change is measured on (read on first use). */
    public RegressionSet regression() {
        return regression.get();
    }

    /** The exemplars the officers' are added to (read on first use). */
    public ExemplarSet baseExemplars() {
        return baseExemplars.get();
    }

    private static <T> Supplier<T> memoised(Supplier<T> read) {
        AtomicReference<T> kept = new AtomicReference<>();
        return () -> {
            T value = kept.get();
            if (value == null) {
                value = read.get();
                kept.compareAndSet(null, value);
            }
            return value;
        };
    }

    /** The publication this instance has in force; empty while the shipped pack and exemplars are. */
    public Optional<CompliancePublication> applied() {
        return Optional.ofNullable(applied);
    }

    // ---- the rule pack ---------------------------------------------------------------------------------------

    /** The YAML of the rule pack in force on this instance. */
    public String packYamlInForce() {
        CompliancePublication p = applied;
        return p != null && !p.packYaml().isEmpty() ? p.packYaml() : shippedPackYaml;
    }

    /** The rule pack in force (the one the officer edits). */
    public RulePack packInForce() {
        return inForce.checker().rules().packs().get(0);
    }

    /**
     * Reads and validates a draft of the pack in force completely (YAML, rules, and every rule's own
     * examples run against it), and checks it stays the same pack under a new version.
     *
     * @throws InvalidRulePackException with {@code file:line: problem}
     */
    public RulePack validateDraft(String yaml) {
        RulePack current = packInForce();
        RulePack draft = readPack(current.id() + ".yaml", yaml);
        if (!draft.id().equals(current.id())) {
            throw new InvalidRulePackException(current.id() + ".yaml", 0, "the draft must keep 'pack: " + current.id()
                    + "' (it replaces that pack), not '" + draft.id() + "'");
        }
        if (draft.version().equals(current.version()) && !yaml.equals(packYamlInForce())) {
            throw new InvalidRulePackException(current.id() + ".yaml", 0, "version " + draft.version()
                    + " is the version in force: give the changed pack a new version");
        }
        ComplianceChecker.validate(draft);
        return draft;
    }

    /** The categories an exemplar may carry: the labelled set's and the rules' in force. */
    public Set<String> categories() {
        Set<String> all = new LinkedHashSet<>(ExemplarSet.CATEGORIES);
        for (RulePack pack : inForce.checker().rules().packs()) {
            pack.rules().forEach(r -> all.add(r.category()));
        }
        return all;
    }

    /** The legal basis of a category: that of the first rule of that category in force, or empty. */
    public String basisOf(String category) {
        for (RulePack pack : inForce.checker().rules().packs()) {
            for (Rule r : pack.rules()) {
                if (r.category().equals(category)) {
                    return r.legalBasis();
                }
            }
        }
        return "";
    }

    // ---- measuring -------------------------------------------------------------------------------------------

    /** Reads the draft as it is now. */
    private Mono<Candidate> candidate() {
        return Mono.zip(changes.draftExemplars().collectList(),
                        changes.draftedPack().map(Optional::of).defaultIfEmpty(Optional.empty()),
                        changes.published().map(Optional::of).defaultIfEmpty(Optional.empty()))
                .map(t -> new Candidate(t.getT1(), t.getT2().orElse(null), t.getT3().orElse(null)));
    }

    /**
     * Starts measuring the draft; refused when it is empty or another measurement runs. Recorded in
     * the audit trail (COMPLIANCE_MEASURED) with the officer and what the draft holds.
     */
    public Mono<Run> measure(String officer) {
        return candidate().map(candidate -> {
            if (candidate.draft().isEmpty() && candidate.packYaml() == null) {
                throw refused(Reason.NOTHING_TO_MEASURE,
                        "the draft is empty: mark texts as violations or clean, or save a draft rule pack, first", Map.of());
            }
            Run run = new Run(UUID.randomUUID().toString(), officer, clock.instant(), candidate, maxDrop);
            Run other = running.get();
            if ((other != null && other.state == State.RUNNING) || !running.compareAndSet(other, run)) {
                Run busy = running.get();
                throw refused(Reason.MEASUREMENT_RUNNING, "another measurement (started by " + busy.startedBy + ") is running: wait for it to finish",
                        Map.of("measurementId", busy.id));
            }
            synchronized (runs) {
                runs.put(run.id, run);
            }
            Mono.fromRunnable(() -> execute(run)).subscribeOn(scheduler).subscribe(null, e -> {
                run.error = e.toString();
                run.state = State.FAILED;
            });
            return run;
        }).flatMap(run -> {
            AuditDetails details = new AuditDetails.ComplianceMeasured(run.candidate.draft().size(),
                    run.candidate.draft().stream().map(TaughtExemplar::id).toList(), run.candidate.packYaml() != null,
                    run.candidate.baseNumber(), maxDrop);
            return audit.record(AuditEvent.of(null, run.id, officer, clock.instant(), details)).thenReturn(run);
        });
    }

    private void execute(Run run) {
        try {
            Candidate c = run.candidate;
            step(run, 0, "读取标注集");
            RegressionSet regression = regression();
            log.info("measuring compliance draft {} for {}: {} exemplars{}, {} + {} labelled rows", run.id,
                    run.startedBy, c.draft().size(), c.packYaml() != null ? " and a rule pack" : "",
                    regression.tune().size(), regression.heldBack().size());
            step(run, 0, "构建候选检查器（嵌入样例）");
            String packYaml = c.packYaml() != null ? c.packYaml()
                    : c.base() != null && !c.base().packYaml().isEmpty() ? c.base().packYaml() : shippedPackYaml;
            List<TaughtExemplar> officers = officers(c);
            String version = exemplarVersion(c.baseNumber() + 1);
            ComplianceChecker candidate = build(packYaml, officers, version);
            run.packs = candidate.rules().packLabels();
            run.exemplarVersion = version;

            ComplianceChecker current = inForce.checker();
            Baseline b = baseline;
            if (b == null || b.checker != current) {
                EvaluationReport tune = evaluate(current, regression.tune(), run, 0.2, "测量当前：调优集");
                EvaluationReport held = evaluate(current, regression.heldBack(), run, 0.4, "测量当前：保留集");
                b = new Baseline(current, tune, held);
                baseline = b;
            }
            EvaluationReport tune = evaluate(candidate, regression.tune(), run, 0.6, "测量候选：调优集");
            EvaluationReport held = evaluate(candidate, regression.heldBack(), run, 0.8, "测量候选：保留集");
            Map<Part, PartFigures> parts = new LinkedHashMap<>();
            parts.put(Part.TUNE, figures(b.tune, tune));
            parts.put(Part.HELD_BACK, figures(b.heldBack, held));
            run.checker = candidate;
            run.parts = parts;
            step(run, 1, "完成");
            run.state = State.DONE;
            log.info("compliance measurement {}: tune recall {} -> {}, clean pass {} -> {}; held back recall {} -> {}, "
                            + "clean pass {} -> {}", run.id, round(b.tune.recall()), round(tune.recall()),
                    round(b.tune.cleanPass()), round(tune.cleanPass()), round(b.heldBack.recall()),
                    round(held.recall()), round(b.heldBack.cleanPass()), round(held.cleanPass()));
        } catch (RuntimeException e) {
            log.warn("compliance measurement {} failed", run.id, e);
            run.error = e.getMessage() == null ? e.toString() : e.getMessage();
            run.stage = "失败";
            run.state = State.FAILED;
        } finally {
            synchronized (runs) {
                // only the newest measurement keeps its checker: the others can no longer be published
                runs.values().stream().filter(r -> r != run && r.state != State.RUNNING).forEach(r -> r.checker = null);
            }
        }
    }

    /**
     * The officers' exemplars a candidate holds: those published, then the draft's. A text marked
     * again replaces its published mark, so an officer corrects a label by marking the text anew.
     */
    static List<TaughtExemplar> officers(Candidate c) {
        Set<String> remarked = new HashSet<>();
        c.draft().forEach(e -> remarked.add(e.text()));
        List<TaughtExemplar> all = new ArrayList<>();
        if (c.base() != null) {
            c.base().exemplars().stream().filter(e -> !remarked.contains(e.text())).forEach(all::add);
        }
        all.addAll(c.draft());
        return all;
    }

    /** Rows checked between two progress reports. */
    static final int ROWS_PER_STEP = 50;

    /**
     * {@link ComplianceEvaluation#run} a slice of rows at a time, so the page sees the progress
     * within a part (each part is a fifth of the job, from {@code from}); the slices' figures add up.
     */
    static EvaluationReport evaluate(ComplianceChecker checker, List<LabelledText> rows, Run run, double from,
                                     String stage) {
        List<EvaluationReport> slices = new ArrayList<>();
        step(run, from, stage);
        for (int i = 0; i < rows.size(); i += ROWS_PER_STEP) {
            int end = Math.min(rows.size(), i + ROWS_PER_STEP);
            slices.add(ComplianceEvaluation.run(checker, rows.subList(i, end)));
            step(run, from + 0.2 * end / rows.size(), stage);
        }
        return sum(slices);
    }

    /** The figures of several slices of rows as one report. */
    static EvaluationReport sum(List<EvaluationReport> slices) {
        int violations = 0;
        int clean = 0;
        long caught = 0;
        long passed = 0;
        Map<String, CategoryFigures> perCategory = new java.util.TreeMap<>();
        Map<String, Map<String, Integer>> confusion = new java.util.TreeMap<>();
        Map<String, Integer> decidedBy = new java.util.TreeMap<>();
        List<Miss> misses = new ArrayList<>();
        for (EvaluationReport r : slices) {
            violations += r.violations();
            clean += r.clean();
            caught += Math.round(r.recall() * r.violations());
            passed += Math.round(r.cleanPass() * r.clean());
            r.perCategory().forEach((c, f) -> perCategory.merge(c, f, (a, b) -> new CategoryFigures(
                    a.violations() + b.violations(), a.caught() + b.caught(), a.clean() + b.clean(),
                    a.passed() + b.passed())));
            r.confusion().forEach((expected, row) -> row.forEach((actual, n) ->
                    confusion.computeIfAbsent(expected, k -> new java.util.TreeMap<>()).merge(actual, n, Integer::sum)));
            r.decidedBy().forEach((layer, n) -> decidedBy.merge(layer, n, Integer::sum));
            misses.addAll(r.misses());
        }
        return new EvaluationReport(violations, clean, violations == 0 ? 1 : (double) caught / violations,
                clean == 0 ? 1 : (double) passed / clean, perCategory, confusion, decidedBy, misses);
    }

    private static void step(Run run, double progress, String stage) {
        run.progress = progress;
        run.stage = stage;
    }

    private static PartFigures figures(EvaluationReport before, EvaluationReport after) {
        Set<LabelledText> missedBefore = new HashSet<>();
        before.misses().forEach(m -> missedBefore.add(m.row()));
        Set<LabelledText> missedAfter = new HashSet<>();
        after.misses().forEach(m -> missedAfter.add(m.row()));
        List<Miss> newlyMissed = after.misses().stream().filter(m -> !missedBefore.contains(m.row())).toList();
        List<Miss> newlyRight = before.misses().stream().filter(m -> !missedAfter.contains(m.row())).toList();
        return new PartFigures(before, after, newlyMissed, newlyRight);
    }

    public Optional<Run> find(String id) {
        synchronized (runs) {
            return Optional.ofNullable(runs.get(id));
        }
    }

    /** The latest measurement started on this instance. */
    public Optional<Run> latest() {
        return Optional.ofNullable(running.get());
    }

    // ---- publishing ------------------------------------------------------------------------------------------

    /**
     * Publishes what a finished measurement measured ({@code measurementId}, or the latest), after
     * checking the draft and the publication in force are still those measured and that recall and
     * clean pass stay within the margin on both parts, or that a reason is given. The checker measured
     * goes in force on this instance at once, on the others at their next poll. The audit event
     * (COMPLIANCE_PUBLISHED) carries the figures before and after, the override and its reason.
     */
    public Mono<Published> publish(String officer, String measurementId, String reason) {
        String why = reason == null ? "" : reason.strip();
        Run run = (measurementId == null || measurementId.isBlank() ? latest() : find(measurementId.strip()))
                .orElseThrow(() -> measurementId == null || measurementId.isBlank()
                        ? refused(Reason.NOT_MEASURED, "measure the draft before publishing it", Map.of())
                        : refused(Reason.UNKNOWN_MEASUREMENT, "no measurement " + measurementId
                        + " (measurements are kept only on the instance that ran them, the latest " + KEPT + ")", Map.of()));
        if (run.state != State.DONE) {
            throw refused(Reason.MEASUREMENT_NOT_DONE, run.state == State.RUNNING ? "the measurement has not finished"
                    : "the measurement failed (" + run.error + "): measure again", Map.of());
        }
        boolean exceeds = run.exceedsMargin();
        if (exceeds && why.isEmpty()) {
            throw refused(Reason.REGRESSION, String.format(Locale.ROOT,
                    "recall or clean pass drops by more than the allowed %.1f points: publishing needs a reason", maxDrop * 100), figures(run));
        }
        ComplianceChecker checker = run.checker;
        if (checker == null) {
            throw refused(Reason.STALE_CHANGE_SET,
                    "the draft was measured again since: publish the latest measurement, or measure again", Map.of());
        }
        return candidate().flatMap(now -> {
            Candidate measured = run.candidate;
            if (now.baseNumber() != measured.baseNumber() || !now.draftIds().equals(measured.draftIds())
                    || !Objects.equals(now.packYaml(), measured.packYaml())) {
                return Mono.error(refused(Reason.STALE_CHANGE_SET, now.baseNumber() != measured.baseNumber()
                        ? "publication " + now.baseNumber() + " came out since the measurement: measure again"
                        : "the draft changed since the measurement: measure again", Map.of("measuredPublication", measured.baseNumber(),
                        "currentPublication", now.baseNumber())));
            }
            List<TaughtExemplar> officers = officers(measured);
            String packYaml = measured.packYaml() != null ? measured.packYaml()
                    : measured.base() != null ? measured.base().packYaml() : "";
            CompliancePublication next = new CompliancePublication(measured.baseNumber() + 1, packYaml, officers,
                    run.exemplarVersion, run.packs, officer, clock.instant(), why);
            return changes.publish(next, measured.draftIds(), measured.packYaml()).flatMap(done -> {
                if (!done) {
                    return Mono.error(refused(Reason.STALE_CHANGE_SET, "someone else has just published: measure again", Map.of()));
                }
                apply(next, checker);
                AuditDetails details = new AuditDetails.CompliancePublished(figures(run), run.id, next.number(),
                        next.packs(), next.exemplarVersion(),
                        measured.draft().stream().map(TaughtExemplar::id).toList(), measured.packYaml() != null,
                        exceeds, why);
                return audit.record(AuditEvent.of(null, "compliance-publication-" + next.number(), officer,
                                clock.instant(), details))
                        .thenReturn(new Published(run, next, exceeds));
            });
        });
    }

    /** The before/after figures of a finished measurement, flat (they go into the audit trail as they are). */
    public static Map<String, Object> figures(Run run) {
        Map<String, Object> f = new LinkedHashMap<>();
        run.parts().ifPresent(parts -> parts.forEach((part, p) -> {
            String k = part.key();
            f.put(k + "Rows", p.before().violations() + p.before().clean());
            f.put(k + "RecallBefore", round(p.before().recall()));
            f.put(k + "RecallAfter", round(p.after().recall()));
            f.put(k + "CleanPassBefore", round(p.before().cleanPass()));
            f.put(k + "CleanPassAfter", round(p.after().cleanPass()));
        }));
        f.put("maxDrop", run.maxDrop);
        return f;
    }

    static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }

    /** Puts a publication's checker in force unless a newer one is already (a poll and a publish may race). */
    private synchronized boolean apply(CompliancePublication publication, ComplianceChecker checker) {
        CompliancePublication now = applied;
        if (now != null && now.number() >= publication.number()) {
            return false;
        }
        inForce.replace(checker);
        applied = publication;
        log.info("compliance publication {} in force: packs {}, exemplars {} ({} added by officers), published by {}",
                publication.number(), publication.packs(), publication.exemplarVersion(),
                publication.exemplars().size(), publication.by());
        return true;
    }

    // ---- following other instances' publications -------------------------------------------------------------

    /**
     * Puts the latest publication in force when it is newer than this instance's: built on the
     * gate's scheduler. Completes when it is in force (or there was nothing newer).
     */
    public Mono<Boolean> follow() {
        long have = applied == null ? 0 : applied.number();
        return changes.publishedNumber().filter(n -> n > have)
                .flatMap(n -> changes.published())
                .flatMap(p -> Mono.fromCallable(() -> apply(p, build(p.packYaml().isEmpty() ? shippedPackYaml
                        : p.packYaml(), p.exemplars(), p.exemplarVersion()))).subscribeOn(scheduler))
                .defaultIfEmpty(false);
    }

    /** Polls for publications made elsewhere every {@code interval}; a failed poll is logged and the next one tries again. */
    public void startFollowing(Duration interval) {
        following = Flux.interval(interval, interval)
                .onBackpressureDrop()
                .concatMap(tick -> follow().onErrorResume(e -> {
                    log.warn("could not follow the compliance publication: {}", e.toString());
                    return Mono.just(false);
                }), 1)
                .subscribe();
    }

    // ---- building checkers -----------------------------------------------------------------------------------

    /** The exemplar set's version for publication {@code number}. */
    private String exemplarVersion(long number) {
        return baseExemplars().version() + "+officers." + number;
    }

    /**
     * A checker from a rule pack's YAML and the officers' exemplars added to the base set. Blocking
     * (the semantic layer embeds every exemplar): only on the gate's scheduler, or at startup.
     */
    ComplianceChecker build(String packYaml, List<TaughtExemplar> officers, String version) {
        RulePack pack = readPack(packInForce().id() + ".yaml", packYaml);
        ComplianceChecker rules = new ComplianceChecker(List.of(pack), inForce.checker().detector());
        if (!semantic) {
            return rules;
        }
        ExemplarSet exemplars = baseExemplars().plus(version, officers.stream().map(ComplianceGate::exemplar).toList());
        return rules.withSemanticLayer(SemanticLayer.build(exemplars, model));
    }

    static Exemplar exemplar(TaughtExemplar t) {
        return new Exemplar(t.text(), TaughtExemplar.VIOLATION.equals(t.label()) ? Label.VIOLATION : Label.CLEAN,
                t.category(), t.basis(), "officer:" + t.by());
    }

    private static RulePack readPack(String source, String yaml) {
        return new RulePackReader().read(source, new StringReader(yaml), name -> {
            // terms files of the shipped pack: a draft may name them as the shipped pack does
            InputStream in = RulePackReader.class.getResourceAsStream("/rule-packs/" + name);
            if (in == null) {
                throw new IOException("no terms file " + name + " among the shipped rule packs");
            }
            return in;
        });
    }

    private static String shippedPackYaml() {
        try (InputStream in = RulePackReader.class.getResourceAsStream(RulePackReader.DEFAULT_PACK_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + RulePackReader.DEFAULT_PACK_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops following and the measuring scheduler (a running measurement is abandoned). */
    @Override
    public void close() {
        Disposable f = following;
        if (f != null) {
            f.dispose();
        }
        scheduler.dispose();
    }
}
