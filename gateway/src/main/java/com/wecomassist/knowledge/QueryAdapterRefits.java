package com.wecomassist.knowledge;

import com.wecomassist.kb.KnowledgeBase;
import com.wecomassist.kb.entry.Entry;
import com.wecomassist.kb.search.ForwardingEmbeddingModel;
import com.wecomassist.kb.search.QueryAdapter;
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
 * another of their answer, searches use the identity. Swapping the map makes the knowledge base
 * forget the search results it remembered ({@link KnowledgeBase#useQueryAdapter}).
 */
final class QueryAdapterRefits implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(QueryAdapterRefits.class);

    static final String AUTO = "auto";
    static final String OFF = "off";

    private final KnowledgeBase kb;
    private final EmbeddingModel embeddings;
    private final String modelName;
    private final QueryAdapter.Fitting fitting;
    private final ScheduledExecutorService background;
    private final AtomicLong fits = new AtomicLong();
    private final AtomicLong checks = new AtomicLong();
    /** Digest of the served phrasings the current map was chosen for; null before the first check. */
    private volatile String chosenFor;
    private volatile boolean closed;

    private QueryAdapterRefits(KnowledgeBase kb, EmbeddingModel embeddings, String modelName,
            QueryAdapter.Fitting fitting, boolean auto) {
        this.kb = kb;
        this.embeddings = embeddings;
        this.modelName = modelName;
        this.fitting = fitting;
        this.background = auto ? lowPriorityThread() : null;
    }

    /**
     * Applies the setting to {@code kb}: auto starts the background refits (checking now, then every
     * {@code interval}); off keeps the identity; a file is read and checked now, so a bad one stops the
     * gateway with the setting's name. {@code embeddings} is the model the index embeds with (without
     * the remembered-queries cache: the phrasings are no customer questions) and {@code modelName} its name.
     */
    static QueryAdapterRefits start(String setting, KnowledgeBase kb, EmbeddingModel embeddings, String modelName,
            Duration interval, QueryAdapter.Fitting fitting) {
        String s = setting == null ? AUTO : setting.strip();
        if (s.equalsIgnoreCase(OFF)) {
            kb.useQueryAdapter(QueryAdapter.identity());
            return new QueryAdapterRefits(kb, embeddings, modelName, fitting, false);
        }
        if (!s.equalsIgnoreCase(AUTO)) {
            kb.useQueryAdapter(readFile(s, modelName));
            log.info("knowledge base: searching through the query adapter in {}", Path.of(s).toAbsolutePath().normalize());
            return new QueryAdapterRefits(kb, embeddings, modelName, fitting, false);
        }
        QueryAdapterRefits refits = new QueryAdapterRefits(kb, embeddings, modelName, fitting, true);
        refits.background.scheduleWithFixedDelay(refits::refitIfChanged, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
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
                chosenFor = digest;
                log.info("knowledge base: query adapter left at the identity: {} of {} served phrasings have another of "
                        + "their answer, a fit needs {}", training, phrasings, fitting.minTraining());
            } else {
                kb.useQueryAdapter(adapter);
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
