package com.wecomassist.kb.search;

import com.wecomassist.kb.entry.Entry;
import com.wecomassist.kb.policy.AnswerPolicy;
import com.wecomassist.kb.search.lucene.ChineseAnalyzers;
import com.wecomassist.kb.search.lucene.LuceneEntryIndex;
import com.wecomassist.kb.search.lucene.LuceneEntryIndex.Hit;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Hybrid retrieval over the index: BM25 on Chinese-analysed phrasings and cosine similarity of
 * bge-small-zh embeddings, each phrasing matched on its own; evidence is aggregated per entry
 * (best phrasing), fused, penalised when the phrasing contradicts the query, folded per answer,
 * and the top answer gets a calibrated confidence; the first three together get a calibrated menu
 * confidence (the right answer is among them).
 *
 * <p>The index finds phrasings and answers (by terms, by vector) on one snapshot; everything that
 * turns those hits into a ranking lives here: the query's embedding, the per-entry aggregation of
 * the evidence ({@link Evidence}), the overlap feature, the fusion, the contradiction penalty, the
 * folding per answer and the confidence.
 *
 * <p>Synchronous and thread-safe: it blocks on Lucene and ONNX inference, so reactive callers run
 * it on a bounded scheduler.
 */
public final class HybridRetriever {

    private static final double RRF_K = 60;
    private static final int CONTRADICTION_CHECKS = 20;

    private final LuceneEntryIndex index;
    private final EmbeddingModel embeddings;
    private final SearchSettings settings;
    private final Contradictions contradictions;
    /**
     * The query adapter in use and the results of recent queries remembered with it. One value so they
     * change together: a search reads it once, embeds with its map and remembers into its results, so a
     * result computed with one map is never reused after another replaced it ({@link #useQueryAdapter}).
     */
    private volatile Querying querying;

    /**
     * @param adapter the map applied to every query's embedding
     * @param recent  results of recent queries found with that map ({@link #rememberRecentResults}); null:
     *                every query is searched
     */
    private record Querying(QueryAdapter adapter, RecentSearchResults recent) {
    }

    /**
     * What lexical and dense retrieval say about one entry for one query.
     *
     * @param bm25            best BM25 of its phrasings (0 when none matched a term)
     * @param lexicalPhrasing the phrasing with that BM25, or -1
     * @param cosine          best cosine of its phrasings to the query (-2 when none is known)
     * @param densePhrasing   the phrasing with that cosine, or -1
     * @param answerBm25      BM25 of its answer text (0 when not matched or not asked)
     * @param answerCosine    cosine of its answer to the query (at most the last answer neighbour's
     *                        when not among them)
     * @param overlap         the IDF-weighted Dice overlap of its best phrasing with the query (0 when not asked)
     * @param cosines         the cosines of every phrasing found, for the soft maximum per answer
     */
    record Evidence(String entryId, float bm25, int lexicalPhrasing, float cosine, int densePhrasing, float answerBm25,
                    float answerCosine, float overlap, List<Float> cosines) {
    }

    /** An entry's best overlap and the phrasing that has it. */
    private record Overlap(float dice, int phrasing) {

        static final Overlap NONE = new Overlap(0, -1);
    }

    /** Evidence for one entry while the hits are gathered. */
    private static final class Tally {

        float bm25 = 0f;
        int lexicalPhrasing = -1;
        float cosine = -2f;
        int densePhrasing = -1;
        final List<Float> cosines = new ArrayList<>();
    }

    public HybridRetriever(LuceneEntryIndex index, EmbeddingModel embeddings, SearchSettings settings) {
        this.index = index;
        this.embeddings = embeddings;
        this.settings = settings;
        this.querying = new Querying(settings.queryAdapter(), null);
        this.contradictions = new Contradictions(ChineseAnalyzers.synonyms());
    }

    /** The settings searches use now: as given, with the query adapter in use. */
    public SearchSettings settings() {
        return settings.withQueryAdapter(querying.adapter());
    }

