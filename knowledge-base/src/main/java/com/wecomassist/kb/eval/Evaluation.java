package com.wecomassist.kb.eval;

import com.wecomassist.kb.KnowledgeBase;
import com.wecomassist.kb.entry.Entry;
import com.wecomassist.kb.search.MappedEmbeddingModel;
import com.wecomassist.kb.search.QueryAdapter;
import com.wecomassist.kb.search.ScoredEntry;
import com.wecomassist.kb.search.SearchResult;
import com.wecomassist.kb.search.SearchSettings;
import com.wecomassist.kb.search.lucene.LuceneEntryIndex;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Runs labelled queries against a knowledge base built from an entry file, the way the content
 * team checks a KB before publishing it.
 *
 * <ul>
 *   <li>{@link Mode#STANDARD}: the entries as given (standard questions, plus any variants in the file).</li>
 *   <li>{@link Mode#WITH_VARIANTS}: k-fold over the queries; for each fold, the other folds' phrasings
 *       are added as variants of their entries (as a content team does over time) and the fold's
 *       queries are asked. No query is ever answered by its own phrasing.</li>
 * </ul>
 */
public final class Evaluation {

    /** Evaluation mode. */
    public enum Mode {
        STANDARD, WITH_VARIANTS
    }

    private static final int RETURNED = 10;

    private final CachingEmbeddingModel embeddings;
    private final Consumer<String> progress;
    private final Runnable queryAsked;
    /** Fit a query adapter on each knowledge base built, or null: use the settings' adapter as given. */
    private final QueryAdapter.Fitting adapterFitting;
    /** When the query adapter stays the identity: fit a shared map on the KB's own pairs, or null (no map). */
    private final QueryAdapter.Fitting sharedFitting;
    /** When the query adapter is fitted (enough variants): fit it for both sides instead, or null (query side). */
    private final QueryAdapter.Fitting bothSidesFitting;
    /** With {@link #bothSidesFitting}: the answer openings are fitted on too (as the shared map is). */
    private final boolean bothSidesWithAnswers;

    public Evaluation(EmbeddingModel embeddings, Consumer<String> progress) {
        this(embeddings, progress, () -> {
        });
    }

    /**
     * @param queryAsked called after every labelled query is answered (not the warm-up ones), so a
     *                   caller can show how far a long run is
     */
    public Evaluation(EmbeddingModel embeddings, Consumer<String> progress, Runnable queryAsked) {
        this(new CachingEmbeddingModel(embeddings), progress, queryAsked, null, null, null, false);
    }

    private Evaluation(CachingEmbeddingModel embeddings, Consumer<String> progress, Runnable queryAsked,
            QueryAdapter.Fitting adapterFitting, QueryAdapter.Fitting sharedFitting,
            QueryAdapter.Fitting bothSidesFitting, boolean bothSidesWithAnswers) {
        this.bothSidesFitting = bothSidesFitting;
        this.bothSidesWithAnswers = bothSidesWithAnswers;
        this.embeddings = embeddings;
        this.progress = progress;
        this.queryAsked = queryAsked;
        this.adapterFitting = adapterFitting;
        this.sharedFitting = sharedFitting;
    }

    /**
     * The same evaluation (sharing its remembered embeddings), but every knowledge base it builds —
     * each fold's — first fits a {@link QueryAdapter} on that knowledge base's own phrasings and
     * searches with it: what a bank gets by fitting on its curated variants, never on the questions
     * asked. A knowledge base without enough variants gets the identity.
     */
    public Evaluation fittingQueryAdapters(QueryAdapter.Fitting fitting) {
        return new Evaluation(embeddings, progress, queryAsked, fitting, sharedFitting, bothSidesFitting,
                bothSidesWithAnswers);
    }

    /**
     * The same evaluation, but a knowledge base whose query adapter stays the identity (too few
     * variants) gets a shared map fitted on its own phrasings and answer openings
     * ({@link QueryAdapter#fitShared}), applied to its index and its queries alike. Only together with
     * {@link #fittingQueryAdapters}.
     */
    public Evaluation fittingSharedMaps(QueryAdapter.Fitting fitting) {
        return new Evaluation(embeddings, progress, queryAsked, adapterFitting, fitting, bothSidesFitting,
                bothSidesWithAnswers);
    }

    /**
     * The same evaluation, but a knowledge base with enough variants for the query adapter gets a map
     * of both sides fitted with {@code fitting} instead, on its phrasings (and with {@code withAnswers} its
     * answer openings, as the shared map), applied to the index and the queries alike: a measurement of
     * the adapter on both sides (module README), not what the product does. Only together with
     * {@link #fittingQueryAdapters}.
     */
    public Evaluation fittingBothSides(QueryAdapter.Fitting fitting, boolean withAnswers) {
        return new Evaluation(embeddings, progress, queryAsked, adapterFitting, sharedFitting, fitting, withAnswers);
    }

    public List<QueryOutcome> run(List<Entry> entries, List<EvalQuery> queries, Mode mode, int folds,
            SearchSettings settings) {
        if (mode == Mode.STANDARD) {
            return runFold(entries, queries, settings, 0, "standard");
        }
        int[] foldOf = assignFolds(queries.size(), folds);
        List<QueryOutcome> all = new ArrayList<>();
        for (int f = 0; f < folds; f++) {
            Map<String, List<String>> added = new LinkedHashMap<>();
            List<EvalQuery> asked = new ArrayList<>();
            for (int i = 0; i < queries.size(); i++) {
                EvalQuery q = queries.get(i);
                if (foldOf[i] == f) {
                    asked.add(q);
                } else {
                    added.computeIfAbsent(q.expectedId(), id -> new ArrayList<>()).add(q.query());
                }
            }
            List<Entry> withVariants = new ArrayList<>(entries.size());
            for (Entry e : entries) {
                List<String> extra = added.get(e.id());
                if (extra == null) {
                    withVariants.add(e);
                } else {
                    List<String> v = new ArrayList<>(e.variants());
                    v.addAll(extra);
                    withVariants.add(e.withVariants(v));
                }
            }
            all.addAll(runFold(withVariants, asked, settings, f, "fold " + (f + 1) + "/" + folds));
        }
        return all;
    }

    /** Deterministic shuffled fold assignment, so runs are comparable. */
    static int[] assignFolds(int n, int folds) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(20261124L));
        int[] foldOf = new int[n];
        for (int i = 0; i < n; i++) {
            foldOf[order.get(i)] = i % folds;
        }
        return foldOf;
    }

    private List<QueryOutcome> runFold(List<Entry> entries, List<EvalQuery> queries, SearchSettings settings,
            int fold, String label) {
        EmbeddingModel model = embeddings;
        if (adapterFitting != null) {
            long started = System.nanoTime();
            boolean both = bothSidesFitting != null
                    && QueryAdapter.trainingPhrasings(entries) >= adapterFitting.minTraining();
            QueryAdapter adapter = both ? QueryAdapter.identity()
                    : QueryAdapter.fit(entries, embeddings, embeddings.modelName(), adapterFitting);
            String what = both ? "not fitted: a map of both sides instead" : adapter.isIdentity()
                    ? "left at the identity (too few variants)" : "fitted";
            if (!both && adapter.isIdentity() && sharedFitting != null) {
                QueryAdapter map = QueryAdapter.fitShared(entries, embeddings, embeddings.modelName(), sharedFitting,
                        LuceneEntryIndex.ANSWER_EMBED_CHARS);
                model = new MappedEmbeddingModel(embeddings, map);
                what += map.isIdentity() ? "" : "; shared map fitted on the KB's own phrasings and answers";
            } else if (both) {
                QueryAdapter map = bothSidesWithAnswers
                        ? QueryAdapter.fitShared(entries, embeddings, embeddings.modelName(), bothSidesFitting,
                                LuceneEntryIndex.ANSWER_EMBED_CHARS)
                        : QueryAdapter.fitBothSides(entries, embeddings, embeddings.modelName(), bothSidesFitting);
                model = new MappedEmbeddingModel(embeddings, map);
            } else {
                settings = settings.withQueryAdapter(adapter);
            }
            progress.accept(String.format(java.util.Locale.ROOT, "%s: query adapter %s in %.1f s", label, what,
                    (System.nanoTime() - started) / 1e9));
        }
        progress.accept(label + ": indexing " + entries.size() + " entries");
        try (KnowledgeBase kb = KnowledgeBase.inMemory(model, settings, Clock.systemUTC())) {
            kb.loadPublished(entries, "eval");
            // Warm the query path (JIT, ONNX session) so latency reflects steady state.
            for (int i = 0; i < Math.min(20, queries.size()); i++) {
                kb.search(queries.get(i).query() + "？", RETURNED);
            }
            List<QueryOutcome> out = new ArrayList<>(queries.size());
            for (int i = 0; i < queries.size(); i++) {
                EvalQuery q = queries.get(i);
                SearchResult r = kb.search(q.query(), RETURNED);
                List<String> answers = new ArrayList<>();
                for (ScoredEntry se : r.ranked()) {
                    answers.add(se.entry().answerKey());
                }
                int rank = answers.indexOf(q.expectedAnswer()) + 1;
                out.add(new QueryOutcome(q, answers, r.top().map(t -> t.entry().id()).orElse(""),
                        r.top().map(t -> t.entry().category()).orElse(""), rank,
                        r.confidence(), r.menuConfidence(), r.features(), r.tookNanos(), fold));
                queryAsked.run();
                if ((i + 1) % 500 == 0) {
                    progress.accept(label + ": " + (i + 1) + "/" + queries.size() + " queries");
                }
            }
            return out;
        }
    }
}
