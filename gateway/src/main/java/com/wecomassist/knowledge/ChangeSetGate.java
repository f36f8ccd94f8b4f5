package com.wecomassist.knowledge;

import com.wecomassist.error.Refused;
import com.wecomassist.audit.AuditDetails;
import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.kb.KnowledgeBase;
import com.wecomassist.kb.eval.ChangeSetEvaluation;
import com.wecomassist.kb.eval.EvalQuery;
import com.wecomassist.kb.eval.EvalSummary;
import com.wecomassist.kb.search.SearchSettings;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes the entries in review as one change set, behind a regression gate: the regression
 * questions are first asked of what is served now and of what would be served with the change set,
 * each in a scratch in-memory index ({@link ChangeSetEvaluation}); when accuracy@1 falls by more
 * than {@code assist.kb.regression.max-accuracy-drop} publishing needs an explicit override with a
 * reason. Publishing also requires that the change set is still the one evaluated (same entries at
 * the same versions), else the editor must evaluate again.
 *
 * <p>An evaluation is a job: it builds two indexes and embeds every question, which takes seconds
 * on the sample and minutes on a large knowledge base, so it runs on a one-thread scheduler of its
 * own ("kb-eval") and never holds a thread that serves customers' searches. One evaluation at a time
 * per instance; evaluations are kept in memory on the instance that ran them, like drafts and
 * reviews (curate through one instance in cluster mode).
 */
