package com.wecomassist.compliance.cli;

import com.wecomassist.compliance.ComplianceChecker;
import com.wecomassist.compliance.ExcusedHit;
import com.wecomassist.compliance.Hit;
import com.wecomassist.compliance.Layer;
import com.wecomassist.compliance.eval.ComplianceEvaluation;
import com.wecomassist.compliance.eval.EvaluationReport;
import com.wecomassist.compliance.eval.LabelledSet;
import com.wecomassist.compliance.eval.LabelledText;
import com.wecomassist.compliance.eval.MaskingEvaluation;
import com.wecomassist.compliance.eval.Part;
import com.wecomassist.compliance.semantic.BgeSmallZh;
import com.wecomassist.compliance.semantic.Exemplar;
import com.wecomassist.compliance.semantic.ExemplarSet;
import com.wecomassist.compliance.semantic.Neighbour;
import com.wecomassist.compliance.semantic.SemanticFinding;
import com.wecomassist.compliance.semantic.SemanticLayer;
import com.wecomassist.compliance.Verdict;
import com.wecomassist.compliance.pii.BinTable;
import com.wecomassist.compliance.pii.PiiDetector;
import com.wecomassist.compliance.pii.PiiMasker;
import com.wecomassist.compliance.rules.Action;
import com.wecomassist.compliance.rules.InvalidRulePackException;
import com.wecomassist.compliance.rules.Rule;
import com.wecomassist.compliance.rules.RulePack;
import com.wecomassist.compliance.rules.RulePackDirectory;
import com.wecomassist.compliance.rules.RulePackReader;
import com.wecomassist.compliance.rules.TextKind;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code ./assist check}: checks every line {@code {"text": ...}} of a JSON-lines file and writes
 * the line back with {@code verdict} and {@code hits} added (other fields are passed through), plus
 * a summary on standard error. Also lists the rules of a pack for review ({@code --list-rules}).
 */
public final class CheckCommand {

