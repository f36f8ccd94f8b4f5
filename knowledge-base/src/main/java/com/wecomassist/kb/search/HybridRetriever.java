package com.wecomassist.kb.search;

import com.wecomassist.kb.entry.Entry;
import com.wecomassist.kb.search.lucene.ChineseAnalyzers;
import com.wecomassist.kb.search.lucene.LuceneEntryIndex;
import com.wecomassist.kb.search.lucene.LuceneEntryIndex.Signal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hybrid retrieval over the index: BM25 on Chinese-analysed phrasings and cosine similarity of
 * bge-small-zh embeddings, each phrasing matched on its own; evidence is aggregated per entry
 * (best phrasing), fused, penalised when the phrasing contradicts the query, folded per answer,
 * and the top answer gets a calibrated confidence.
 *
 * <p>Synchronous and thread-safe: it blocks on Lucene and ONNX inference, so reactive callers run
 * it on a bounded scheduler.
 */
public final class HybridRetriever {

    private static final double RRF_K = 60;
    private static final int CONTRADICTION_CHECKS = 20;

    private final LuceneEntryIndex index;
    private final SearchSettings settings;
    private final Contradictions contradictions;

    public HybridRetriever(LuceneEntryIndex index, SearchSettings settings) {
        this.index = index;
        this.settings = settings;
        this.contradictions = new Contradictions(ChineseAnalyzers.synonyms());
    }

    public SearchSettings settings() {
        return settings;
    }

    /** Up to {@code k} distinct answers for the query among entries served at {@code now}. */
    public SearchResult search(String query, int k, Instant now) {
        long start = System.nanoTime();
        String q = query == null ? "" : query.strip();
        if (q.isEmpty() || k < 1) {
            return new SearchResult(query, List.of(), 0, ConfidenceModel.Features.NONE, System.nanoTime() - start);
        }
        List<String> terms = ChineseAnalyzers.tokens(index.analyzer(), q);
        float[] vector = index.embedQuery(settings.queryPrefix(), q);
        float[] answerVector = null;
        if (settings.answerWeight() > 0 || settings.answerLexicalWeight() > 0) {
            answerVector = settings.answerQueryPrefix().equals(settings.queryPrefix()) ? vector
                    : index.embedQuery(settings.answerQueryPrefix(), q);
        }
        List<Signal> signals = index.signals(terms, vector, answerVector, settings.candidates(),
                settings.overlapWeight() > 0, settings.answerLexicalWeight() > 0, now);
        if (signals.isEmpty()) {
            return new SearchResult(query, List.of(), 0, ConfidenceModel.Features.NONE, System.nanoTime() - start);
        }

        float maxBm25 = 0;
        float maxAnswerBm25 = 0;
        for (Signal s : signals) {
            maxBm25 = Math.max(maxBm25, s.bm25());
            maxAnswerBm25 = Math.max(maxAnswerBm25, s.answerBm25());
        }
        Map<String, Double> answerDense = aggregateDense(signals);
        Map<String, Integer> lexRank = rank(signals, Comparator.comparingDouble(s -> -s.bm25()));
        Map<String, Integer> denseRank = rank(signals, Comparator.comparingDouble(s -> -s.cosine()));

        List<ScoredEntry> scored = new ArrayList<>(signals.size());
        String bestLexicalAnswer = null;
        String bestDenseAnswer = null;
        float bestLex = -1;
        float bestCos = -2;
        for (Signal s : signals) {
            Entry e = index.served(s.entryId());
            if (e == null) {
                continue; // removed between the index snapshot and now
            }
            double lex = maxBm25 > 0 ? s.bm25() / maxBm25 : 0;
            // The phrasing shown, checked for contradictions and used for the overlap feature: the one
            // closest in meaning, unless only a weak dense match faces a strong lexical one.
            int phr = s.densePhrasing() >= 0 && (s.lexicalPhrasing() < 0 || s.cosine() >= 0.5 || lex < 0.5)
                    ? s.densePhrasing() : s.lexicalPhrasing();
            List<String> phrasings = e.phrasings();
            String matched = phr >= 0 && phr < phrasings.size() ? phrasings.get(phr) : e.question();
            boolean contradiction = false;
            double score = switch (settings.fusion()) {
                case WEIGHTED -> settings.denseWeight() * answerDense.getOrDefault(e.answerKey(), (double) s.cosine())
                        + settings.lexicalWeight() * lex
                        + settings.overlapWeight() * s.overlap()
                        + settings.answerWeight() * s.answerCosine()
                        + settings.answerLexicalWeight() * (maxAnswerBm25 > 0 ? s.answerBm25() / maxAnswerBm25 : 0);
                case RRF -> (s.bm25() > 0 ? 1 / (RRF_K + lexRank.get(s.entryId())) : 0)
                        + 1 / (RRF_K + denseRank.get(s.entryId()));
                case LEXICAL -> lex;
                case DENSE -> s.cosine();
            };
            scored.add(new ScoredEntry(e, score, lex, s.cosine(), matched, contradiction));
            if (s.bm25() > bestLex) {
                bestLex = s.bm25();
                bestLexicalAnswer = e.answerKey();
            }
            if (s.cosine() > bestCos) {
                bestCos = s.cosine();
                bestDenseAnswer = e.answerKey();
            }
        }
        scored.sort(Comparator.comparingDouble(ScoredEntry::score).reversed());
        // Contradiction checks are string work: only the leading candidates can reach the top.
        boolean changed = false;
        Contradictions.Query checks = contradictions.forQuery(q);
        for (int i = 0; i < Math.min(CONTRADICTION_CHECKS, scored.size()); i++) {
            ScoredEntry se = scored.get(i);
            if (checks.contradicts(se.matchedPhrasing())) {
                scored.set(i, new ScoredEntry(se.entry(), se.score() - settings.contradictionPenalty(), se.lexical(),
                        se.cosine(), se.matchedPhrasing(), true));
                changed = true;
            }
        }
        if (changed) {
            scored.sort(Comparator.comparingDouble(ScoredEntry::score).reversed());
        }

        // One slot per answer: entries sharing an answer text are the same answer to the customer.
        Map<String, ScoredEntry> perAnswer = new LinkedHashMap<>();
        double bestOtherCosine = -1;
        for (ScoredEntry se : scored) {
            perAnswer.putIfAbsent(se.entry().answerKey(), se);
        }
        List<ScoredEntry> ranked = new ArrayList<>(perAnswer.values());
        if (ranked.isEmpty()) {
            return new SearchResult(query, List.of(), 0, ConfidenceModel.Features.NONE, System.nanoTime() - start);
        }
        ScoredEntry top = ranked.get(0);
        for (ScoredEntry se : scored) {
            if (!se.entry().answerKey().equals(top.entry().answerKey())) {
                bestOtherCosine = Math.max(bestOtherCosine, se.cosine());
            }
        }
        double second = ranked.size() > 1 ? ranked.get(1).score() : 0;
        ConfidenceModel.Features f = new ConfidenceModel.Features(top.score(), top.score() - second, top.cosine(),
                top.cosine() - bestOtherCosine, top.lexical(), overlap(terms, top.matchedPhrasing()),
                top.contradiction() ? 1 : 0,
                top.entry().answerKey().equals(bestLexicalAnswer) ? 1 : 0,
                top.entry().answerKey().equals(bestDenseAnswer) ? 1 : 0);
        double confidence = settings.confidence().probability(f);
        List<ScoredEntry> cut = List.copyOf(ranked.subList(0, Math.min(k, ranked.size())));
        return new SearchResult(query, cut, confidence, f, System.nanoTime() - start);
    }

