package com.wecomassist.kb.cli;

import com.wecomassist.kb.KnowledgeBase;
import com.wecomassist.kb.entry.Entry;
import com.wecomassist.kb.search.EmbeddingModels;
import com.wecomassist.kb.search.QueryAdapter;
import com.wecomassist.kb.search.RememberedVectors;
import com.wecomassist.kb.search.lucene.LuceneEntryIndex;
import com.wecomassist.kb.search.ScoredEntry;
import com.wecomassist.kb.search.SearchResult;
import com.wecomassist.kb.search.SearchSettings;
import com.wecomassist.kb.store.EntryFileException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.lucene.store.LockObtainFailedException;

/**
 * {@code ./assist kb}: the content team's file operations on a durable knowledge base directory —
 * import a JSONL/CSV file (all rows or none), export every entry's latest version, and try a search.
 */
public final class KbCommand {

    static final String USAGE = """
            usage: ./assist kb import --dir DIR --file FILE [--editor NAME]
                   ./assist kb export --dir DIR --file FILE
                   ./assist kb search --dir DIR --query TEXT [--k 5] [--query-adapter fit|off|FILE]
                   ./assist kb fit-adapter --dir DIR --file FILE

            DIR is a knowledge-base directory; the default, data/kb, is the gateway's own when both run from
            the project folder (assist.kb.dir). search and export need an existing knowledge base; import
            creates one in a new or empty directory. FILE is JSONL or CSV (by extension). An import with any
            bad row imports nothing and lists every bad row.

            fit-adapter fits a query adapter (a learned map on the query's embedding) on the served entries'
            phrasings — standard questions and curated variants — and writes it to FILE; search uses one with
            --query-adapter FILE. It needs variants: with fewer than 600 phrasings whose answer has another
            phrasing nothing is written (exit 1). Refit after the variants change; the index is not touched.
            search fits one first by default, as the gateway does (assist.kb.query-adapter=auto: about 35 s
            for 2,400 phrasings); under 600 it fits a shared map instead (the KB's phrasings and answer
            openings, applied to the index's vectors and the query's: about 70 s for 1,400 texts) and keeps the
            mapped index in DIR. --query-adapter off searches the index as it is, without fitting anything.
            """;

