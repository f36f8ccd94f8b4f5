package com.wecomassist.kb.search.lucene;

import com.wecomassist.kb.entry.Entry;
import com.wecomassist.kb.entry.EntryChange;
import com.wecomassist.kb.search.ChineseAnalysis;
import com.wecomassist.kb.search.UnitVectors;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * The Lucene side of the knowledge base: one Lucene document per phrasing (standard question or
 * variant) of every served entry, carrying the analysed text for BM25 and the phrasing's
 * embedding in an HNSW vector field, so every phrasing is matched on its own and results are
 * aggregated per entry afterwards.
 *
 * <p>Only entries that are published are indexed; validity windows are checked on the hits at
 * query time against the served entry, so an entry expires on the minute without a re-index.
 *
 * <p>Changes are applied through {@link #apply(Collection)}: idempotent per entry version and
 * visible to searches as soon as the call returns (near-real-time reader refresh, no rebuild).
 * Thread-safe: writes are serialised, searches run concurrently on refreshed snapshots.
 *
 * <p>The index indexes and searches, nothing more: {@link #search} hands out one consistent
 * {@link Snapshot} on which phrasings and answers are found by terms or by vector; how that evidence
 * is aggregated per entry, fused and scored is {@link com.wecomassist.kb.search.HybridRetriever}'s.
 */
public final class LuceneEntryIndex implements AutoCloseable {

    static final String F_ENTRY = "entryId";
    static final String F_PHRASING = "phrasing";
    static final String F_VERSION = "version";
    static final String F_TEXT = "text";
    static final String F_VECTOR = "vector";
    static final String F_ANSWER_TEXT = "answerText";
    static final String F_ANSWER_VECTOR = "answerVector";
    /** Phrasing number of the one document per entry that carries the answer text. */
    static final int ANSWER_DOC = -1;
    /** Answers are embedded from their opening: it states the point, and inference cost grows with length. */
    public static final int ANSWER_EMBED_CHARS = 256;
    /** Query terms in more than this share of the phrasings are left out of BM25 (see {@code lexical}). */
    static final double MAX_DOC_FREQ_RATIO = 0.2;
    /** Below this many phrasings pruning is pointless: every search is cheap. */
    static final int MIN_DOCS_FOR_PRUNING = 5_000;
    /** Commit data naming how the stored vectors were made (model, document prefix, answers or not). */
    static final String COMMIT_VECTORS = "vectors";

    /**
     * A document that matched: which entry and phrasing it is ({@link #ANSWER_DOC} for the answer
     * document), its document number in the snapshot, and its score (BM25 for a search by terms,
     * the cosine for a search by vector).
     */
    public record Hit(String entryId, int phrasing, int doc, float score) {
    }

    /**
     * A stretch of time in which no served entry starts or stops being valid: every search of one
     * {@link #generation()} at any instant in it finds the same entries. {@code from} inclusive,
     * {@code until} exclusive; null for no bound.
     */
    public record ValidityWindow(Instant from, Instant until) {

        public boolean contains(Instant t) {
            return (from == null || !t.isBefore(from)) && (until == null || t.isBefore(until));
        }
    }

    private final Directory directory;
    private final Analyzer analyzer;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final EmbeddingModel embeddings;
    private final String documentPrefix;
    private final boolean indexAnswers;
    private final Map<String, Entry> served = new ConcurrentHashMap<>();
    /** Highest version applied per entry, including deletions, so stale changes are ignored. */
    private final Map<String, Long> appliedVersions = new ConcurrentHashMap<>();
    /** Which entry and phrasing each document is, read once per segment instead of once per hit. */
    private final PhrasingDocs phrasingDocs = new PhrasingDocs();
    /** Whether the index on disk held vectors of another model and was emptied to be rebuilt. */
    private final boolean emptiedForOtherVectors;
    /** Counts the changes searches can see (documents, served entries, merges): odd while one is being made. */
    private final AtomicLong generation = new AtomicLong();
    /** The instants at which a served entry starts or stops being valid, and the generation they are of. */
    private volatile Boundaries validityBoundaries;

    private record Boundaries(long generation, NavigableSet<Instant> instants) {
    }

    private LuceneEntryIndex(Directory directory, ChineseAnalysis analysis, EmbeddingModel embeddings,
            String documentPrefix, boolean indexAnswers) {
        this.indexAnswers = indexAnswers;
        this.directory = directory;
        this.analyzer = ChineseAnalyzers.create(analysis);
        this.embeddings = embeddings;
        this.documentPrefix = documentPrefix == null ? "" : documentPrefix;
        try {
            IndexWriterConfig config = new IndexWriterConfig(analyzer);
            config.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
            config.setRAMBufferSizeMB(64);
            this.writer = new IndexWriter(directory, config);
            this.emptiedForOtherVectors = dropVectorsOfAnotherModel();
            this.searchers = new SearcherManager(writer, null);
            loadAppliedVersions();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the search index", e);
        }
    }

    /** An index on local disk (memory-mapped), reopened with its content when it exists. */
    public static LuceneEntryIndex onDisk(Path dir, ChineseAnalysis analysis, EmbeddingModel embeddings,
            String documentPrefix, boolean indexAnswers) {
        try {
            return new LuceneEntryIndex(FSDirectory.open(dir), analysis, embeddings, documentPrefix, indexAnswers);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open index directory " + dir, e);
        }
    }

    /** An index held on the heap (tests, evaluation runs). */
    public static LuceneEntryIndex inMemory(ChineseAnalysis analysis, EmbeddingModel embeddings,
            String documentPrefix, boolean indexAnswers) {
        return new LuceneEntryIndex(new ByteBuffersDirectory(), analysis, embeddings, documentPrefix, indexAnswers);
    }

    public Analyzer analyzer() {
        return analyzer;
    }

    /**
     * Vectors of different models (or of the same model fed differently) are not comparable: an
     * index written with other vectors is emptied here, and the knowledge base re-indexes every
     * entry from its journal. Returns whether that happened. Every later commit records what the
     * vectors are now.
     */
    private boolean dropVectorsOfAnotherModel() throws IOException {
        String current = embeddings.modelName() + "|prefix=" + documentPrefix + "|answers=" + indexAnswers;
        String stored = null;
        for (Map.Entry<String, String> e : writer.getLiveCommitData()) {
            if (COMMIT_VECTORS.equals(e.getKey())) {
                stored = e.getValue();
            }
        }
        boolean other = writer.getDocStats().maxDoc > 0 && !current.equals(stored);
        if (other) {
            writer.deleteAll();
        }
        writer.setLiveCommitData(Map.of(COMMIT_VECTORS, current).entrySet());
        return other;
    }

    /** Whether opening found vectors of another model and emptied the index for a rebuild. */
    public boolean emptiedForOtherVectors() {
        return emptiedForOtherVectors;
    }

    /** Entry versions held by the index (after a restart, before entries are re-attached). */
    public Map<String, Long> indexedVersions() {
        Map<String, Long> out = new HashMap<>();
        appliedVersions.forEach((id, v) -> {
            if (v > 0) {
                out.put(id, v);
            }
        });
        return out;
    }

    /**
     * Takes on another index's applied versions, deletions included, so a change not newer than what
     * that index had applied is ignored here too (an index built from its served entries knows no
     * deletions of its own).
     */
    public void adoptAppliedVersions(LuceneEntryIndex other) {
        other.appliedVersions.forEach((id, v) -> appliedVersions.merge(id, v, Math::max));
    }

    /**
     * Re-attaches entry content to documents that survived a restart, without re-embedding: the
     * index stores vectors and text, the store holds the entries.
     */
    public synchronized void attach(Entry entry) {
        changing();
        served.put(entry.id(), entry);
        changed();
    }

    /**
     * What searches can see, as a number that grows with every change, odd while a change is being
     * made (it is raised once before and once after): two searches of the same query that read the
     * same even generation before and after searching, at instants in one {@link #validityWindow},
     * find the same hits.
     */
    public long generation() {
        return generation.get();
    }

    /** The stretch around {@code now} in which no served entry starts or stops being valid. */
    public ValidityWindow validityWindow(Instant now) {
        long current = generation.get();
        Boundaries known = validityBoundaries;
        if (known == null || known.generation() != current) {
            // tagged with the generation read before the entries: one computed during or across a change
            // is never reused
            NavigableSet<Instant> instants = new TreeSet<>();
            for (Entry e : served.values()) {
                if (e.effectiveFrom() != null) {
                    instants.add(e.effectiveFrom());
                }
                if (e.effectiveTo() != null) {
                    instants.add(e.effectiveTo());
                }
            }
            known = new Boundaries(current, instants);
            if (current % 2 == 0) {
                validityBoundaries = known;
            }
        }
        return new ValidityWindow(known.instants().floor(now), known.instants().higher(now));
    }

    /** Before a change becomes visible to searches (the generation turns odd). Under this object's lock. */
    private void changing() {
        generation.incrementAndGet();
    }

    /** After a change is fully visible (the generation turns even again). Under this object's lock. */
    private void changed() {
        generation.incrementAndGet();
    }

    /** The served entry with this id, if it is indexed. */
    public Entry served(String entryId) {
        return served.get(entryId);
    }

    public int servedCount() {
        return served.size();
    }

    public Collection<Entry> servedEntries() {
        return served.values();
    }

    /**
     * Applies changes: upserts replace all phrasing documents of an entry, deletes remove them.
     * Changes not newer than what is applied are skipped. Returns how many were applied.
     */
    public synchronized int apply(Collection<EntryChange> changes) {
        Map<String, EntryChange> latest = new java.util.LinkedHashMap<>();
        for (EntryChange c : changes) {
            long applied = appliedVersions.getOrDefault(c.entryId(), 0L);
            EntryChange pending = latest.get(c.entryId());
            if (c.version() > applied && (pending == null || c.version() > pending.version())) {
                latest.put(c.entryId(), c);
            }
        }
        if (latest.isEmpty()) {
            return 0;
        }
        List<String> texts = new ArrayList<>();
        for (EntryChange c : latest.values()) {
            if (!c.isDelete()) {
                texts.addAll(c.entry().phrasings());
                if (indexAnswers) {
                    String a = c.entry().answer();
                    texts.add(a.length() > ANSWER_EMBED_CHARS ? a.substring(0, ANSWER_EMBED_CHARS) : a);
                }
            }
        }
        List<float[]> vectors = embed(texts);
        changing();
        try {
            int v = 0;
            for (EntryChange c : latest.values()) {
                Term key = new Term(F_ENTRY, c.entryId());
                if (c.isDelete()) {
                    writer.deleteDocuments(key);
                } else {
                    Entry e = c.entry();
                    List<String> phrasings = e.phrasings();
                    List<Document> docs = new ArrayList<>(phrasings.size());
                    for (int p = 0; p < phrasings.size(); p++) {
                        docs.add(document(e, p, phrasings.get(p), vectors.get(v++)));
                    }
                    if (indexAnswers) {
                        docs.add(answerDocument(e, vectors.get(v++)));
                    }
                    writer.updateDocuments(key, docs);
                }
            }
            searchers.maybeRefreshBlocking();
            for (EntryChange c : latest.values()) {
                appliedVersions.put(c.entryId(), c.version());
                if (c.isDelete()) {
                    served.remove(c.entryId());
                } else {
                    served.put(c.entryId(), c.entry());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update the search index", e);
        } finally {
            changed();
        }
        return latest.size();
    }

    /**
     * Merges the index into one segment. Worth calling after a bulk import: vector search visits
     * one graph per segment, so a fragmented index answers more slowly.
     */
    public synchronized void compact() {
        // a merged segment has a new vector graph: approximate neighbours may differ
        changing();
        try {
            writer.forceMerge(1);
            writer.commit();
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compact the search index", e);
        } finally {
            changed();
        }
    }

    /** Makes the index durable on disk; the store can always rebuild what a crash loses. */
    public synchronized void commit() {
        try {
            writer.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit the search index", e);
        }
    }

    private Document document(Entry e, int phrasing, String text, float[] vector) {
        Document d = new Document();
        d.add(new StringField(F_ENTRY, e.id(), Field.Store.YES));
        d.add(new StoredField(F_PHRASING, phrasing));
        d.add(new StoredField(F_VERSION, e.version()));
        d.add(new TextField(F_TEXT, text, Field.Store.NO));
        d.add(new KnnFloatVectorField(F_VECTOR, vector, VectorSimilarityFunction.DOT_PRODUCT));
        return d;
    }

    private Document answerDocument(Entry e, float[] vector) {
        Document d = new Document();
        d.add(new StringField(F_ENTRY, e.id(), Field.Store.YES));
        d.add(new StoredField(F_PHRASING, ANSWER_DOC));
        d.add(new StoredField(F_VERSION, e.version()));
        d.add(new TextField(F_ANSWER_TEXT, e.answer(), Field.Store.NO));
        d.add(new KnnFloatVectorField(F_ANSWER_VECTOR, vector, VectorSimilarityFunction.DOT_PRODUCT));
        return d;
    }

    /** Embeds phrasings as documents (no query instruction), L2-normalised for dot-product search. */
    public List<float[]> embed(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        int batch = 256;
        for (int i = 0; i < texts.size(); i += batch) {
            List<TextSegment> segs = texts.subList(i, Math.min(texts.size(), i + batch)).stream()
                    .map(t -> TextSegment.from(documentPrefix + t)).toList();
            for (Embedding emb : embeddings.embedAll(segs).content()) {
                out.add(UnitVectors.of(emb.vector()));
            }
        }
        return out;
    }

    /**
     * BM25 over the analysed phrasings: the query's distinct terms as optional clauses. Validity is
     * checked on the hits, not as a Lucene filter: a filter clause turns the top-k search into a
     * conjunction that scores every document containing any query term (block-max WAND can no longer
     * skip), which at 100k entries costs tens of milliseconds for common terms.
     */
    List<Hit> lexical(IndexSearcher s, String field, List<String> queryTerms, int n, Instant now) {
        if (queryTerms.isEmpty()) {
            return List.of();
        }
        BooleanQuery.Builder terms = new BooleanQuery.Builder();
        int clauses = 0;
        try {
            // Terms found in most phrasings (a frequent character in a large KB) add almost nothing to
            // BM25 (idf < 0.7) but make the top-k search visit most of the index: leave them out.
            int docs = s.getIndexReader().getDocCount(field);
            for (String t : new LinkedHashSet<>(queryTerms)) {
                Term term = new Term(field, t);
                if (docs >= MIN_DOCS_FOR_PRUNING && s.getIndexReader().docFreq(term) > docs * MAX_DOC_FREQ_RATIO) {
                    continue;
                }
                terms.add(new TermQuery(term), BooleanClause.Occur.SHOULD);
                clauses++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (clauses == 0) {
            return List.of();
        }
        List<Hit> hits = run(s, terms.build(), n);
        List<Hit> out = new ArrayList<>(hits.size());
        for (Hit h : hits) {
            Entry e = served.get(h.entryId());
            if (e != null && e.isValidAt(now)) {
                out.add(h);
            }
        }
        return out;
    }

    /** Nearest phrasings by cosine similarity (HNSW); scores are returned as cosine in [-1, 1]. */
    List<Hit> dense(IndexSearcher s, String field, float[] queryVector, int n, Instant now) {
        // Validity is checked after the graph search rather than as a Lucene filter: a filtered
        // vector query first materialises the filter over every document, which costs more at 100k
        // entries than the whole graph search, and entries with a validity window are a minority.
        Query q = new KnnFloatVectorQuery(field, queryVector, n);
        List<Hit> hits = run(s, q, n);
        List<Hit> out = new ArrayList<>(hits.size());
        for (Hit h : hits) {
            Entry e = served.get(h.entryId());
            if (e == null || !e.isValidAt(now)) {
                continue;
            }
            // Lucene maps a dot product d to (1 + d) / 2; undo that to get the cosine back.
            out.add(new Hit(h.entryId(), h.phrasing(), h.doc(), 2 * h.score() - 1));
        }
        return out;
    }

    /** Exact cosine between the query vector and the given phrasing documents (same snapshot as the hits). */
    Map<Integer, Float> cosines(IndexSearcher s, float[] queryVector, Collection<Integer> docs) {
        Map<Integer, Float> out = new HashMap<>();
        if (docs.isEmpty()) {
            return out;
        }
        try {
            List<Integer> sorted = new ArrayList<>(docs);
            java.util.Collections.sort(sorted);
            List<LeafReaderContext> leaves = s.getIndexReader().leaves();
            int leafIdx = -1;
            FloatVectorValues values = null;
            LeafReaderContext leaf = null;
            for (int doc : sorted) {
                int li = ReaderUtil.subIndex(doc, leaves);
                if (li != leafIdx) {
                    leafIdx = li;
                    leaf = leaves.get(li);
                    values = leaf.reader().getFloatVectorValues(F_VECTOR);
                }
                if (values == null) {
                    continue;
                }
                int local = doc - leaf.docBase;
                if (values.docID() < local) {
                    values.advance(local);
                }
                if (values.docID() == local) {
                    float[] v = values.vectorValue();
                    float dot = 0;
                    for (int i = 0; i < v.length; i++) {
                        dot += v[i] * queryVector[i];
                    }
                    out.put(doc, dot);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private List<Hit> run(IndexSearcher s, Query q, int n) {
        try {
            TopDocs top = s.search(q, n);
            List<LeafReaderContext> leaves = s.getIndexReader().leaves();
            List<Hit> hits = new ArrayList<>(top.scoreDocs.length);
            for (ScoreDoc sd : top.scoreDocs) {
                LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(sd.doc, leaves));
                PhrasingDocs.Ref ref = phrasingDocs.of(leaf, sd.doc - leaf.docBase);
                hits.add(new Hit(ref.entryId(), ref.phrasing(), sd.doc, sd.score));
            }
            return hits;
        } catch (IOException e) {
            throw new UncheckedIOException("search failed", e);
        }
    }

    /**
     * Runs {@code work} on one searcher snapshot: every search it makes sees the same documents, so
     * hits of different searches can be joined by document number. The snapshot is valid only
     * inside {@code work}.
     */
    public <T> T search(java.util.function.Function<Snapshot, T> work) {
        IndexSearcher s = acquire();
        try {
            return work.apply(new Snapshot(s));
        } finally {
            release(s);
        }
    }

    /**
     * One consistent view of the index for one query. Searches return only hits of entries served
     * and valid at the given instant.
     */
    public final class Snapshot {

        private final IndexSearcher searcher;

        private Snapshot(IndexSearcher searcher) {
            this.searcher = searcher;
        }

        /** Up to {@code n} phrasings by BM25 on the query's terms. */
        public List<Hit> phrasingsByTerms(List<String> terms, int n, Instant now) {
            return lexical(searcher, F_TEXT, terms, n, now);
        }

        /** Up to {@code n} nearest phrasings to the (unit) query vector; scores are cosines. */
        public List<Hit> phrasingsByVector(float[] vector, int n, Instant now) {
            return dense(searcher, F_VECTOR, vector, n, now);
        }

        /** Whether answers have documents of their own (see {@code SearchSettings.matchesAnswers}). */
        public boolean answersIndexed() {
            return indexAnswers;
        }

        /** Up to {@code n} answer documents by BM25 on the query's terms; none when answers are not indexed. */
        public List<Hit> answersByTerms(List<String> terms, int n, Instant now) {
            return indexAnswers ? lexical(searcher, F_ANSWER_TEXT, terms, n, now) : List.of();
        }

        /** Up to {@code n} nearest answers to the (unit) query vector; none when answers are not indexed. */
        public List<Hit> answersByVector(float[] vector, int n, Instant now) {
            return indexAnswers ? dense(searcher, F_ANSWER_VECTOR, vector, n, now) : List.of();
        }

        /** Exact cosine between the query vector and these phrasing documents (numbers of this snapshot). */
        public Map<Integer, Float> cosines(float[] vector, Collection<Integer> docs) {
            return LuceneEntryIndex.this.cosines(searcher, vector, docs);
        }

        /** How many phrasing documents contain the term (analysed form). */
        public int phrasingFrequency(String term) {
            try {
                return searcher.getIndexReader().docFreq(new Term(F_TEXT, term));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Live documents in the snapshot. */
        public int documents() {
            return searcher.getIndexReader().numDocs();
        }
    }

    private IndexSearcher acquire() {
        try {
            return searchers.acquire();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void release(IndexSearcher s) {
        try {
            searchers.release(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void loadAppliedVersions() throws IOException {
        try (DirectoryReader r = DirectoryReader.open(writer)) {
            IndexSearcher s = new IndexSearcher(r);
            StoredFields fields = s.storedFields();
            TopDocs all = s.search(new MatchAllDocsQuery(), Math.max(1, r.maxDoc()));
            for (ScoreDoc sd : all.scoreDocs) {
                Document d = fields.document(sd.doc, Set.of(F_ENTRY, F_VERSION, F_PHRASING));
                if (d.getField(F_PHRASING).numericValue().intValue() == 0) {
                    appliedVersions.merge(d.get(F_ENTRY), d.getField(F_VERSION).numericValue().longValue(), Math::max);
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        try {
            searchers.close();
            writer.close();
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