    /**
     * Dense evidence per answer from all its matching phrasings, not just the best one: a soft
     * maximum (log-sum-exp at a low temperature), so an answer whose several variants all resemble
     * the query beats one that has a single close phrasing. Equals the best cosine when only one
     * phrasing matched, and plain max when the temperature is 0.
     */
    private Map<String, Double> aggregateDense(List<Signal> signals) {
        double tau = settings.aggregationTemperature();
        Map<String, Double> sums = new java.util.HashMap<>();
        Map<String, Double> max = new java.util.HashMap<>();
        for (Signal s : signals) {
            Entry e = index.served(s.entryId());
            if (e == null) {
                continue;
            }
            String key = e.answerKey();
            max.merge(key, (double) s.cosine(), Math::max);
            if (tau > 0) {
                for (float c : s.cosines()) {
                    sums.merge(key, Math.exp((c - 1) / tau), Double::sum);
                }
            }
        }
        if (tau <= 0) {
            return max;
        }
        Map<String, Double> out = new java.util.HashMap<>();
        max.forEach((key, m) -> {
            Double sum = sums.get(key);
            out.put(key, sum == null ? m : Math.max(m, 1 + tau * Math.log(sum)));
        });
        return out;
    }

    /** Share of the query's distinct terms that also occur in the phrasing. */
    private double overlap(List<String> queryTerms, String phrasing) {
        Set<String> q = new HashSet<>(queryTerms);
        if (q.isEmpty()) {
            return 0;
        }
        Set<String> p = new HashSet<>(ChineseAnalyzers.tokens(index.analyzer(), phrasing));
        int common = 0;
        for (String t : q) {
            if (p.contains(t)) {
                common++;
            }
        }
        return (double) common / q.size();
    }

    private static Map<String, Integer> rank(List<Signal> signals, Comparator<Signal> order) {
        List<Signal> sorted = new ArrayList<>(signals);
        sorted.sort(order);
        Map<String, Integer> out = new LinkedHashMap<>();
        for (int i = 0; i < sorted.size(); i++) {
            out.put(sorted.get(i).entryId(), i + 1);
        }
        return out;
    }
}