    /** The map applied to the queries' embeddings now (the settings' until {@link #useQueryAdapter}). */
    public QueryAdapter queryAdapter() {
        return querying.adapter();
    }

    /**
     * From now on, applies {@code adapter} to the queries' embeddings (refitted as the curated variants
     * change, while searches go on) and forgets every remembered result: they were found with the old
     * map. A search under way finishes with the map it started with and remembers nothing visible.
     */
    public synchronized void useQueryAdapter(QueryAdapter adapter) {
        Querying now = querying;
        querying = new Querying(adapter == null ? QueryAdapter.identity() : adapter.requireQuerySide(),
                now.recent() == null ? null : now.recent().emptied());
    }

    /**
     * From now on, remembers the results of the {@code capacity} most recent distinct queries and
     * answers a query asked again from memory while the index and the validity of its entries are
     * unchanged ({@link RecentSearchResults}); 0 forgets them and searches every query. Off unless
     * asked: the evaluation and the benchmarks measure the search itself.
     */
    public synchronized void rememberRecentResults(int capacity) {
        querying = new Querying(querying.adapter(), capacity == 0 ? null : new RecentSearchResults(capacity));
    }

    /** Queries answered from remembered results since {@link #rememberRecentResults} (0 when off). */
    public long rememberedResults() {
        RecentSearchResults recent = querying.recent();
        return recent == null ? 0 : recent.hits();
    }

    /** Queries searched in the index since {@link #rememberRecentResults} while remembering (0 when off). */
    public long searchedResults() {
        RecentSearchResults recent = querying.recent();
        return recent == null ? 0 : recent.misses();
    }

    /** Distinct queries whose results are remembered now. */
    public int rememberedQueries() {
        RecentSearchResults recent = querying.recent();
        return recent == null ? 0 : recent.size();
    }

    /** Up to {@code k} distinct answers for the query among entries served at {@code now}. */
    public SearchResult search(String query, int k, Instant now) {
        long start = System.nanoTime();
        String q = query == null ? "" : query.strip();
        if (q.isEmpty() || k < 1) {
            return SearchResult.nothing(query, System.nanoTime() - start);
        }
        Querying current = querying;
        RecentSearchResults recent = current.recent();
        if (recent == null) {
            return searchIndex(query, q, k, now, start, current.adapter());
        }
        RecentSearchResults.Key key = RecentSearchResults.Key.of(q, k);
        long generation = index.generation();
        SearchResult known = recent.find(key, generation, now);
        if (known != null) {
            return new SearchResult(query, known.ranked(), known.confidence(), known.menuConfidence(),
                    known.features(), System.nanoTime() - start);
        }
        SearchResult found = searchIndex(query, q, k, now, start, current.adapter());
        // remembered only when no change was made or under way while searching (even and unchanged)
        if (generation % 2 == 0 && index.generation() == generation) {
            recent.remember(key, generation, index.validityWindow(now), found);
        }
        return found;
    }