    private KbCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String sub = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            CommandLine cl = new CommandLine(rest, Set.of("--dir", "--file", "--editor", "--query", "--k",
                    "--query-adapter"), Set.of());
            if (cl.help()) {
                out.print(USAGE);
                return 0;
            }
            Path dir = Path.of(cl.get("--dir", "data/kb"));
            switch (sub) {
                case "import" -> {
                    Path file = Path.of(cl.required("--file"));
                    boolean created = !KnowledgeBase.existsIn(dir);
                    if (created && Files.isDirectory(dir) && !isEmpty(dir)) {
                        err.println("kb: " + dir + " holds no knowledge base (no entries.journal) but other files: "
                                + "name the knowledge base's directory, or a new or empty one to create one there");
                        return 2;
                    }
                    try (KnowledgeBase kb = open(dir)) {
                        if (created) {
                            out.println("kb: created a new knowledge base in " + dir);
                        }
                        KnowledgeBase.ImportReport r = kb.importFile(file, cl.get("--editor", System.getProperty("user.name")));
                        out.printf(Locale.ROOT, "kb: imported %s into %s: %d created, %d updated, %d unchanged%n", file, dir,
                                r.created(), r.updated(), r.unchanged());
                    }
                }
                case "export" -> {
                    Path file = Path.of(cl.required("--file"));
                    if (!existing(dir, err)) {
                        return 2;
                    }
                    try (KnowledgeBase kb = open(dir)) {
                        kb.exportFile(file);
                        out.printf(Locale.ROOT, "kb: exported %d entries to %s%n", kb.entries().size(), file);
                    }
                }
                case "search" -> {
                    String query = cl.required("--query");
                    int k = (int) cl.number("--k", 5);
                    if (!existing(dir, err)) {
                        return 2;
                    }
                    SearchSettings settings = SearchSettings.defaults();
                    String adapterOption = cl.get("--query-adapter", "fit");
                    if (!adapterOption.equals("fit") && !adapterOption.equals("off")) {
                        QueryAdapter adapter = QueryAdapter.read(Path.of(adapterOption));
                        try {
                            settings = settings.withQueryAdapter(adapter.requireModel(EmbeddingModels.BGE_SMALL_ZH));
                        } catch (IllegalArgumentException e) {
                            err.println("kb: " + e.getMessage());
                            return 1;
                        }
                    }
                    try (KnowledgeBase kb = open(dir, settings)) {
                        if (adapterOption.equals("fit")) {
                            fitAdapter(kb, err);
                        }
                        SearchResult r = kb.search(query, k);
                        out.printf(Locale.ROOT, "confidence %.3f (%.1f ms)%n", r.confidence(), r.tookNanos() / 1e6);
                        for (ScoredEntry s : r.ranked()) {
                            out.printf(Locale.ROOT, "%.3f  %s@%d  %s%s%n", s.score(), s.entry().id(), s.entry().version(),
                                    s.matchedPhrasing(), s.contradiction() ? "  [contradicts the query]" : "");
                        }
                    }
                }
                case "fit-adapter" -> {
                    Path file = Path.of(cl.required("--file"));
                    if (!existing(dir, err)) {
                        return 2;
                    }
                    try (KnowledgeBase kb = open(dir, SearchSettings.defaults())) {
                        List<Entry> served = kb.review().served();
                        long phrasings = served.stream().mapToLong(e -> e.phrasings().size()).sum();
                        long started = System.nanoTime();
                        QueryAdapter adapter = QueryAdapter.fit(served, EmbeddingModels.bgeSmallZh(),
                                EmbeddingModels.BGE_SMALL_ZH, QueryAdapter.Fitting.defaults());
                        if (adapter.isIdentity()) {
                            err.printf(Locale.ROOT, "kb: too few variants to fit a query adapter (%d served entries, %d "
                                    + "phrasings; it needs %d phrasings whose answer has another): nothing written%n",
                                    served.size(), phrasings, QueryAdapter.Fitting.defaults().minTraining());
                            return 1;
                        }
                        adapter.write(file);
                        out.printf(Locale.ROOT, "kb: fitted a query adapter on %d phrasings of %d served entries in %.1f s; "
                                + "wrote %s%n", phrasings, served.size(), (System.nanoTime() - started) / 1e9, file);
                    }
                }
                default -> throw new CommandLine.UsageException("unknown subcommand '" + sub + "'");
            }
            return 0;
        } catch (CommandLine.UsageException e) {
            err.println("kb: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (EntryFileException e) {
            err.println("kb: " + e.getMessage().replaceFirst("; first:.*", ""));
            e.errors().stream().limit(50).forEach(r -> err.println("  " + r));
            return 1;
        } catch (InUseException e) {
            err.println("kb: " + e.getMessage());
            return 1;
        } catch (UncheckedIOException e) {
            err.println("kb: " + e.getCause().getMessage());
            return 1;
        }
    }

    /**
     * Fits a query adapter on the served entries' phrasings and searches with it, as the gateway does
     * by default. Under the floor it fits a shared map instead and has the knowledge base swap in an
     * index of mapped vectors, kept in the directory for the next search (a refit to the same map
     * rebuilds nothing).
     */
    private static void fitAdapter(KnowledgeBase kb, PrintStream err) {
        List<Entry> served = kb.review().served();
        int training = QueryAdapter.trainingPhrasings(served);
        if (training < QueryAdapter.Fitting.defaults().minTraining()) {
            if (served.size() < 2) {
                return;
            }
            List<String> texts = QueryAdapter.sharedTexts(served, LuceneEntryIndex.ANSWER_EMBED_CHARS);
            err.printf(Locale.ROOT, "kb: %d phrasings have another of their answer (a query adapter needs %d): fitting "
                    + "a shared map on %d phrasings and answer openings first (about 70 s for 1,400; --query-adapter "
                    + "off skips it)%n", training, QueryAdapter.Fitting.defaults().minTraining(), texts.size());
            RememberedVectors raw = new RememberedVectors(EmbeddingModels.bgeSmallZh());
            QueryAdapter map = QueryAdapter.fitShared(served, raw, EmbeddingModels.BGE_SMALL_ZH,
                    QueryAdapter.Fitting.shared(), LuceneEntryIndex.ANSWER_EMBED_CHARS);
            if (kb.useSharedMap(map, raw)) {
                err.println("kb: the index's vectors were mapped (kept in the directory)");
            }
            return;
        }
        err.printf(Locale.ROOT, "kb: fitting a query adapter on %d phrasings first (about 35 s for 2,400; "
                + "--query-adapter off skips it)%n", training);
        if (!kb.sharedMap().isIdentity()) {
            kb.useSharedMap(QueryAdapter.identity(), EmbeddingModels.bgeSmallZh());
        }
        kb.useQueryAdapter(QueryAdapter.fit(served, EmbeddingModels.bgeSmallZh(), EmbeddingModels.BGE_SMALL_ZH,
                QueryAdapter.Fitting.defaults()));
    }

    /**
     * Whether {@code dir} holds a knowledge base; if not, says so. Opening a missing one would create
     * it empty, and a search in a mistyped directory would answer "confidence 0.000" as if it had looked.
     */
    private static boolean existing(Path dir, PrintStream err) {
        if (KnowledgeBase.existsIn(dir)) {
            return true;
        }
        String why = Files.isDirectory(dir) ? "the directory holds no knowledge base (no entries.journal)"
                : Files.exists(dir) ? "it is a file, not a directory" : "the directory does not exist";
        err.println("kb: no knowledge base in " + dir + " (" + dir.toAbsolutePath().normalize() + "): " + why
                + ". The gateway keeps its own in data/kb under the directory it runs in (assist.kb.dir).");
        return false;
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KnowledgeBase open(Path dir) {
        return open(dir, SearchSettings.defaults());
    }

    private static KnowledgeBase open(Path dir, SearchSettings settings) {
        try {
            return KnowledgeBase.open(dir, EmbeddingModels.bgeSmallZh(), settings, Clock.systemUTC());
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof LockObtainFailedException) {
                // the usual case: ./assist run holds data/kb while someone tries the command line on it
                throw new InUseException("the knowledge base in " + dir + " is open in another process (a running "
                        + "gateway?): stop it first, or search through the gateway (GET /api/kb/search?q=...)");
            }
            throw e;
        }
    }

    /** Another process (the gateway) holds the knowledge base's index. */
    private static final class InUseException extends RuntimeException {
        InUseException(String message) {
            super(message);
        }
    }
}
