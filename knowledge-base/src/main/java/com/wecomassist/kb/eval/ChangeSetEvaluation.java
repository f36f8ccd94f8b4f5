package com.wecomassist.kb.eval;

import com.wecomassist.kb.entry.Entry;
import com.wecomassist.kb.search.SearchSettings;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The regression gate's measurement: the same labelled queries asked of what is served now and of
 * what would be served once a change set is published, each in a scratch in-memory knowledge base
 * built by {@link Evaluation} (the live index is never touched). The result says how accuracy@1,
 * hit@3 and MRR move, and which queries the change set wins or loses.
 */
public final class ChangeSetEvaluation {

    /** How far a run is: {@code fraction} 0 to 1 and what it is doing. */
    @FunctionalInterface
    public interface Progress {
        void at(double fraction, Stage stage);
    }

    /** What a run is doing, in order; stable codes (a page words them in its own language). */
    public enum Stage {
        /** Building the scratch index of what is served now. */
        INDEXING_SERVED,
        /** Asking the queries of what is served now. */
        EVALUATING_SERVED,
        /** Building the scratch index of what would be served with the change set. */
        INDEXING_CHANGE_SET,
        /** Asking the queries of what would be served with the change set. */
        EVALUATING_CHANGE_SET,
        /** The figures are in. */
        DONE
    }

    /** Whether a query is answered correctly only after the change set, or only before it. */
    public enum Change {
        GAINED, LOST
    }

    /**
     * A query whose answer at rank 1 the change set turns right or wrong.
     *
     * @param rankBefore 1-based rank of the expected answer now, 0 when it is not returned
     * @param topBefore  the entry ranked first now ("" when nothing is returned)
     * @param rankAfter  the same with the change set
     * @param topAfter   the entry ranked first with the change set
     */
    public record QueryChange(String query, String expectedId, Change change, int rankBefore, String topBefore,
                              int rankAfter, String topAfter) {
    }

    /** Both runs' figures, and the queries that changed (lost ones first). */
    public record Result(EvalSummary before, EvalSummary after, List<QueryChange> changed) {

        /** How much accuracy@1 falls with the change set (negative when it rises). */
        public double accuracyDrop() {
            return before.accuracyAt1() - after.accuracyAt1();
        }
    }

    private final EmbeddingModel embeddings;

    public ChangeSetEvaluation(EmbeddingModel embeddings) {
        this.embeddings = embeddings;
    }

    /**
     * What is served with the change set applied: each changed entry replaces the served entry of
     * the same id, or is added when it is new; order is kept so runs are comparable.
     */
    public static List<Entry> withChanges(List<Entry> served, List<Entry> changeSet) {
        Map<String, Entry> byId = new LinkedHashMap<>();
        served.forEach(e -> byId.put(e.id(), e));
        changeSet.forEach(e -> byId.put(e.id(), e));
        return List.copyOf(byId.values());
    }

    /**
     * Runs the queries against {@code served} and against {@code served} with {@code changeSet}.
     * Blocks for as long as both scratch indexes take to build and answer (ONNX inference).
     */
    public Result run(List<Entry> served, List<Entry> changeSet, List<EvalQuery> queries, SearchSettings settings,
                      Progress progress) {
        if (queries.isEmpty()) {
            throw new IllegalArgumentException("no queries to evaluate");
        }
        double total = 2.0 * queries.size();
        AtomicInteger asked = new AtomicInteger();
        // One evaluation for both runs: its embedding cache holds the phrasings the runs share.
        Evaluation evaluation = new Evaluation(embeddings, message -> {
        }, () -> progress.at(asked.incrementAndGet() / total, asked.get() <= queries.size()
                ? Stage.EVALUATING_SERVED : Stage.EVALUATING_CHANGE_SET));
        progress.at(0, Stage.INDEXING_SERVED);
        List<QueryOutcome> before = evaluation.run(served, queries, Evaluation.Mode.STANDARD, 1, settings);
        progress.at(0.5, Stage.INDEXING_CHANGE_SET);
        List<QueryOutcome> after = evaluation.run(withChanges(served, changeSet), queries, Evaluation.Mode.STANDARD,
                1, settings);
        List<QueryChange> changed = new ArrayList<>();
        for (int i = 0; i < queries.size(); i++) {
            QueryOutcome b = before.get(i);
            QueryOutcome a = after.get(i);
            if (b.correct() != a.correct()) {
                changed.add(new QueryChange(b.query().query(), b.query().expectedId(),
                        a.correct() ? Change.GAINED : Change.LOST, b.rank(), b.topEntryId(), a.rank(),
                        a.topEntryId()));
            }
        }
        changed.sort(Comparator.comparing(QueryChange::change, Comparator.reverseOrder()));
        progress.at(1, Stage.DONE);
        return new Result(EvalSummary.of("served", before), EvalSummary.of("with change set", after),
                List.copyOf(changed));
    }
}