    static final String USAGE = """
            usage: ./assist check --in texts.jsonl [--out verdicts.jsonl] [options]
                   ./assist check --eval tune|held-back|FILE [--out report.json] [--cross-validate] [options]
                   ./assist check --list-rules [--pack DIR|FILE]
                   ./assist check --eval-masking FILE [--bin-table CSV]

            Reads one JSON object per line with a string field "text" (other fields are passed
            through) and writes each line with "verdict" (PASS, APPEND_NOTICE, REWRITE, REVIEW,
            BLOCK), "hits" (rule, category, span, matched text, explanation, legal basis),
            "excused" (matches an exception let through, with the reason), "packs" and, when the
            rules rewrote the text (masking, appended notice), "checkedText". Every line says which
            layer decided ("decidedBy": RULES, SEMANTIC or NONE) and, when the semantic layer
            flagged it, the exemplars nearest to the deciding sentence ("nearest").

            --eval runs the check over a labelled set (the shipped tune or held-back part, or a
            JSON-lines file or directory in the same format) and prints recall per category, the
            clean pass rate, the confusion of expected and actual actions and which layer decided;
            --out writes the same as JSON. With --cross-validate (for the rows the exemplars come
            from, e.g. tune) each fold is checked by a semantic layer built from the other folds.

            --eval-masking measures personal-data masking on a labelled JSON-lines file
            ({"id","text","pii":[{"kind","start","end"}]}, e.g. compliance-filters/src/test/
            resources/pii/masking-held-out.jsonl): recall per kind, false masks, the misses.

            options:
              --in FILE          input JSON lines ("-" for standard input)
              --out FILE         output JSON lines (default: standard output)
              --kind KIND        ai-draft (default), agent-reply or customer-message
              --text-field NAME  read the text from this field instead of "text"
              --pack PATH        use the rule packs in this directory (or this one file)
                                 instead of the built-in bank-default pack
              --bin-table CSV    confirm card numbers against a BIN table (bin,bank,type,length)
              --list-rules       print the rules of the pack(s) in force and exit
              --no-semantic      rules only (no semantic layer, no embedding model loaded)
              --exemplars FILE   build the semantic layer from these exemplars (JSON lines,
                                 {"text","label","category","basis"}) instead of the shipped ones
              --eval SET         evaluate: tune, held-back, or a labelled JSON-lines file/directory
              --cross-validate   with --eval: 5 folds, the layer built from the other folds' rows
              --eval-masking F   evaluate masking (names, addresses, numbers) on a labelled file
              --method M         semantic scoring: joint (default), blend, knn, dense or fast
              --vector-cache F   keep exemplar sentence vectors in file F between runs, "none" to
                                 embed every run (default: <tmpdir>/wecom-assist/semantic-vectors.bin)
              --clean-pass X     share of the hard clean near misses the fitted threshold keeps (default 0.875)
              --help             this text

            Exit status: 0 when every line was checked, 1 on bad input (the message names the
            line), 2 on bad options or an invalid rule pack.
            """;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CheckCommand() {
    }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        System.exit(status);
    }

    /** Runs the command; returns the exit status (separate from {@link #main} so tests can call it). */
    static int run(String[] args, PrintStream stdout, PrintStream stderr) {
        Map<String, String> opts = new TreeMap<>();
        boolean listRules = false;
        boolean noSemantic = false;
        boolean crossValidate = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help", "-h" -> {
                    stdout.print(USAGE);
                    return 0;
                }
                case "--list-rules" -> listRules = true;
                case "--no-semantic" -> noSemantic = true;
                case "--cross-validate" -> crossValidate = true;
                case "--in", "--out", "--kind", "--pack", "--bin-table", "--text-field", "--eval", "--exemplars",
                     "--method", "--clean-pass", "--vector-cache", "--eval-masking" -> {
                    if (i + 1 >= args.length) return usageError(stderr, a + " needs a value");
                    opts.put(a, args[++i]);
                }
                default -> {
                    return usageError(stderr, "unknown option '" + a + "'");
                }
            }
        }
        TextKind kind = TextKind.AI_DRAFT;
        if (opts.containsKey("--kind")) {
            kind = TextKind.parse(opts.get("--kind"));
            if (kind == null) return usageError(stderr, "unknown --kind '" + opts.get("--kind") + "' (ai-draft, agent-reply or customer-message)");
        }
        PiiDetector detector = PiiDetector.standard();
        if (opts.containsKey("--bin-table")) {
            try {
                detector = PiiDetector.withBinTable(BinTable.read(Path.of(opts.get("--bin-table"))));
            } catch (IOException e) {
                return usageError(stderr, "cannot read --bin-table: " + describe(e));
            }
        }
        if (opts.containsKey("--eval-masking")) return evaluateMasking(detector, Path.of(opts.get("--eval-masking")), stdout, stderr);
        List<RulePack> packs;
        try {
            packs = loadPacks(opts.get("--pack"), stderr);
        } catch (InvalidRulePackException e) {
            stderr.println("assist check: invalid rule pack: " + e.getMessage());
            return 2;
        }
        if (packs == null) return 2;
        ComplianceChecker checker;
        try {
            checker = new ComplianceChecker(packs, detector);
        } catch (InvalidRulePackException e) {
            stderr.println("assist check: invalid rule pack: " + e.getMessage());
            return 2;
        }
        if (listRules) {
            listRules(packs, stdout);
            return 0;
        }
        if (!opts.containsKey("--in") && !opts.containsKey("--eval")) return usageError(stderr, "--in is required (or --eval)");
        if (opts.containsKey("--in") && opts.containsKey("--eval")) return usageError(stderr, "--in and --eval exclude each other");
        if (crossValidate && !opts.containsKey("--eval")) return usageError(stderr, "--cross-validate goes with --eval");
        // before the model loads: a mistyped set is a bad option, said at once
        if (opts.containsKey("--eval") && Part.parse(opts.get("--eval")) == null && !Files.exists(Path.of(opts.get("--eval")))) {
            return usageError(stderr, "--eval " + opts.get("--eval") + ": no such file or directory "
                    + "(tune, held-back, or a labelled JSON-lines file or directory)");
        }
        if (crossValidate && noSemantic) return usageError(stderr, "--cross-validate builds semantic layers: drop --no-semantic");
        SemanticLayer.Options semanticOptions = SemanticLayer.Options.defaults();
        if (opts.containsKey("--method")) {
            SemanticLayer.Method m = parseMethod(opts.get("--method"));
            if (m == null) return usageError(stderr, "unknown --method '" + opts.get("--method") + "' (joint, blend, knn, dense or fast)");
            semanticOptions = semanticOptions.withMethod(m);
        }
        if (opts.containsKey("--clean-pass")) {
            double c;
            try {
                c = Double.parseDouble(opts.get("--clean-pass"));
            } catch (NumberFormatException e) {
                c = -1;
            }
            if (!(c > 0 && c < 1)) return usageError(stderr, "--clean-pass needs a number between 0 and 1");
            semanticOptions = semanticOptions.withCleanPass(c);
        }
        String cache = opts.getOrDefault("--vector-cache", Path.of(System.getProperty("java.io.tmpdir"), "wecom-assist", "semantic-vectors.bin").toString());
        semanticOptions = semanticOptions.withVectorFile(cache.equals("none") ? null : Path.of(cache));
        ExemplarSet exemplars = null;
        if (!noSemantic) {
            try {
                exemplars = opts.containsKey("--exemplars") ? readExemplars(Path.of(opts.get("--exemplars"))) : ExemplarSet.bankDefault();
            } catch (IOException e) {
                stderr.println("assist check: cannot read --exemplars: " + describe(e));
                return 2;
            } catch (IllegalStateException e) {
                stderr.println("assist check: " + e.getMessage() + "; use --exemplars FILE or --no-semantic");
                return 2;
            }
        }
        if (opts.containsKey("--eval")) {
            return evaluate(checker, exemplars, semanticOptions, crossValidate, opts.get("--eval"), opts.get("--out"),
                    opts.containsKey("--exemplars"), stdout, stderr);
        }
        if (exemplars != null) checker = checker.withSemanticLayer(semanticLayer(exemplars, semanticOptions, stderr));
        String textField = opts.getOrDefault("--text-field", "text");
        return check(checker, kind, textField, opts.get("--in"), opts.get("--out"), stdout, stderr);
    }

    private static SemanticLayer.Method parseMethod(String s) {
        for (SemanticLayer.Method m : SemanticLayer.Method.values()) {
            if (m.name().equalsIgnoreCase(s.trim())) return m;
        }
        return null;
    }

    private static ExemplarSet readExemplars(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return ExemplarSet.readJsonl(r, file.getFileName().toString());
        }
    }

    /** Built layers by exemplar version and options: building embeds every exemplar sentence (seconds). */
    private static final Map<String, SemanticLayer> LAYERS = new java.util.concurrent.ConcurrentHashMap<>();

    private static SemanticLayer semanticLayer(ExemplarSet exemplars, SemanticLayer.Options options, PrintStream stderr) {
        String key = exemplars.version() + "/" + exemplars.exemplars().size() + "/" + options;
        SemanticLayer cached = LAYERS.get(key);
        if (cached != null) return cached;
        long t0 = System.nanoTime();
        SemanticLayer layer = SemanticLayer.build(exemplars, BgeSmallZh.shared(), options);
        SemanticLayer.CrossValidated cv = layer.crossValidated();
        // Read from the fitted-model file, the times in the figures are those of the build that fitted them.
        String how = layer.fittedModelsRead() ? "fitted models read from the file beside the vector cache; when fitted: "
                : "";
        stderr.printf(Locale.ROOT, "assist check: semantic layer %s: %d exemplars (%d sentences), %s, built in %.1f s (%sembedding %.1f s, "
                        + "fitting %.1f s); cross-validated on its exemplars (semantic layer alone): recall %.3f, clean pass %.3f "
                        + "at threshold %.3f (%d%% of sentences embedded)%n",
                exemplars.version(), exemplars.exemplars().size(), cv.sentences(), cv.method().name().toLowerCase(Locale.ROOT),
                (System.nanoTime() - t0) / 1e9, how, cv.embedMillis() / 1e3, cv.fitMillis() / 1e3, cv.recall(), cv.cleanPass(),
                cv.threshold(), Math.round(100 * cv.embedShare()));
        LAYERS.put(key, layer);
        return layer;
    }

    private static int evaluateMasking(PiiDetector detector, Path file, PrintStream stdout, PrintStream stderr) {
        if (!Files.isRegularFile(file)) return usageError(stderr, "--eval-masking " + file + ": no such file");
        List<MaskingEvaluation.Row> rows;
        try {
            rows = MaskingEvaluation.read(file);
        } catch (IOException e) {
            stderr.println("assist check: " + describe(e));
            return 1;
        }
        PiiMasker masker = new PiiMasker(detector);
        stdout.println("HanLP dictionaries loaded in " + PiiMasker.dictionaryLoadTime().toMillis() + " ms; "
                + rows.size() + " texts from " + file);
        MaskingEvaluation.evaluate(masker, rows).print(stdout);
        return 0;
    }

    private static int evaluate(ComplianceChecker rules, ExemplarSet exemplars, SemanticLayer.Options options,
                                boolean crossValidate, String set, String out, boolean ownExemplars,
                                PrintStream stdout, PrintStream stderr) {
        LabelledSet labelled;
        String name;
        Part part = Part.parse(set);
        try {
            if (part != null && !Files.exists(Path.of(set))) {
                labelled = LabelledSet.bankDefault(part);
                name = part.directory();
            } else {
                labelled = LabelledSet.read(Path.of(set));
                name = set;
            }
        } catch (IOException e) {
            stderr.println("assist check: " + describe(e));
            return 1;
        } catch (IllegalStateException e) {
            stderr.println("assist check: " + e.getMessage());
            return 1;
        }
        List<LabelledText> rows = labelled.rows();
        EvaluationReport report;
        String layers;
        if (exemplars == null) {
            layers = "rules only";
            report = ComplianceEvaluation.run(rules, rows);
        } else if (crossValidate) {
            layers = "rules + semantic, 5-fold cross-validation (each fold checked by a layer built from the other folds"
                    + (ownExemplars ? " plus --exemplars" : " plus the shipped service sentences") + ")";
            List<Exemplar> extra = ownExemplars ? exemplars.exemplars() : ExemplarSet.ordinaryService();
            report = ComplianceEvaluation.crossValidate(rules, rows, extra, BgeSmallZh.shared(), options, 5);
        } else {
            SemanticLayer layer = semanticLayer(exemplars, options, stderr);
            layers = "rules + semantic (exemplars " + exemplars.version() + ")";
            java.util.Set<String> exemplarTexts = new java.util.HashSet<>();
            exemplars.exemplars().forEach(e -> exemplarTexts.add(e.text()));
            long overlap = rows.stream().filter(r -> exemplarTexts.contains(r.text())).count();
            if (overlap > 0) {
                stderr.printf("assist check: warning: %d of the %d rows are exemplars of the semantic layer: its figures on them "
                        + "are optimistic (use --cross-validate)%n", overlap, rows.size());
            }
            report = ComplianceEvaluation.run(rules.withSemanticLayer(layer), rows);
        }
        printReport(stdout, name, layers, report);
        if (out != null) {
            try {
                Files.writeString(Path.of(out), report.toJson() + "\n", StandardCharsets.UTF_8);
            } catch (IOException e) {
                stderr.println("assist check: cannot write --out " + out + ": " + describe(e));
                return 1;
            }
        }
        return 0;
    }

    static void printReport(PrintStream out, String name, String layers, EvaluationReport r) {
        out.printf(Locale.ROOT, "%s: %d rows (%d violations, %d clean); %s%n", name, r.violations() + r.clean(), r.violations(),
                r.clean(), layers);
        out.printf(Locale.ROOT, "recall %.3f  clean pass %.3f%n%n", r.recall(), r.cleanPass());
        out.printf(Locale.ROOT, "%-24s %10s %6s %7s %6s %6s %10s%n", "category", "violations", "caught", "recall", "clean", "passed", "clean-pass");
        r.perCategory().forEach((c, f) -> out.printf(Locale.ROOT, "%-24s %10d %6d %7.3f %6d %6d %10.3f%n", c, f.violations(), f.caught(),
                f.recall(), f.clean(), f.passed(), f.cleanPass()));
        out.println();
        out.println("confusion (rows: expected action, columns: actual action)");
        out.printf("%-14s", "");
        for (Action a : Action.values()) out.printf(" %13s", a.name());
        out.println();
        r.confusion().forEach((expected, row) -> {
            out.printf("%-14s", expected);
            for (Action a : Action.values()) out.printf(" %13d", row.getOrDefault(a.name(), 0));
            out.println();
        });
        out.println();
        StringBuilder by = new StringBuilder("caught violations decided by:");
        r.decidedBy().forEach((l, n) -> by.append(' ').append(l).append(' ').append(n));
        out.println(by);
        out.println("misses: " + r.misses().size() + " (violations passed and clean rows stopped; listed in the JSON report)");
    }

    private static List<RulePack> loadPacks(String pack, PrintStream stderr) {
        if (pack == null) return List.of(RulePackReader.bankDefault());
        Path p = Path.of(pack);
        if (Files.isRegularFile(p)) {
            RulePack rp = new RulePackReader().read(p);
            return List.of(rp);
        }
        if (!Files.isDirectory(p)) {
            stderr.println("assist check: --pack " + pack + ": no such file or directory");
            return null;
        }
        try (RulePackDirectory dir = new RulePackDirectory(p, ComplianceChecker::validate)) {
            for (InvalidRulePackException e : dir.errors()) {
                stderr.println("assist check: rejected rule pack: " + e.getMessage());
            }
            if (!dir.errors().isEmpty()) return null;
            if (dir.packs().isEmpty()) {
                stderr.println("assist check: --pack " + pack + ": no *.yaml rule packs in the directory");
                return null;
            }
            return dir.packs();
        }
    }

    private static int check(ComplianceChecker checker, TextKind kind, String textField, String in, String out,
                             PrintStream stdout, PrintStream stderr) {
        String inName = in.equals("-") ? "<stdin>" : in;
        Map<Action, Integer> counts = new EnumMap<>(Action.class);
        Map<Layer, Integer> byLayer = new EnumMap<>(Layer.class);
        int lines = 0;
        try (BufferedReader reader = new BufferedReader(openIn(in));
             Writer writer = out == null
                     ? new BufferedWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8))
                     : Files.newBufferedWriter(Path.of(out), StandardCharsets.UTF_8)) {
            String line;
            int no = 0;
            while ((line = reader.readLine()) != null) {
                no++;
                if (line.isBlank()) continue;
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (JacksonException e) {
                    stderr.println("assist check: " + inName + ":" + no + ": not valid JSON: " + e.getOriginalMessage());
                    return 1;
                }
                if (!(node instanceof ObjectNode obj)) {
                    stderr.println("assist check: " + inName + ":" + no + ": expected a JSON object");
                    return 1;
                }
                JsonNode text = obj.get(textField);
                if (text == null || !text.isString()) {
                    stderr.println("assist check: " + inName + ":" + no + ": missing string field '" + textField + "'");
                    return 1;
                }
                Verdict v = checker.check(text.asString(), kind);
                counts.merge(v.action(), 1, Integer::sum);
                byLayer.merge(v.decidedBy(), 1, Integer::sum);
                lines++;
                ObjectNode annotated = annotate(obj, v, text.asString());
                if (v.decidedBy() == Layer.SEMANTIC && checker.semanticLayer().isPresent()) {
                    // The vectors are cached, so asking again for the neighbours costs microseconds.
                    SemanticFinding f = checker.semanticLayer().get().assess(text.asString(), kind);
                    ArrayNode nearest = annotated.putArray("nearest");
                    for (Neighbour n : f.nearest()) {
                        nearest.addObject().put("exemplar", n.exemplar().text()).put("label", n.exemplar().label().jsonName())
                                .put("category", n.exemplar().category()).put("similarity", Math.round(n.similarity() * 1000) / 1000.0)
                                .put("source", n.exemplar().source());
                    }
                }
                writer.write(JSON.writeValueAsString(annotated));
                writer.write('\n');
            }
        } catch (NoSuchFileException e) {
            stderr.println("assist check: cannot read --in " + in + ": no such file");
            return 1;
        } catch (IOException e) {
            stderr.println("assist check: " + describe(e));
            return 1;
        }
        int flagged = lines - counts.getOrDefault(Action.PASS, 0);
        StringBuilder summary = new StringBuilder("assist check: " + lines + " texts checked as " + kind.yamlName()
                + (checker.semanticLayer().isPresent() ? " (rules + semantic)" : " (rules only)") + ":");
        for (Action a : Action.values()) summary.append(' ').append(a).append(' ').append(counts.getOrDefault(a, 0));
        summary.append("; decided by");
        for (Layer l : Layer.values()) if (byLayer.containsKey(l)) summary.append(' ').append(l).append(' ').append(byLayer.get(l));
        summary.append(String.format("; flagged %d (%.2f%%)", flagged, lines == 0 ? 0.0 : 100.0 * flagged / lines));
        stderr.println(summary);
        return 0;
    }

    private static Reader openIn(String in) throws IOException {
        if (in.equals("-")) return new InputStreamReader(System.in, StandardCharsets.UTF_8);
        return Files.newBufferedReader(Path.of(in), StandardCharsets.UTF_8);
    }

    static ObjectNode annotate(ObjectNode obj, Verdict v, String original) {
        obj.put("verdict", v.action().name());
        obj.put("decidedBy", v.decidedBy().name());
        if (v.lowMargin()) obj.put("lowMargin", true);
        ArrayNode hits = obj.putArray("hits");
        for (Hit h : v.hits()) hits.add(hitJson(h));
        if (!v.excused().isEmpty()) {
            ArrayNode ex = obj.putArray("excused");
            for (ExcusedHit e : v.excused()) ex.add(hitJson(e.hit()).put("excusedBecause", e.reason()));
        }
        if (!v.text().equals(original)) obj.put("checkedText", v.text());
        ArrayNode packs = obj.putArray("packs");
        v.packs().forEach(packs::add);
        return obj;
    }

    private static ObjectNode hitJson(Hit h) {
        ObjectNode o = JSON.createObjectNode();
        o.put("rule", h.ruleId());
        o.put("ruleVersion", h.ruleVersion());
        o.put("category", h.category());
        o.put("severity", h.severity().name());
        o.put("action", h.action().name());
        o.put("start", h.start());
        o.put("end", h.end());
        o.put("matched", h.matchedText());
        o.put("term", h.term());
        o.put("explanation", h.explanation());
        o.put("legalBasis", h.legalBasis());
        o.put("pack", h.pack());
        return o;
    }

    private static void listRules(List<RulePack> packs, PrintStream out) {
        for (RulePack p : packs) {
            out.println("# " + p.label() + " (" + p.source() + ")" + (p.owner().isEmpty() ? "" : " owner: " + p.owner()));
            for (Rule r : p.rules()) {
                List<String> kinds = new ArrayList<>();
                r.appliesTo().stream().sorted().forEach(k -> kinds.add(k.yamlName()));
                out.printf("%-36s v%d %-8s %-13s %-17s %s%n", r.id(), r.version(), r.severity(), r.action(),
                        r.category(), (r.enabled() ? "" : "[disabled] ") + r.description());
                out.println("    applies to: " + String.join(", ", kinds) + "; " + r.terms().size() + " terms, "
                        + r.patterns().size() + " patterns" + (r.pii().isEmpty() ? "" : ", personal data " + r.pii())
                        + "; " + r.examples().size() + " examples");
                out.println("    legal basis: " + r.legalBasis());
            }
        }
    }

    private static int usageError(PrintStream stderr, String message) {
        stderr.println("assist check: " + message);
        stderr.println("run ./assist check --help for the options");
        return 2;
    }

    private static String describe(IOException e) {
        return e instanceof NoSuchFileException ? e.getMessage() + ": no such file" : e.toString();
    }
}
