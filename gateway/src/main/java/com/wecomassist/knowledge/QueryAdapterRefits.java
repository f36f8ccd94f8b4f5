package com.wecomassist.knowledge;

import com.wecomassist.kb.KnowledgeBase;
import com.wecomassist.kb.entry.Entry;
import com.wecomassist.kb.search.ForwardingEmbeddingModel;
import com.wecomassist.kb.search.QueryAdapter;
import com.wecomassist.kb.search.RememberedVectors;
import com.wecomassist.kb.search.lucene.LuceneEntryIndex;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The knowledge base's query adapter ({@link QueryAdapter}: a map on the query's embedding learned
 * from the curated variants) as {@code assist.kb.query-adapter} says: {@code auto} keeps one fitted on
 * the served entries' phrasings, {@code off} uses none, anything else is a file written by
 * {@code ./assist kb fit-adapter}, read once at startup.
 *
 * <p>Auto: a fit embeds every phrasing and runs 100 optimisation steps — about 35 s of one core for
 * 2,400 phrasings — so it runs on one background thread of its own at the lowest priority, never on
 * an event loop nor on the knowledge base's threads, embedding one text at a time on that thread
 * (a batch would spread over the model's pool). It checks at startup and then every
 * {@code assist.kb.query-adapter-refit-interval}, and fits only when the served phrasings differ from
 * those of the last fit: publishes in between are taken together, replicated ones too. Until the first
 * fit is done, and whenever fewer than {@link QueryAdapter.Fitting#minTraining()} phrasings have
 * another of their answer, the query adapter is the identity. Swapping the map makes the knowledge base
 * forget the search results it remembered ({@link KnowledgeBase#useQueryAdapter}).
 *
 * <p>Under that floor, with {@code sharedMap} on ({@code assist.kb.shared-map}), the same check fits a
 * shared map instead ({@link QueryAdapter#fitShared}: the KB's phrasings and answer openings, 20 steps) and
 * has the knowledge base build an index of mapped vectors and swap it in ({@link KnowledgeBase#useSharedMap}:
 * searches go on with the old index meanwhile). The texts' unmapped vectors are remembered here
 * ({@link RememberedVectors}), so the index is built without embedding again and a refit after edits embeds
 * only the new texts. A knowledge base of more than {@link #MAX_SHARED_TEXTS} texts keeps the identity (the
 * vectors would take too much heap for a gain measured on 1,363 texts); one that rises above the floor
 * goes back to plain vectors and the query adapter.
 */
final class QueryAdapterRefits implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(QueryAdapterRefits.class);

    static final String AUTO = "auto";
    static final String OFF = "off";
    /** Most texts (phrasings and answer openings) a shared map is fitted for: 2 KB of heap each, remembered. */
    static final int MAX_SHARED_TEXTS = 20_000;

    private final KnowledgeBase kb;
    private final EmbeddingModel embeddings;
    private final String modelName;
    private final QueryAdapter.Fitting fitting;
    /** The shared map's fitting under the floor; null: the identity there (assist.kb.shared-map=off). */
    private final QueryAdapter.Fitting sharedFitting;
    /** The unmapped vectors the shared map was fitted on, embedded one text at a time on the background thread. */
    private final RememberedVectors rawVectors;
    private final AtomicLong sharedFits = new AtomicLong();
    private final ScheduledExecutorService background;
    private final AtomicLong fits = new AtomicLong();
    private final AtomicLong checks = new AtomicLong();
    /** Digest of the served phrasings the current map was chosen for; null before the first check. */
    private volatile String chosenFor;
    private volatile boolean closed;

    private QueryAdapterRefits(KnowledgeBase kb, EmbeddingModel embeddings, String modelName,
            QueryAdapter.Fitting fitting, QueryAdapter.Fitting sharedFitting, boolean auto) {
        this.kb = kb;
        this.embeddings = embeddings;
        this.modelName = modelName;
        this.fitting = fitting;
        this.sharedFitting = sharedFitting;
        this.rawVectors = new RememberedVectors(new OneTextAtATime(embeddings));
        this.background = auto ? lowPriorityThread() : null;
    }

    /**
     * Applies the setting to {@code kb}: auto starts the background refits (checking now, then every
     * {@code interval}); off keeps the identity; a file is read and checked now, so a bad one stops the
     * gateway with the setting's name. {@code embeddings} is the model the index embeds with (without
     * the remembered-queries cache: the phrasings are no customer questions) and {@code modelName} its name.
     * {@code sharedFitting} fits the shared map under the floor (auto only); null keeps the identity there.
     */
    static QueryAdapterRefits start(String setting, KnowledgeBase kb, EmbeddingModel embeddings, String modelName,
            Duration interval, QueryAdapter.Fitting fitting, QueryAdapter.Fitting sharedFitting) {
        String s = setting == null ? AUTO : setting.strip();
        if (s.equalsIgnoreCase(OFF)) {
            kb.useQueryAdapter(QueryAdapter.identity());
            return new QueryAdapterRefits(kb, embeddings, modelName, fitting, null, false);
        }
        if (!s.equalsIgnoreCase(AUTO)) {
            kb.useQueryAdapter(readFile(s, modelName));
            log.info("knowledge base: searching through the query adapter in {}", Path.of(s).toAbsolutePath().normalize());
            return new QueryAdapterRefits(kb, embeddings, modelName, fitting, null, false);
        }
        QueryAdapterRefits refits = new QueryAdapterRefits(kb, embeddings, modelName, fitting, sharedFitting, true);
        if (sharedFitting != null && kb.sharedMap().isIdentity()
                && QueryAdapter.trainingPhrasings(kb.review().served()) < fitting.minTraining()) {
            // The shipped confidence models are fitted with the shared map in place under the floor: answered
            // before it is (seconds after a start on a knowledge base that has none saved yet), a clear question
            // scored 0.91 instead of 0.99 and got a menu. So the first map is fitted here, before the gateway is
            // ready (≈ 9 s for the sample's 89 entries); a map saved with a durable knowledge base is in place at
            // open, and later refits stay in the background.
            refits.refitIfChanged();
        }
        long first = refits.checks() > 0 ? interval.toMillis() : 0; // the next check, one interval after the one done here
        refits.background.scheduleWithFixedDelay(refits::refitIfChanged, first, interval.toMillis(), TimeUnit.MILLISECONDS);
        return refits;
    }

    private static QueryAdapter readFile(String setting, String modelName) {
        String why;
        try {
            Path file = Path.of(setting);
            if (!Files.isRegularFile(file)) {
                why = Files.exists(file) ? "not a file" : "no such file";
            } else {
                return QueryAdapter.read(file).requireModel(modelName);
            }
        } catch (InvalidPathException e) {
            why = "not a path: " + e.getMessage();
        } catch (UncheckedIOException e) {
            why = e.getCause().getMessage();
        } catch (IllegalArgumentException e) {
            why = e.getMessage();
        }
        throw new IllegalStateException("assist.kb.query-adapter=" + setting + ": " + why + " (it takes auto, off, or "
                + "a file written by ./assist kb fit-adapter)");
    }

    /**
     * One check: when the served phrasings changed since the map was chosen, fits a new one and swaps
     * it in. Never throws: a failed fit keeps the map in use and is tried again at the next check.
     */
    void refitIfChanged() {
        try {
            List<Entry> served = kb.review().served();
            String digest = digest(served);
            if (digest.equals(chosenFor) || closed) {
                return;
            }
            long phrasings = served.stream().mapToLong(e -> e.phrasings().size()).sum();
            int training = QueryAdapter.trainingPhrasings(served);
            long started = System.nanoTime();
            QueryAdapter adapter = QueryAdapter.fit(served, new OneTextAtATime(embeddings), modelName, fitting);
            if (closed) {
                return;
            }
            if (adapter.isIdentity()) {
                if (!kb.queryAdapter().isIdentity()) {
                    kb.useQueryAdapter(adapter);
                }
                log.info("knowledge base: query adapter left at the identity: {} of {} served phrasings have another of "
                        + "their answer, a fit needs {}", training, phrasings, fitting.minTraining());
                if (useSharedMap(served)) {
                    chosenFor = digest;
                }
            } else {
                kb.useQueryAdapter(adapter);
                if (!kb.sharedMap().isIdentity()) {
                    swapSharedMap(QueryAdapter.identity(), "the query adapter is fitted now: the shared map is dropped");
                }
                rawVectors.retainOnly(List.of());
                chosenFor = digest;
                fits.incrementAndGet();
                log.info(String.format(Locale.ROOT, "knowledge base: query adapter fitted on %d phrasings of %d served "
                        + "entries in %.1f s; remembered search results forgotten", phrasings, served.size(),
                        (System.nanoTime() - started) / 1e9));
            }
        } catch (RuntimeException e) {
            log.warn("knowledge base: fitting the query adapter failed, the map in use stays: {}", e.toString());
        } finally {
            checks.incrementAndGet();
        }
    }

    /**
     * Under the floor: fits the shared map on the served entries and swaps in the index of its vectors
     * (or goes back to plain vectors when off, or the knowledge base is too large for it). False when the
     * swap failed: the next check tries again.
     */
    private boolean useSharedMap(List<Entry> served) {
        List<String> texts = QueryAdapter.sharedTexts(served, LuceneEntryIndex.ANSWER_EMBED_CHARS);
        if (sharedFitting == null || texts.size() > MAX_SHARED_TEXTS) {
            rawVectors.retainOnly(List.of());
            return kb.sharedMap().isIdentity() || swapSharedMap(QueryAdapter.identity(), sharedFitting == null
                    ? "the shared map is off"
                    : texts.size() + " texts are more than the shared map is fitted for (" + MAX_SHARED_TEXTS + ")");
        }
        long started = System.nanoTime();
        long embeddedBefore = rawVectors.embedded();
        QueryAdapter map = QueryAdapter.fitShared(served, rawVectors, modelName, sharedFitting,
                LuceneEntryIndex.ANSWER_EMBED_CHARS);
        rawVectors.retainOnly(texts);
        if (closed) {
            return false;
        }
        String how = String.format(Locale.ROOT, "fitted on %d texts of %d served entries (%d embedded) in %.1f s",
                texts.size(), served.size(), rawVectors.embedded() - embeddedBefore, (System.nanoTime() - started) / 1e9);
        if (map.fingerprint().equals(kb.sharedMap().fingerprint())) {
            log.info("knowledge base: shared map {}: the same as the one in use", how);
            return true;
        }
        if (!swapSharedMap(map, "shared map " + how)) {
            return false;
        }
        sharedFits.incrementAndGet();
        return true;
    }

    /** Has the knowledge base swap in the index of {@code map}'s vectors; on failure the one in use stays. */
    private boolean swapSharedMap(QueryAdapter map, String why) {
        long started = System.nanoTime();
        try {
            kb.useSharedMap(map, rawVectors);
            log.info(String.format(Locale.ROOT, "knowledge base: %s; %s index built and swapped in %.1f s, remembered "
                    + "search results forgotten", why, map.isIdentity() ? "a plain" : "a mapped",
                    (System.nanoTime() - started) / 1e9));
            return true;
        } catch (RuntimeException e) {
            log.warn("knowledge base: swapping in {} failed, the index in use stays: {}",
                    map.isIdentity() ? "plain vectors" : "the shared map", e.toString());
            return false;
        }
    }

    /** Shared maps fitted and swapped in since startup. */
    long sharedFits() {
        return sharedFits.get();
    }

    /** The unmapped vectors remembered for the shared map (tests: what a refit had to embed). */
    RememberedVectors rawVectors() {
        return rawVectors;
    }

    /** Checks of the served phrasings done since startup (auto). */
    long checks() {
        return checks.get();
    }

    /** Maps fitted and swapped in since startup. */
    long fits() {
        return fits.get();
    }

    /** The served entries' phrasings and answers, in id order: what a fit learns from. */
    static String digest(List<Entry> served) {
        List<Entry> byId = new ArrayList<>(served);
        byId.sort(Comparator.comparing(Entry::id));
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Entry e : byId) {
                sha.update(e.answerKey().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                for (String p : e.phrasings()) {
                    sha.update(p.getBytes(StandardCharsets.UTF_8));
                    sha.update((byte) 1);
                }
                sha.update((byte) 2);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ScheduledExecutorService lowPriorityThread() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread t = new Thread(task, "kb-query-adapter");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return executor;
    }

    /** Stops the refits; a fit under way finishes on its daemon thread but swaps nothing in. */
    @Override
    public void close() {
        closed = true;
        if (background != null) {
            background.shutdownNow();
        }
    }

    /** Embeds a batch one text after another on the calling thread (a batch would spread over the model's pool). */
    private static final class OneTextAtATime extends ForwardingEmbeddingModel {

        OneTextAtATime(EmbeddingModel delegate) {
            super(delegate);
        }

        @Override
        public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
            List<Embedding> vectors = new ArrayList<>(segments.size());
            for (TextSegment s : segments) {
                vectors.add(delegate.embed(s.text()).content());
            }
            return Response.from(vectors);
        }
    }
}