public final class ChangeSetGate implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChangeSetGate.class);
    /** Finished evaluations kept for reading and publishing; older ones are forgotten. */
    static final int KEPT = 20;

    /** The stage codes besides the evaluation's own: waiting for the scheduler, and failed. */
    static final String QUEUED = "QUEUED";
    static final String FAILED = "FAILED";

    /** Why the gate refused: the stable reason codes of its answers. */
    public enum Reason {
        EMPTY_CHANGE_SET, EVALUATION_RUNNING, UNKNOWN_EVALUATION, EVALUATION_NOT_DONE, STALE_CHANGE_SET, REGRESSION,
        REASON_REQUIRED
    }

    /**
     * One entry of the change set.
     *
     * @param servedVersion the version served now, or null for an entry not on air yet
     */
    public record Member(String id, long version, String question, Long servedVersion) {

        public String key() {
            return id + "@" + version;
        }
    }

    /** The entries in review, by id. */
    public record ChangeSet(List<Member> entries) {

        public List<String> keys() {
            return entries.stream().map(Member::key).toList();
        }
    }

    /** What the knowledge base serves and has in review, read in one call, with the search settings. */
    private record Snapshot(KnowledgeBase.Review review, SearchSettings settings, ChangeSet changeSet) {
    }

    /** The state of an evaluation job. */
    public enum State {
        RUNNING, DONE, FAILED
    }

    /** One evaluation job; progress fields are written by the job's thread and read by the API. */
    public static final class Run {

        private final String id;
        private final String startedBy;
        private final Instant startedAt;
        private final ChangeSet changeSet;
        /** What was served and in review when evaluated: a publish checks the knowledge base is still so. */
        private final KnowledgeBase.Review review;
        private final double maxAccuracyDrop;
        private volatile State state = State.RUNNING;
        private volatile double progress;
        /** {@code QUEUED}, then a {@link ChangeSetEvaluation.Stage} (ending in {@code DONE}), or {@code FAILED}. */
        private volatile String stage = QUEUED;
        private volatile ChangeSetEvaluation.Result result;
        private volatile String error;

        Run(String id, String startedBy, Instant startedAt, ChangeSet changeSet, KnowledgeBase.Review review,
            double maxAccuracyDrop) {
            this.id = id;
            this.startedBy = startedBy;
            this.startedAt = startedAt;
            this.changeSet = changeSet;
            this.review = review;
            this.maxAccuracyDrop = maxAccuracyDrop;
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

        public ChangeSet changeSet() {
            return changeSet;
        }

        public double maxAccuracyDrop() {
            return maxAccuracyDrop;
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

        public Optional<ChangeSetEvaluation.Result> result() {
            return Optional.ofNullable(result);
        }

        public String error() {
            return error;
        }

        /** True when the change set costs more accuracy than allowed (only once done). */
        public boolean exceedsMargin() {
            ChangeSetEvaluation.Result r = result;
            // a tiny tolerance: 0.05 - 0.03 is not exactly 0.02 in floating point
            return r != null && r.accuracyDrop() > maxAccuracyDrop + 1e-9;
        }
    }

    /** What a publish did. */
    public record Published(Run evaluation, List<String> entries, boolean overridden, String reason) {
    }

    private final KnowledgeCuration kb;
    private final AuditTrail audit;
    private final ChangeSetEvaluation evaluation;
    private final List<EvalQuery> queries;
    private final double maxAccuracyDrop;
    private final Clock clock;
    private final Scheduler scheduler = Schedulers.newBoundedElastic(1, 1, "kb-eval", 60, true);
    private final AtomicReference<Run> running = new AtomicReference<>();
    private final Map<String, Run> runs = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Run> eldest) {
            return size() > KEPT;
        }
    };

    public ChangeSetGate(KnowledgeCuration kb, AuditTrail audit, EmbeddingModel embeddings, List<EvalQuery> queries,
                         double maxAccuracyDrop, Clock clock) {
        this.kb = kb;
        this.audit = audit;
        this.evaluation = new ChangeSetEvaluation(embeddings);
        this.queries = List.copyOf(queries);
        this.maxAccuracyDrop = maxAccuracyDrop;
        this.clock = clock;
    }

    public int queryCount() {
        return queries.size();
    }

    public double maxAccuracyDrop() {
        return maxAccuracyDrop;
    }

    /** The entries in review now: what a publish would put on air. */
    public Mono<ChangeSet> current() {
        return kb.read(base -> snapshot(base).changeSet()).onErrorMap(CurationDesk::refusal);
    }

    /**
     * Starts evaluating the current change set; refused when it is empty or another evaluation runs.
     * Recorded in the audit trail (KB_EVALUATED) with the editor and the change set.
     */
    public Mono<Run> start(String editor) {
        return kb.read(ChangeSetGate::snapshot).onErrorMap(CurationDesk::refusal).map(snapshot -> {
            ChangeSet changeSet = snapshot.changeSet();
            if (changeSet.entries().isEmpty()) {
                throw Refused.conflict(Reason.EMPTY_CHANGE_SET.name(), "no entries in review: submit the entries "
                        + "to publish for review first");
            }
            Run run = new Run(UUID.randomUUID().toString(), editor, clock.instant(), changeSet, snapshot.review(),
                    maxAccuracyDrop);
            Run other = running.get();
            if ((other != null && other.state == State.RUNNING) || !running.compareAndSet(other, run)) {
                Run busy = running.get();
                throw Refused.conflict(Reason.EVALUATION_RUNNING.name(), "another evaluation (started by "
                        + busy.startedBy + ") is running: wait for it to finish", Map.of("evaluationId", busy.id));
            }
            synchronized (runs) {
                runs.put(run.id, run);
            }
            Mono.fromRunnable(() -> execute(run, snapshot)).subscribeOn(scheduler).subscribe(null, e -> {
                run.error = e.toString();
                run.stage = FAILED;
                run.state = State.FAILED;
            });
            return run;
        }).flatMap(run -> audit.record(AuditEvent.of(null, run.id, editor, clock.instant(),
                new AuditDetails.KbEvaluated(run.changeSet.keys(), queries.size(), maxAccuracyDrop))).thenReturn(run));
    }

    private void execute(Run run, Snapshot snapshot) {
        try {
            log.info("evaluating change set {} for {} with {} regression questions", run.changeSet.keys(),
                    run.startedBy, queries.size());
            run.result = evaluation.run(snapshot.review().served(), snapshot.review().inReview(), queries,
                    snapshot.settings(),
                    (fraction, stage) -> {
                        run.progress = fraction;
                        run.stage = stage.name();
                    });
            run.state = State.DONE;
            log.info("change set evaluation {}: accuracy@1 {} -> {}", run.id, run.result.before().accuracyAt1(),
                    run.result.after().accuracyAt1());
        } catch (RuntimeException e) {
            log.warn("change set evaluation {} failed", run.id, e);
            run.error = e.getMessage() == null ? e.toString() : e.getMessage();
            run.stage = FAILED;
            run.state = State.FAILED;
        }
    }

    /** The evaluation of that id; refused ({@code UNKNOWN_EVALUATION}) when this instance keeps none. */
    public Run evaluation(String id) {
        return find(id).orElseThrow(() -> unknownEvaluation(id));
    }

    public Optional<Run> find(String id) {
        synchronized (runs) {
            return Optional.ofNullable(runs.get(id));
        }
    }

    /**
     * Publishes every entry of the evaluated change set at once, after checking the evaluation is done,
     * its change set is still the current one and the accuracy drop is within the margin or overridden
     * with a reason. The audit event (KB_CHANGED, action publish-change-set) carries the figures, the
     * override and its reason, and the editor.
     */
    public Mono<Published> publish(String editor, String evaluationId, boolean override, String reason) {
        String why = reason == null ? "" : reason.strip();
        if (evaluationId == null || evaluationId.isBlank()) {
            return Mono.error(Refused.invalid("INVALID_REQUEST", "evaluate the change set first and give the "
                    + "evaluation's id as evaluationId"));
        }
        if (override && why.isEmpty()) {
            return Mono.error(Refused.invalid(Reason.REASON_REQUIRED.name(), "an override needs a reason"));
        }
        Optional<Run> found = find(evaluationId.strip());
        if (found.isEmpty()) {
            return Mono.error(unknownEvaluation(evaluationId.strip()));
        }
        Run run = found.get();
        if (run.state != State.DONE) {
            return Mono.error(Refused.conflict(Reason.EVALUATION_NOT_DONE.name(), run.state == State.RUNNING
                    ? "the evaluation is not finished yet" : "the evaluation failed (" + run.error + "): evaluate again"));
        }
        ChangeSetEvaluation.Result result = run.result;
        boolean exceeds = run.exceedsMargin();
        if (exceeds && !override) {
            return Mono.error(Refused.conflict(Reason.REGRESSION.name(), String.format(java.util.Locale.ROOT,
                    "accuracy@1 drops by %.1f points, more than the %.1f allowed: publishing needs an override "
                            + "with a reason", result.accuracyDrop() * 100, maxAccuracyDrop * 100), figures(run)));
        }
        Map<String, Object> facts = new LinkedHashMap<>(figures(run));
        facts.put("evaluationId", run.id);
        facts.put("changeSet", run.changeSet.keys());
        facts.put("override", exceeds);
        if (exceeds) {
            facts.put("overrideReason", why);
        }
        // The library checks, under its own lock, that what is in review and what is served are still
        // what was evaluated, and publishes the whole change set as one batch.
        return kb.edit(editor, "publish-change-set", "change-set", facts,
                        base -> base.publishChangeSet(run.review, editor).stream()
                                .map(e -> e.id() + "@" + e.version()).toList())
                .onErrorMap(CurationDesk::refusal)
                .map(entries -> new Published(run, entries, exceeds, exceeds ? why : ""));
    }

    /** Refused when no evaluation of that id is kept on this instance. */
    static Refused unknownEvaluation(String id) {
        return Refused.notFound(Reason.UNKNOWN_EVALUATION.name(), "no evaluation " + id + " (evaluations are kept "
                + "on the instance that ran them, the last " + KEPT + ")");
    }

    /** The before/after figures of a finished evaluation, flat (they go into the audit trail as they are). */
    static Map<String, Object> figures(Run run) {
        ChangeSetEvaluation.Result r = run.result;
        Map<String, Object> f = new LinkedHashMap<>();
        EvalSummary b = r.before();
        EvalSummary a = r.after();
        f.put("queries", b.queries());
        f.put("accuracyAt1Before", round(b.accuracyAt1()));
        f.put("accuracyAt1After", round(a.accuracyAt1()));
        f.put("hitAt3Before", round(b.hitAt3()));
        f.put("hitAt3After", round(a.hitAt3()));
        f.put("mrrBefore", round(b.mrr()));
        f.put("mrrAfter", round(a.mrr()));
        f.put("accuracyDrop", round(r.accuracyDrop()));
        f.put("maxAccuracyDrop", run.maxAccuracyDrop);
        f.put("lost", r.changed().stream().filter(c -> c.change() == ChangeSetEvaluation.Change.LOST).count());
        f.put("gained", r.changed().stream().filter(c -> c.change() == ChangeSetEvaluation.Change.GAINED).count());
        return f;
    }

    static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }

    private static Snapshot snapshot(KnowledgeBase base) {
        KnowledgeBase.Review review = base.review();
        Map<String, Long> servedVersions = new LinkedHashMap<>();
        review.served().forEach(e -> servedVersions.put(e.id(), e.version()));
        List<Member> members = review.inReview().stream()
                .map(e -> new Member(e.id(), e.version(), e.question(), servedVersions.get(e.id())))
                .toList();
        return new Snapshot(review, base.settings(), new ChangeSet(members));
    }

    /** Stops the evaluation scheduler (a running evaluation is abandoned). */
    @Override
    public void close() {
        scheduler.dispose();
    }
}
