package com.wecomassist.kb.search;

import com.wecomassist.kb.search.lucene.LuceneEntryIndex.ValidityWindow;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Remembers what the most recent distinct queries found, so a question asked again skips the index
 * (BM25, the HNSW graph, the ranking): most of what customers of a bank write are the same few dozen
 * questions, and retrieval of a remembered query embedding still costs about as much as the embedding
 * did (profiled under load). A result is reused only while nothing a search can see has changed: the
 * same index generation (no entry published, archived or re-attached, no merge) and an instant in the
 * same validity window (no entry started or stopped being valid) — then the search would find
 * exactly the same answers with the same scores.
 *
 * <p>Keyed by the query as searched (stripped) and the number of answers asked for; like
 * {@link RecentQueryEmbeddings} it keeps each query's SHA-256, never the text, and the results are
 * kept without the query.
 */
final class RecentSearchResults {

    /** A query as remembered: its digest and how many answers were asked for. */
    record Key(String queryDigest, int k) {

        static Key of(String strippedQuery, int k) {
            return new Key(RecentQueryEmbeddings.digest(strippedQuery), k);
        }
    }

    /** A result as found in one generation of the index, usable in that window. */
    private record Found(long generation, ValidityWindow window, SearchResult result) {
    }

    private final int capacity;
    private final Map<Key, Found> recent;
    private final LongAdder hits;
    private final LongAdder misses;

    /** @param capacity how many distinct queries are remembered (least recently used go first); at least 1 */
    RecentSearchResults(int capacity) {
        this(capacity, new LongAdder(), new LongAdder());
    }

    private RecentSearchResults(int capacity, LongAdder hits, LongAdder misses) {
        this.hits = hits;
        this.misses = misses;
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        this.capacity = capacity;
        this.recent = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Found> eldest) {
                return size() > RecentSearchResults.this.capacity;
            }
        };
    }

    /**
     * The remembered result, found in {@code generation} with {@code now} in its window; null when
     * there is none (counted as a miss).
     */
    SearchResult find(Key key, long generation, Instant now) {
        Found found;
        synchronized (recent) {
            found = recent.get(key);
        }
        if (found != null && found.generation() == generation && found.window().contains(now)) {
            hits.increment();
            return found.result();
        }
        misses.increment();
        return null;
    }

    /**
     * Remembers a result found in {@code generation} (read before the search and again after it:
     * the caller passes it only when both readings were the same even number).
     */
    void remember(Key key, long generation, ValidityWindow window, SearchResult result) {
        Found found = new Found(generation, window, new SearchResult(null, result.ranked(), result.confidence(),
                result.menuConfidence(), result.features(), result.tookNanos()));
        synchronized (recent) {
            recent.put(key, found);
        }
    }

    /**
     * An empty memory of the same capacity that goes on counting where this one stopped (the counts are
     * published as monotonic counters): for when every remembered result became stale at once.
     */
    RecentSearchResults emptied() {
        return new RecentSearchResults(capacity, hits, misses);
    }

    long hits() {
        return hits.sum();
    }

    long misses() {
        return misses.sum();
    }

    int size() {
        synchronized (recent) {
            return recent.size();
        }
    }
}