    private SearchResult searchIndex(String query, String q, int k, Instant now, long start, QueryAdapter adapter) {
        List<String> terms = ChineseAnalyzers.tokens(index.analyzer(), q);
        float[] vector = embedQuery(adapter, settings.queryPrefix(), q);
        float[] answerVector = null;
        if (settings.answerWeight() > 0 || settings.answerLexicalWeight() > 0) {
            answerVector = settings.answerQueryPrefix().equals(settings.queryPrefix()) ? vector
                    : embedQuery(adapter, settings.answerQueryPrefix(), q);
        }
        float[] answerQueryVector = answerVector;
        List<Evidence> signals = index.search(snapshot -> evidence(snapshot, terms, vector, answerQueryVector,
                settings.candidates(), settings.overlapWeight() > 0, settings.answerLexicalWeight() > 0, now));
        if (signals.isEmpty()) {
            return SearchResult.nothing(query, System.nanoTime() - start);
        }

        float maxBm25 = 0;
        float maxAnswerBm25 = 0;
        for (Evidence s : signals) {
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
        for (Evidence s : signals) {
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
            return SearchResult.nothing(query, System.nanoTime() - start);
        }
        ScoredEntry top = ranked.get(0);
        for (ScoredEntry se : scored) {
            if (!se.entry().answerKey().equals(top.entry().answerKey())) {
                bestOtherCosine = Math.max(bestOtherCosine, se.cosine());
            }
        }
        double second = ranked.size() > 1 ? ranked.get(1).score() : 0;
        int menuItems = AnswerPolicy.MENU_ITEMS;
        Set<String> offered = new HashSet<>();
        for (int i = 0; i < Math.min(menuItems, ranked.size()); i++) {
            offered.add(ranked.get(i).entry().answerKey());
        }
        Neighbours nn = neighbours(signals, top.entry().answerKey(), offered);
        double bestOtherAnswerCosine = 0;
        for (int i = 1; i < ranked.size(); i++) {
            bestOtherAnswerCosine = Math.max(bestOtherAnswerCosine,
                    nn.answerCosines().getOrDefault(ranked.get(i).entry().answerKey(), 0f));
        }
        ConfidenceModel.Features f = new ConfidenceModel.Features(top.score(), top.score() - second, top.cosine(),
                top.cosine() - bestOtherCosine, top.lexical(), overlap(terms, top.matchedPhrasing()),
                top.contradiction() ? 1 : 0,
                top.entry().answerKey().equals(bestLexicalAnswer) ? 1 : 0,
                top.entry().answerKey().equals(bestDenseAnswer) ? 1 : 0,
                nn.votes(), nn.voteMargin(),
                nn.answerCosines().getOrDefault(top.entry().answerKey(), 0f) - bestOtherAnswerCosine,
                nn.menuVotes(),
                top.score() - (ranked.size() > menuItems ? ranked.get(menuItems).score() : 0),
                ranked.size() >= menuItems ? ranked.get(menuItems - 1).cosine() : 0,
                Math.sqrt(Math.max(0, top.score() - second)));
        double confidence = settings.confidence().probability(f, top.entry().category());
        List<ScoredEntry> cut = List.copyOf(ranked.subList(0, Math.min(k, ranked.size())));
        // Being among the first three is at least as likely as being first, whatever the two models say.
        double menuConfidence = Math.max(confidence, settings.menuConfidence().probability(f, top.entry().category()));
        return new SearchResult(query, cut, confidence, menuConfidence, f, System.nanoTime() - start);
    }

    /**
     * What the phrasings nearest to the query say, whichever entry they belong to.
     *
     * @param votes         share of the {@value ConfidenceModel.Features#VOTERS} nearest that belong to the top answer
     * @param voteMargin    share of the {@value ConfidenceModel.Features#VOTE_POOL} nearest for the top answer
     *                      minus that of the best other answer
     * @param menuVotes     share of the {@value ConfidenceModel.Features#VOTE_POOL} nearest for the offered answers
     * @param answerCosines best cosine of the query to each answer's text
     */
    private record Neighbours(double votes, double voteMargin, double menuVotes, Map<String, Float> answerCosines) {
    }

    /**
     * Nearest-neighbour agreement: every phrasing found is a labelled example of its answer, so the
     * phrasings nearest to the query vote. Several curated variants of one answer close to the query
     * make it a safer answer than one lone phrasing surrounded by other answers' variants. (As a
     * ranking signal the votes gained nothing over the soft maximum; as confidence evidence they do.)
     */
    private Neighbours neighbours(List<Evidence> signals, String topAnswer, Set<String> offered) {
        List<Map.Entry<Float, String>> near = new ArrayList<>();
        Map<String, Float> answerCosines = new HashMap<>();
        for (Evidence s : signals) {
            Entry e = index.served(s.entryId());
            if (e == null) {
                continue;
            }
            answerCosines.merge(e.answerKey(), s.answerCosine(), Math::max);
            for (float c : s.cosines()) {
                near.add(Map.entry(c, e.answerKey()));
            }
        }
        near.sort(Map.Entry.<Float, String>comparingByKey().reversed());
        int voters = ConfidenceModel.Features.VOTERS;
        int pool = ConfidenceModel.Features.VOTE_POOL;
        int topVotes = 0;
        int topInPool = 0;
        int inMenu = 0;
        Map<String, Integer> others = new HashMap<>();
        for (int i = 0; i < Math.min(pool, near.size()); i++) {
            String answer = near.get(i).getValue();
            if (answer.equals(topAnswer)) {
                topInPool++;
                topVotes += i < voters ? 1 : 0;
            } else {
                others.merge(answer, 1, Integer::sum);
            }
            inMenu += offered.contains(answer) ? 1 : 0;
        }
        int bestOther = others.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        return new Neighbours((double) topVotes / voters, (double) (topInPool - bestOther) / pool,
                (double) inMenu / pool, answerCosines);
    }

    /**
     * Embeds a customer query (with the given instruction prefix, possibly empty) as a unit vector,
     * through the query adapter when one is fitted (it is learned on the query side only, so the
     * index's vectors need no rebuild when it is refitted).
     */
    private float[] embedQuery(QueryAdapter adapter, String prefix, String query) {
        return adapter.apply(UnitVectors.of(embeddings.embed(prefix + query).content().vector()));
    }

    /**
     * Retrieves up to {@code n} phrasings by BM25 and {@code n} by vector similarity on one snapshot,
     * and folds them into the evidence of each entry. Entries found only lexically get their exact
     * cosine from the stored vectors, so both signals are known for every candidate. Entries are in
     * the order first found: dense hits, then lexical ones.
     */
    private List<Evidence> evidence(LuceneEntryIndex.Snapshot s, List<String> queryTerms, float[] queryVector,
                                    float[] answerQueryVector, int n, boolean withOverlap, boolean withAnswerText,
                                    Instant now) {
        List<Hit> lex = s.phrasingsByTerms(queryTerms, n, now);
        List<Hit> dense = s.phrasingsByVector(queryVector, n, now);
        Map<String, Float> answerLex = new HashMap<>();
        Map<String, Float> answerDense = new HashMap<>();
        float answerDenseFloor = 0;
        if (s.answersIndexed() && answerQueryVector != null) {
            if (withAnswerText) {
                for (Hit h : s.answersByTerms(queryTerms, n, now)) {
                    answerLex.merge(h.entryId(), h.score(), Math::max);
                }
            }
            List<Hit> ad = s.answersByVector(answerQueryVector, n, now);
            for (Hit h : ad) {
                answerDense.merge(h.entryId(), h.score(), Math::max);
            }
            // Entries beyond the answer neighbours are at most as similar as the last one found.
            answerDenseFloor = ad.isEmpty() ? 0 : ad.get(ad.size() - 1).score();
        }
        Map<String, Tally> tallies = new LinkedHashMap<>();
        Set<Integer> seenDense = new HashSet<>();
        for (Hit h : dense) {
            seenDense.add(h.doc());
            Tally t = tallies.computeIfAbsent(h.entryId(), id -> new Tally());
            t.cosines.add(h.score());
            if (h.score() > t.cosine) {
                t.cosine = h.score();
                t.densePhrasing = h.phrasing();
            }
        }
        List<Integer> missing = new ArrayList<>();
        for (Hit h : lex) {
            Tally t = tallies.computeIfAbsent(h.entryId(), id -> new Tally());
            if (h.score() > t.bm25) {
                t.bm25 = h.score();
                t.lexicalPhrasing = h.phrasing();
            }
            if (!seenDense.contains(h.doc())) {
                missing.add(h.doc());
            }
        }
        if (!missing.isEmpty()) {
            Map<Integer, Float> cos = s.cosines(queryVector, missing);
            for (Hit h : lex) {
                Float c = cos.get(h.doc());
                if (c != null) {
                    Tally t = tallies.get(h.entryId());
                    t.cosines.add(c);
                    if (c > t.cosine) {
                        t.cosine = c;
                        t.densePhrasing = h.phrasing();
                    }
                }
            }
        }
        Map<String, Overlap> overlaps = withOverlap ? overlaps(s, queryTerms, tallies.keySet()) : Map.of();
        List<Evidence> out = new ArrayList<>(tallies.size());
        float floor = answerDenseFloor;
        tallies.forEach((id, t) -> out.add(new Evidence(id, t.bm25, t.lexicalPhrasing, t.cosine, t.densePhrasing,
                answerLex.getOrDefault(id, 0f), answerDense.getOrDefault(id, floor),
                overlaps.getOrDefault(id, Overlap.NONE).dice(), List.copyOf(t.cosines))));
        return out;
    }

    /**
     * IDF-weighted Dice overlap between the query's terms and each phrasing of the candidate entries,
     * best phrasing per entry. Unlike BM25, which only asks how much of the query a phrasing covers,
     * this also charges the phrasing's own unmatched terms: a generic question should not be answered
     * by an entry about one specific product (SAMSUNG PAY, iTunes) the customer never mentioned.
     */
    private Map<String, Overlap> overlaps(LuceneEntryIndex.Snapshot s, List<String> queryTerms,
                                          Collection<String> entryIds) {
        Map<String, Overlap> out = new HashMap<>();
        if (queryTerms.isEmpty()) {
            return out;
        }
        Map<String, Double> idfCache = new HashMap<>();
        int numDocs = Math.max(1, s.documents());
        ToDoubleFunction<String> idf = t -> idfCache.computeIfAbsent(t, term -> {
            int df = s.phrasingFrequency(term);
            return Math.log(1 + (numDocs - df + 0.5) / (df + 0.5));
        });
        Set<String> q = new HashSet<>(queryTerms);
        double qMass = 0;
        for (String t : q) {
            qMass += idf.applyAsDouble(t);
        }
        for (String id : entryIds) {
            Entry e = index.served(id);
            if (e == null) {
                continue;
            }
            List<String> phrasings = e.phrasings();
            float best = 0;
            int bestIdx = -1;
            for (int i = 0; i < phrasings.size(); i++) {
                Set<String> p = new HashSet<>(ChineseAnalyzers.tokens(index.analyzer(), phrasings.get(i)));
                double pMass = 0;
                double common = 0;
                for (String t : p) {
                    double w = idf.applyAsDouble(t);
                    pMass += w;
                    if (q.contains(t)) {
                        common += w;
                    }
                }
                float dice = (float) (qMass + pMass == 0 ? 0 : 2 * common / (qMass + pMass));
                if (dice > best) {
                    best = dice;
                    bestIdx = i;
                }
            }
            out.put(id, new Overlap(best, bestIdx));
        }
        return out;
    }

    /**
     * Dense evidence per answer from all its matching phrasings, not just the best one: a soft
     * maximum (log-sum-exp at a low temperature), so an answer whose several variants all resemble
     * the query beats one that has a single close phrasing. Equals the best cosine when only one
     * phrasing matched, and plain max when the temperature is 0.
     */
    private Map<String, Double> aggregateDense(List<Evidence> signals) {
        double tau = settings.aggregationTemperature();
        Map<String, Double> sums = new java.util.HashMap<>();
        Map<String, Double> max = new java.util.HashMap<>();
        for (Evidence s : signals) {
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

    private static Map<String, Integer> rank(List<Evidence> signals, Comparator<Evidence> order) {
        List<Evidence> sorted = new ArrayList<>(signals);
        sorted.sort(order);
        Map<String, Integer> out = new LinkedHashMap<>();
        for (int i = 0; i < sorted.size(); i++) {
            out.put(sorted.get(i).entryId(), i + 1);
        }
        return out;
    }
}
