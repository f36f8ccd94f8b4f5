package com.wecomassist.knowledge;

import com.wecomassist.error.Refused;
import org.springframework.http.HttpStatus;
import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.kb.KnowledgeBase;
import com.wecomassist.kb.entry.Entry;
import com.wecomassist.kb.entry.EntryStatus;
import com.wecomassist.kb.eval.ChangeSetEvaluation;
import com.wecomassist.kb.eval.EvalQuery;
import com.wecomassist.kb.eval.EvalSummary;
import com.wecomassist.kb.search.SearchSettings;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
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

    /** Why the gate refused, and the status that says it. */
    public enum Reason {
        EMPTY_CHANGE_SET(HttpStatus.CONFLICT), EVALUATION_RUNNING(HttpStatus.CONFLICT),
        UNKNOWN_EVALUATION(HttpStatus.NOT_FOUND), EVALUATION_NOT_DONE(HttpStatus.CONFLICT),
        STALE_CHANGE_SET(HttpStatus.CONFLICT), REGRESSION(HttpStatus.CONFLICT), REASON_REQUIRED(HttpStatus.BAD_REQUEST);

        private final HttpStatus status;

        Reason(HttpStatus status) {
            this.status = status;
        }
    }

    /** A refusal with a message an editor can act on, and facts for the answer (the figures of a regression). */
    private static Refused refused(Reason reason, String message, Map<String, Object> facts) {
        return new Refused(reason.status, reason.name(), message, facts);
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

    /** What the knowledge base serves now and what is in review, read in one call. */
    private record Snapshot(List<Entry> served, List<Entry> inReview, SearchSettings settings, ChangeSet changeSet) {

        /** What is served, as {@code id@version}: the baseline the evaluation measured. */
        List<String> servedKeys() {
            return served.stream().map(e -> e.id() + "@" + e.version()).toList();
        }
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
        private final List<String> served;
        private final double maxAccuracyDrop;
        private volatile State state = State.RUNNING;
        private volatile double progress;
        private volatile String stage = "排队中";
        private volatile ChangeSetEvaluation.Result result;
        private volatile String error;

        Run(String id, String startedBy, Instant startedAt, ChangeSet changeSet, List<String> served,
            double maxAccuracyDrop) {
            this.id = id;
            this.startedBy = startedBy;
            this.startedAt = startedAt;
            this.changeSet = changeSet;
            this.served = served;
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
        return kb.read(base -> snapshot(base).changeSet());
    }

    /**
     * Starts evaluating the current change set; refused when it is empty or another evaluation runs.
     * Recorded in the audit trail (KB_EVALUATED) with the editor and the change set.
     */
    public Mono<Run> start(String editor) {
        return kb.read(ChangeSetGate::snapshot).map(snapshot -> {
            ChangeSet changeSet = snapshot.changeSet();
            if (changeSet.entries().isEmpty()) {
                throw refused(Reason.EMPTY_CHANGE_SET, "没有审核中的条目：先把要发布的条目提交审核", Map.of());
            }
            Run run = new Run(UUID.randomUUID().toString(), editor, clock.instant(), changeSet, snapshot.servedKeys(),
                    maxAccuracyDrop);
            Run other = running.get();
            if ((other != null && other.state == State.RUNNING) || !running.compareAndSet(other, run)) {
                Run busy = running.get();
                throw refused(Reason.EVALUATION_RUNNING, "另一次评估正在进行（" + busy.startedBy
                        + " 发起），请等它完成", Map.of("evaluationId", busy.id));
            }
            synchronized (runs) {
                runs.put(run.id, run);
            }
            Mono.fromRunnable(() -> execute(run, snapshot)).subscribeOn(scheduler).subscribe(null, e -> {
                run.error = e.toString();
                run.state = State.FAILED;
            });
            return run;
        }).flatMap(run -> audit.record(new AuditEvent(AuditEvent.Type.KB_EVALUATED, null, run.id, editor,
                clock.instant(), Map.of("changeSet", run.changeSet.keys(), "queries", queries.size(),
                "maxAccuracyDrop", maxAccuracyDrop))).thenReturn(run));
    }

    private void execute(Run run, Snapshot snapshot) {
        try {
            log.info("evaluating change set {} for {} with {} regression questions", run.changeSet.keys(),
                    run.startedBy, queries.size());
            run.result = evaluation.run(snapshot.served(), snapshot.inReview(), queries, snapshot.settings(),
                    (fraction, stage) -> {
                        run.progress = fraction;
                        run.stage = stage;
                    });
            run.state = State.DONE;
            log.info("change set evaluation {}: accuracy@1 {} -> {}", run.id, run.result.before().accuracyAt1(),
                    run.result.after().accuracyAt1());
        } catch (RuntimeException e) {
            log.warn("change set evaluation {} failed", run.id, e);
            run.error = e.getMessage() == null ? e.toString() : e.getMessage();
            run.stage = "失败";
            run.state = State.FAILED;
        }
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
        if (override && why.isEmpty()) {
            throw refused(Reason.REASON_REQUIRED, "强制发布必须填写理由", Map.of());
        }
        Run run = find(evaluationId).orElseThrow(() -> refused(Reason.UNKNOWN_EVALUATION,
                "没有编号为 " + evaluationId + " 的评估（评估只保存在运行它的实例上，最近 " + KEPT + " 次）", Map.of()));
        if (run.state != State.DONE) {
            throw refused(Reason.EVALUATION_NOT_DONE, run.state == State.RUNNING ? "评估尚未完成"
                    : "评估失败（" + run.error + "），请重新评估", Map.of());
        }
        ChangeSetEvaluation.Result result = run.result;
        boolean exceeds = run.exceedsMargin();
        if (exceeds && !override) {
            throw refused(Reason.REGRESSION, String.format(java.util.Locale.ROOT,
                    "准确率@1 下降 %.1f 个百分点，超过允许的 %.1f：需要填写理由强制发布",
                    result.accuracyDrop() * 100, maxAccuracyDrop * 100), figures(run));
        }
        Map<String, Object> facts = new LinkedHashMap<>(figures(run));
        facts.put("evaluationId", run.id);
        facts.put("changeSet", run.changeSet.keys());
        facts.put("override", exceeds);
        if (exceeds) {
            facts.put("overrideReason", why);
        }
        return kb.edit(editor, "publish-change-set", "change-set", facts, base -> {
            // Held across the check and every publish: no other edit can slip in between.
            synchronized (base) {
                Snapshot snapshot = snapshot(base);
                ChangeSet now = snapshot.changeSet();
                if (!now.keys().equals(run.changeSet.keys())) {
                    throw refused(Reason.STALE_CHANGE_SET, "评估之后变更集有变化（现在是 "
                            + String.join("，", now.keys()) + "）：请重新评估", Map.of("current", now.keys(),
                            "evaluated", run.changeSet.keys()));
                }
                // the figures compare against what was served then: a baseline that moved needs new figures
                if (!snapshot.servedKeys().equals(run.served)) {
                    throw refused(Reason.STALE_CHANGE_SET, "评估之后线上内容有变化（有条目单独发布或下架）：请重新评估",
                            Map.of("current", now.keys(), "evaluated", run.changeSet.keys()));
                }
                List<String> published = new ArrayList<>();
                for (Member m : run.changeSet.entries()) {
                    published.add(m.id() + "@" + base.publish(m.id(), m.version(), editor).version());
                }
                return List.copyOf(published);
            }
        }).map(entries -> new Published(run, entries, exceeds, exceeds ? why : ""));
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
        List<Entry> served = new ArrayList<>();
        List<Entry> inReview = new ArrayList<>();
        List<Member> members = new ArrayList<>();
        for (Entry latest : base.entries()) {
            Optional<Entry> onAir = base.served(latest.id());
            onAir.ifPresent(served::add);
            if (latest.status() == EntryStatus.IN_REVIEW) {
                inReview.add(latest);
                members.add(new Member(latest.id(), latest.version(), latest.question(),
                        onAir.map(Entry::version).orElse(null)));
            }
        }
        return new Snapshot(served, inReview, base.settings(), new ChangeSet(List.copyOf(members)));
    }

    /** Stops the evaluation scheduler (a running evaluation is abandoned). */
    @Override
    public void close() {
        scheduler.dispose();
    }
}
