package com.wecomassist.kb;

import com.wecomassist.kb.entry.CurationException;
import com.wecomassist.kb.entry.Entry;
import com.wecomassist.kb.entry.EntryChange;
import com.wecomassist.kb.entry.EntryStatus;
import com.wecomassist.kb.search.HybridRetriever;
import com.wecomassist.kb.search.MappedEmbeddingModel;
import com.wecomassist.kb.search.QueryAdapter;
import com.wecomassist.kb.search.SearchResult;
import com.wecomassist.kb.search.SearchSettings;
import com.wecomassist.kb.search.lucene.LuceneEntryIndex;
import com.wecomassist.kb.store.EntryFiles;
import com.wecomassist.kb.store.EntryStore;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The knowledge base: curated question/answer entries with a lifecycle, searched by hybrid
 * Chinese retrieval with a calibrated confidence.
 *
 * <ul>
 *   <li><b>Search</b> — {@link #search(String, int)} returns the best distinct answers among
 *       entries that are published and inside their validity window, and a confidence for the first.</li>
 *   <li><b>Curation</b> — {@link #create}, {@link #update}, {@link #submitForReview}, {@link #publish},
 *       {@link #archive}: every call saves a new version with its editor and time. A published entry
 *       keeps answering while its next version is drafted and reviewed.</li>
 *   <li><b>Replication</b> — every change to what is served is passed to listeners as an
 *       {@link EntryChange}; another instance applies it with {@link #apply(EntryChange)},
 *       idempotently by version (e.g. from a compacted Kafka topic).</li>
 *   <li><b>Files</b> — {@link #importFile} (all rows or none) and {@link #exportFile}, JSONL or CSV.</li>
 * </ul>
 *
 * <p>Durability: {@link #open} keeps an append-only journal of every version and a Lucene index
 * under one directory; the index is reconciled with the journal on open (deleting it rebuilds it).
 * Edits are searchable as soon as the call returns. All methods are synchronous and thread-safe;
 * search blocks on Lucene and ONNX, so reactive callers use a bounded scheduler.
 */
public final class KnowledgeBase implements AutoCloseable {

    /** The file of a durable knowledge base that holds every version of every entry. */
    private static final String JOURNAL = "entries.journal";

    private final EntryStore store;
    /** Where the journal and index live; null in memory. */
    private final Path dir;
    /** The model as given, unmapped: queries are embedded with it (through the shared map in use). */
    private final EmbeddingModel embeddings;
    private final Clock clock;
    private final List<Consumer<EntryChange>> listeners = new CopyOnWriteArrayList<>();
    /** The index searched now, its retriever and the shared map its vectors went through: swapped as one. */
    private volatile Serving serving;
    /**
     * Searches hold it shared; a swap takes it exclusively once, after publishing the new index, to wait
     * for the searches still reading the old one before closing it.
     */
    private final ReentrantReadWriteLock retiring = new ReentrantReadWriteLock();
    /** One shared-map swap at a time. */
    private final Object swapping = new Object();
    /** Why the shared map stored with the knowledge base was not used on open; null when nothing to say. */
    private final String sharedMapNotice;
    private volatile boolean closed;
    /** Remembered-results capacity and counts of retired retrievers: they carry over a swap. */
    private volatile int rememberCapacity;
    private final AtomicLong retiredRemembered = new AtomicLong();
    private final AtomicLong retiredSearched = new AtomicLong();

    private record Serving(LuceneEntryIndex index, HybridRetriever retriever, QueryAdapter sharedMap) {
    }

    private KnowledgeBase(EntryStore store, Path dir, LuceneEntryIndex index, EmbeddingModel embeddings,
                          QueryAdapter sharedMap, String sharedMapNotice, SearchSettings settings, Clock clock) {
        this.store = store;
        this.dir = dir;
        this.embeddings = embeddings;
        this.serving = new Serving(index, new HybridRetriever(index, mapped(embeddings, sharedMap), settings), sharedMap);
        this.sharedMapNotice = sharedMapNotice;
        this.clock = clock;
    }

    private static EmbeddingModel mapped(EmbeddingModel model, QueryAdapter sharedMap) {
        return sharedMap.isIdentity() ? model : new MappedEmbeddingModel(model, sharedMap);
    }

    /**
     * Opens (or creates) a durable knowledge base in {@code dir}: {@code entries.journal} holds every
     * version, {@code index/} the search index, which is brought in line with the journal here. A shared
     * map stored by {@link #useSharedMap} is used again, with the index of its vectors
     * ({@code index-<fingerprint>/}); one that cannot be read leaves the identity ({@link #sharedMapNotice}).
     */
    public static KnowledgeBase open(Path dir, EmbeddingModel embeddings, SearchSettings settings, Clock clock) {
        EntryStore store = EntryStore.open(dir.resolve(JOURNAL));
        SharedMapFile.Stored stored = SharedMapFile.read(dir, embeddings.modelName());
        Path indexDir = SharedMapFile.indexDir(dir, stored.map());
        SharedMapFile.removeOtherIndexes(dir, indexDir);
        LuceneEntryIndex index = LuceneEntryIndex.onDisk(indexDir, settings.analysis(),
                mapped(embeddings, stored.map()), "", settings.matchesAnswers());
        KnowledgeBase kb = new KnowledgeBase(store, dir, index, embeddings, stored.map(), stored.notice(), settings,
                clock);
        kb.reconcile();
        return kb;
    }

    /** Whether {@code dir} holds a durable knowledge base ({@link #open} made it): its journal is there. */
    public static boolean existsIn(Path dir) {
        return Files.isRegularFile(dir.resolve(JOURNAL));
    }

    /** A knowledge base held in memory only (tests, evaluation runs, benchmarks). */
    public static KnowledgeBase inMemory(EmbeddingModel embeddings, SearchSettings settings, Clock clock) {
        return new KnowledgeBase(EntryStore.inMemory(), null,
                LuceneEntryIndex.inMemory(settings.analysis(), embeddings, "", settings.matchesAnswers()),
                embeddings, QueryAdapter.identity(), null, settings, clock);
    }

    /** Brings the index in line with the journal: re-indexes what differs, re-attaches the rest. */
    private synchronized void reconcile() {
        LuceneEntryIndex index = serving.index();
        Map<String, Long> indexed = index.indexedVersions();
        List<EntryChange> changes = new ArrayList<>();
        for (Entry live : store.liveAll()) {
            Long v = indexed.remove(live.id());
            if (v != null && v == live.version()) {
                index.attach(live);
            } else {
                changes.add(EntryChange.upsert(live));
            }
        }
        for (Map.Entry<String, Long> stale : indexed.entrySet()) {
            long latest = store.get(stale.getKey()).map(s -> s.latest().version()).orElse(stale.getValue() + 1);
            changes.add(EntryChange.delete(stale.getKey(), Math.max(latest, stale.getValue() + 1)));
        }
        index.apply(changes);
        index.commit();
    }

    // ---------------------------------------------------------------- search

    /** The best {@code k} distinct answers served now, with a calibrated confidence for the first. */
    public SearchResult search(String query, int k) {
        Lock shared = retiring.readLock();
        shared.lock();
        try {
            return serving.retriever().search(query, k, clock.instant());
        } finally {
            shared.unlock();
        }
    }

    /**
     * Remembers the results of the {@code capacity} most recent distinct queries (0: none, the
     * default), reused while no entry changed and none started or stopped being valid, so they are
     * the results a search would find; see {@link HybridRetriever#rememberRecentResults}.
     */
    public synchronized void rememberRecentResults(int capacity) {
        rememberCapacity = capacity;
        serving.retriever().rememberRecentResults(capacity);
    }

    /** Queries answered from remembered results since they are remembered. */
    public long rememberedResults() {
        return retiredRemembered.get() + serving.retriever().rememberedResults();
    }

    /** Queries searched in the index while results are remembered. */
    public long searchedResults() {
        return retiredSearched.get() + serving.retriever().searchedResults();
    }

    /** The entry currently served under this id (published and indexed), if any. */
    public Optional<Entry> served(String id) {
        return Optional.ofNullable(serving.index().served(id));
    }

    public SearchSettings settings() {
        return serving.retriever().settings();
    }

    /**
     * From now on, searches apply {@code adapter} to the queries' embeddings (one fitted on these
     * entries' vectors: see {@link QueryAdapter#requireModel}); remembered results are forgotten, as
     * they were found with the previous map. Safe while searches run.
     */
    public synchronized void useQueryAdapter(QueryAdapter adapter) {
        serving.retriever().useQueryAdapter(adapter);
    }

    /** The map applied to the queries' embeddings now. */
    public QueryAdapter queryAdapter() {
        return serving.retriever().queryAdapter();
    }

    /** The shared map the index's vectors and the queries' go through now (the identity: none). */
    public QueryAdapter sharedMap() {
        return serving.sharedMap();
    }

    /**
     * Why {@link #open} did not use the shared map stored with the knowledge base (unreadable, fitted on
     * other vectors) and searches with the identity instead; empty when there was nothing to say.
     */
    public Optional<String> sharedMapNotice() {
        return Optional.ofNullable(sharedMapNotice);
    }

    /**
     * From now on, searches a new index whose phrasing and answer vectors — and the queries' — go through
     * {@code map} (a shared map, {@link QueryAdapter#fitShared}; the identity goes back to plain vectors).
     * The new index is built while searches and edits go on with the current one: its vectors come from
     * {@code rawVectors}, unmapped vectors of the model this knowledge base embeds with — e.g. those the map
     * was just fitted on, remembered, so re-mapping embeds nothing twice; it also embeds what later edits
     * add. Edits made during the build are applied to the new index under the knowledge base's lock, then
     * searches move to it at one instant (the remembered results start afresh: they were found with the
     * old vectors), and the old index is closed once the searches reading it are done. A durable
     * knowledge base stores the map with it, so {@link #open} uses it again. Returns false when
     * {@code map} is already in use (nothing rebuilt).
     */
    public boolean useSharedMap(QueryAdapter map, EmbeddingModel rawVectors) {
        Objects.requireNonNull(map, "map");
        if (!map.isIdentity()) {
            map.requireModel(embeddings.modelName());
        }
        synchronized (swapping) {
            Serving old = serving;
            if (old.sharedMap().fingerprint().equals(map.fingerprint())) {
                return false;
            }
            SearchSettings settings = old.retriever().settings();
            Path indexDir = dir == null ? null : SharedMapFile.indexDir(dir, map);
            if (indexDir != null) {
                SharedMapFile.deleteTree(indexDir); // a build a crash cut short: start clean
            }
            EmbeddingModel documents = mapped(rawVectors, map);
            LuceneEntryIndex next = indexDir == null
                    ? LuceneEntryIndex.inMemory(settings.analysis(), documents, "", settings.matchesAnswers())
                    : LuceneEntryIndex.onDisk(indexDir, settings.analysis(), documents, "", settings.matchesAnswers());
            Serving fresh;
            try {
                next.apply(old.index().servedEntries().stream().map(EntryChange::upsert).toList());
                synchronized (this) {
                    if (closed) {
                        throw new IllegalStateException("the knowledge base was closed during the swap");
                    }
                    catchUp(old.index(), next);
                    next.adoptAppliedVersions(old.index());
                    next.commit();
                    if (dir != null) {
                        SharedMapFile.write(dir, map);
                    }
                    HybridRetriever retriever = new HybridRetriever(next, mapped(embeddings, map),
                            settings.withQueryAdapter(QueryAdapter.identity()));
                    retriever.useQueryAdapter(old.retriever().queryAdapter());
                    if (rememberCapacity > 0) {
                        retriever.rememberRecentResults(rememberCapacity);
                    }
                    fresh = new Serving(next, retriever, map);
                    serving = fresh;
                }
            } catch (RuntimeException e) {
                next.close();
                if (indexDir != null) {
                    SharedMapFile.deleteTree(indexDir);
                }
                throw e;
            }
            retire(old, indexDir);
            return true;
        }
    }

    /** Applies to {@code next} what changed in {@code current} while {@code next} was being built. */
    private static void catchUp(LuceneEntryIndex current, LuceneEntryIndex next) {
        List<EntryChange> changes = new ArrayList<>();
        for (Entry e : current.servedEntries()) {
            Entry there = next.served(e.id());
            if (there == null || there.version() != e.version()) {
                changes.add(EntryChange.upsert(e));
            }
        }
        for (Entry gone : next.servedEntries()) {
            if (current.served(gone.id()) == null) {
                // the version of the deletion itself is adopted with the current index's applied versions
                changes.add(EntryChange.delete(gone.id(), gone.version() + 1));
            }
        }
        next.apply(changes);
    }

    /** Waits for the searches still reading {@code old}'s index, then closes it (and removes its directory). */
    private void retire(Serving old, Path keep) {
        Lock exclusive = retiring.writeLock();
        exclusive.lock();
        exclusive.unlock();
        retiredRemembered.addAndGet(old.retriever().rememberedResults());
        retiredSearched.addAndGet(old.retriever().searchedResults());
        old.index().close();
        if (dir != null) {
            SharedMapFile.removeOtherIndexes(dir, keep);
        }
    }

    /**
     * Whether {@link #open} found an index holding vectors of another embedding model (or of the
     * same model fed differently) and re-indexed every entry from the journal.
     */
    public boolean reindexedForOtherVectors() {
        return serving.index().emptiedForOtherVectors();
    }

    // ---------------------------------------------------------------- curation

    /** Latest saved version of an entry, whatever its status. */
    public Optional<Entry> latest(String id) {
        return store.get(id).map(EntryStore.EntryState::latest);
    }

    /** Every saved version of an entry, oldest first (for audit: "which text did version 7 say?"). */
    public List<Entry> history(String id) {
        return store.get(id).map(EntryStore.EntryState::history).orElse(List.of());
    }

    /** Latest version of every entry, sorted by id. */
    public List<Entry> entries() {
        List<Entry> all = new ArrayList<>(store.latestAll());
        all.sort(Comparator.comparing(Entry::id));
        return all;
    }

    /** Saves a new entry as version 1, in draft. */
    public synchronized Entry create(Entry draft, String editor) {
        Objects.requireNonNull(draft, "draft");
        if (store.get(draft.id()).isPresent()) {
            throw new CurationException(CurationException.Reason.ALREADY_EXISTS, "entry " + draft.id()
                    + " exists already: edit it instead");
        }
        return save(draft.asVersion(1, EntryStatus.DRAFT, editor, clock.instant()));
    }

    /**
     * Saves edited content as a new draft version. {@code expectedVersion} must be the latest saved
     * version, so two editors cannot silently overwrite each other. A published version stays on
     * air until the draft is published.
     */
    public synchronized Entry update(String id, long expectedVersion, UnaryOperator<Entry> edit, String editor) {
        Entry latest = requireLatest(id, expectedVersion);
        // Editing an archived entry brings it back as a draft: allowed, and it stays off air.
        Entry edited = edit.apply(latest);
        if (!edited.id().equals(id)) {
            throw new CurationException("an edit cannot change the entry id");
        }
        return save(edited.asVersion(latest.version() + 1, EntryStatus.DRAFT, editor, clock.instant()));
    }

    /** Moves the latest draft into review. */
    public synchronized Entry submitForReview(String id, long expectedVersion, String editor) {
        Entry latest = requireLatest(id, expectedVersion);
        requireStatus(latest, EntryStatus.DRAFT);
        return save(latest.asVersion(latest.version() + 1, EntryStatus.IN_REVIEW, editor, clock.instant()));
    }

    /**
     * Publishes the version in review: it replaces the served version and is searchable when this
     * returns. Only reviewed content goes on air, so drafts must pass {@link #submitForReview} first.
     */
    public synchronized Entry publish(String id, long expectedVersion, String editor) {
        Entry latest = requireLatest(id, expectedVersion);
        requireStatus(latest, EntryStatus.IN_REVIEW);
        return save(latest.asVersion(latest.version() + 1, EntryStatus.PUBLISHED, editor, clock.instant()));
    }

    /** Takes an entry off air for good (it can be edited back into a draft later). */
    public synchronized Entry archive(String id, long expectedVersion, String editor) {
        Entry latest = requireLatest(id, expectedVersion);
        if (latest.status() == EntryStatus.ARCHIVED) {
            throw new CurationException("entry " + id + " is already archived");
        }
        return save(latest.asVersion(latest.version() + 1, EntryStatus.ARCHIVED, editor, clock.instant()));
    }

    /**
     * What is served and what is in review, read at one instant: what a change set evaluation
     * measures and what {@link #publishChangeSet} checks it against.
     *
     * @param served   the entries on air now, by id
     * @param inReview the latest versions in review, by id: the change set
     */
    public record Review(List<Entry> served, List<Entry> inReview) {

        public Review {
            served = List.copyOf(served);
            inReview = List.copyOf(inReview);
        }

        /** The change set as {@code id@version}. */
        public List<String> inReviewKeys() {
            return keys(inReview);
        }

        /** What is served as {@code id@version}: the baseline an evaluation measured. */
        public List<String> servedKeys() {
            return keys(served);
        }

        private static List<String> keys(List<Entry> entries) {
            return entries.stream().map(e -> e.id() + "@" + e.version()).toList();
        }
    }

    /** What is served and what is in review now, in one consistent read. */
    public synchronized Review review() {
        List<Entry> served = new ArrayList<>();
        List<Entry> inReview = new ArrayList<>();
        for (Entry latest : entries()) {
            served(latest.id()).ifPresent(served::add);
            if (latest.status() == EntryStatus.IN_REVIEW) {
                inReview.add(latest);
            }
        }
        return new Review(served, inReview);
    }

    /**
     * Publishes every entry in review at once, provided the knowledge base is still as it was
     * {@code evaluated}: the same entries in review at the same versions and the same served
     * baseline. Checked and written under the knowledge base's lock, so no other edit slips in
     * between, and written as one batch. Returns the published versions.
     *
     * @throws ChangeSetMovedException when the entries in review or what is served changed
     */
    public synchronized List<Entry> publishChangeSet(Review evaluated, String editor) {
        Review now = review();
        if (!now.inReviewKeys().equals(evaluated.inReviewKeys())) {
            throw new ChangeSetMovedException(false, now.inReviewKeys(), evaluated.inReviewKeys());
        }
        if (!now.servedKeys().equals(evaluated.servedKeys())) {
            throw new ChangeSetMovedException(true, now.inReviewKeys(), evaluated.inReviewKeys());
        }
        Instant at = clock.instant();
        List<Entry> versions = now.inReview().stream()
                .map(e -> e.asVersion(e.version() + 1, EntryStatus.PUBLISHED, editor, at))
                .toList();
        saveAll(versions);
        return versions;
    }

    private Entry requireLatest(String id, long expectedVersion) {
        Entry latest = latest(id).orElseThrow(() -> new CurationException(CurationException.Reason.UNKNOWN_ENTRY,
                "no entry " + id));
        if (latest.version() != expectedVersion) {
            throw new CurationException(CurationException.Reason.STALE_VERSION, "entry " + id + " is at version "
                    + latest.version() + ", not " + expectedVersion + ": it was saved after you loaded it; reload it "
                    + "and edit again");
        }
        return latest;
    }

    private static void requireStatus(Entry e, EntryStatus required) {
        if (e.status() != required) {
            throw new CurationException("entry " + e.id() + " is " + e.status().fileName() + ", must be "
                    + required.fileName());
        }
    }

    private Entry save(Entry version) {
        saveAll(List.of(version));
        return version;
    }

    /** Journal first (the record), then the index and listeners (derived views). */
    private void saveAll(List<Entry> versions) {
        store.append(versions);
        LuceneEntryIndex index = serving.index();
        List<EntryChange> changes = new ArrayList<>();
        for (Entry v : versions) {
            Entry live = store.get(v.id()).map(EntryStore.EntryState::live).orElse(null);
            Entry indexed = index.served(v.id());
            if (live != null && (indexed == null || indexed.version() != live.version())) {
                changes.add(EntryChange.upsert(live));
            } else if (live == null && (indexed != null || v.status() == EntryStatus.ARCHIVED)) {
                changes.add(EntryChange.delete(v.id(), v.version()));
            }
        }
        index.apply(changes);
        for (EntryChange c : changes) {
            for (Consumer<EntryChange> l : listeners) {
                l.accept(c);
            }
        }
    }

    // ---------------------------------------------------------------- replication

    /** Registers a listener for changes to what is served (to publish them to other instances). */
    public void onServedChange(Consumer<EntryChange> listener) {
        listeners.add(listener);
    }

    /**
     * Applies a change produced elsewhere to this instance's local index. Idempotent: a change not
     * newer than what this instance holds for the entry is ignored. Returns whether it was applied.
     */
    public synchronized boolean apply(EntryChange change) {
        if (serving.index().apply(List.of(change)) != 1) {
            return false;
        }
        // Keep the replicated state in this instance's journal too, so a restart reconciles the
        // index against it instead of dropping everything that arrived from elsewhere.
        if (!change.isDelete()) {
            store.appendReplicated(change.entry());
        } else {
            latest(change.entryId()).ifPresent(e -> store.appendReplicated(
                    e.asVersion(change.version(), EntryStatus.ARCHIVED, "replication", clock.instant())));
        }
        return true;
    }

    // ---------------------------------------------------------------- files

    /** What an import did. */
    public record ImportReport(int created, int updated, int unchanged) {
    }

    /**
     * Imports a JSONL or CSV file as one batch: every row is validated first and, if any is bad, an
     * {@link com.wecomassist.kb.store.EntryFileException} lists them all and nothing is imported.
     * Each changed row becomes the entry's next version with the row's status (default: draft);
     * rows identical to the latest version are skipped, so re-importing a file is harmless.
     */
    public ImportReport importFile(Path file, String editor) {
        return importEntries(EntryFiles.read(file, EntryStatus.DRAFT), editor);
    }

    /** {@link #importFile} for rows already read and checked ({@link EntryFiles#read}). */
    public synchronized ImportReport importEntries(List<Entry> rows, String editor) {
        Instant now = clock.instant();
        List<Entry> versions = new ArrayList<>();
        int created = 0;
        int updated = 0;
        int unchanged = 0;
        for (Entry row : rows) {
            Optional<Entry> latest = latest(row.id());
            if (unchanged(row, latest)) {
                unchanged++;
                continue;
            }
            long next = latest.map(Entry::version).orElse(0L) + 1;
            versions.add(row.asVersion(next, row.status(), editor, now));
            if (latest.isPresent()) {
                updated++;
            } else {
                created++;
            }
        }
        saveAll(versions);
        serving.index().commit();
        return new ImportReport(created, updated, unchanged);
    }

    /**
     * The ids of the rows whose import would put content on air: marked published and not the same
     * as the entry's latest version (an unchanged row is skipped, so re-importing an export is not one).
     */
    public synchronized List<String> wouldPublish(List<Entry> rows) {
        return rows.stream()
                .filter(row -> row.status() == EntryStatus.PUBLISHED && !unchanged(row, latest(row.id())))
                .map(Entry::id)
                .toList();
    }

    /** An imported row identical, content and status, to the entry's latest version: skipped. */
    private static boolean unchanged(Entry row, Optional<Entry> latest) {
        return latest.isPresent() && latest.get().sameContentAs(row) && latest.get().status() == row.status();
    }

    /** Exports the latest version of every entry (JSONL or CSV by extension), replacing the file atomically. */
    public void exportFile(Path file) {
        EntryFiles.write(file, entries());
    }

    /** Merges the index after a bulk load (faster vector search); see {@link LuceneEntryIndex#compact()}. */
    public synchronized void compact() {
        serving.index().compact();
    }

    /** Loads a file into an empty in-memory knowledge base as published entries (evaluation, demos). */
    public void loadPublished(List<Entry> entries, String editor) {
        Instant now = clock.instant();
        List<Entry> versions = new ArrayList<>();
        for (Entry e : entries) {
            long next = latest(e.id()).map(Entry::version).orElse(0L) + 1;
            versions.add(e.asVersion(next, EntryStatus.PUBLISHED, editor, now));
        }
        synchronized (this) {
            saveAll(versions);
        }
    }

    @Override
    public synchronized void close() {
        closed = true; // a swap under way drops its new index instead of publishing it
        LuceneEntryIndex index = serving.index();
        index.commit();
        index.close();
        store.close();
    }
}
