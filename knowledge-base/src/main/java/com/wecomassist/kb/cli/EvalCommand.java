package com.wecomassist.kb.cli;

import com.wecomassist.kb.entry.Entry;
import com.wecomassist.kb.entry.EntryStatus;
import com.wecomassist.kb.policy.AnswerPolicy;
import com.wecomassist.kb.eval.Calibration;
import com.wecomassist.kb.eval.EvalQueries;
import com.wecomassist.kb.eval.EvalQuery;
import com.wecomassist.kb.eval.EvalReport;
import com.wecomassist.kb.eval.EvalSummary;
import com.wecomassist.kb.eval.Evaluation;
import com.wecomassist.kb.eval.PolicySimulation;
import com.wecomassist.kb.eval.QueryOutcome;
import com.wecomassist.kb.search.ChineseAnalysis;
import com.wecomassist.kb.search.ConfidenceModel;
import com.wecomassist.kb.search.EmbeddingModels;
import com.wecomassist.kb.search.QueryAdapter;
import com.wecomassist.kb.search.SearchSettings;
import com.wecomassist.kb.store.EntryFileException;
import com.wecomassist.kb.store.EntryFiles;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code ./assist eval}: runs labelled questions against a knowledge-base file and reports
 * accuracy, hit@k, MRR, latency and the auto-send curve (coverage vs precision per confidence
 * threshold). The content team runs it before publishing; search engineers use {@code --compare}
 * to measure techniques against each other on the same data.
 */
public final class EvalCommand {

    static final String USAGE = """
            usage: ./assist eval --kb FILE --queries FILE --out DIR [options]

            Builds a knowledge base from FILE (JSONL or CSV, all rows treated as published), asks every
            query of the query file (JSONL: {"query", "expectedId", "answerId"}) and writes DIR/summary.json,
            DIR/report.md and DIR/curve.svg. Correct = the top entry has the expected answerId.

            options:
              --mode standard|with-variants|both   standard questions only (default), k-fold with the other
                                                   folds' phrasings added as variants, or both
              --folds N                            folds for with-variants mode (default 5)
              --analysis banking|banking-words|cjk-bigram|smartcn   Chinese analysis for BM25 (default banking)
              --fusion weighted|rrf|lexical|dense  how lexical and dense evidence combine (default weighted)
              --lexical-weight X --dense-weight X  weights of the weighted fusion
              --answer-weight X                    weight of the cosine between the query and the answer text
              --temperature X                      soft maximum over an answer's phrasings (0 = best phrasing only)
              --penalty X                          score penalty for contradicting phrasings
              --query-prefix TEXT                  instruction prepended to queries before embedding
              --query-adapter fit|off|FILE         learned map on the query's embedding: fitted on each evaluated
                                                   KB's own phrasings (the default, as the gateway does: per fold
                                                   with variants; under 600 phrasings whose answer has another it
                                                   stays the identity), none, or one written by kb fit-adapter
              --shared-map on|off                  with --query-adapter fit, a KB whose adapter stays the identity
                                                   gets a map of both sides fitted on its own questions and answer
                                                   openings, applied to its index and its queries (default on, as
                                                   the gateway does: assist.kb.shared-map; off: plain vectors)
              --adapter-sides query|both|both+answers[:STEPS]   with --query-adapter fit, a KB with enough variants
                                                   gets the query adapter (query: the default) or instead a map of both
                                                   sides fitted on its phrasings (and answer openings) for STEPS
                                                   (default 100) steps, applied to its index and queries (a
                                                   measurement: not in the product)
              --outcomes                           also write DIR/outcomes-MODE.tsv: per question the fold, rank, confidences
                                                   and features (numbers and hashes only), for offline experiments
              --fit-confidence                     fit the confidence and menu confidence models on these outcomes;
                                                   write DIR/confidence.json and DIR/menu-confidence.json
              --confidence FILE                    use a fitted confidence model (confidence.json) instead of the shipped one
              --menu-confidence FILE               use a fitted menu confidence model (menu-confidence.json)
              --per-category on|off                fit (and cross-fit) log-odds offsets per category of the top answer
                                                   (default off, as the shipped defaults are fitted)

            answer policy (auto-send / 猜你想问 menu / agent), simulated on cross-fitted confidences:
              --auto-precision X                   choose the auto-send threshold for this precision (default 0.97)
              --menu-success X                     choose the menu threshold so that this share of the menus offered
                                                   hold the right answer (default 0.80)
                                                   (both chosen on the other folds, measured on the held-out one)
              --auto-send-at X --menu-at Y         simulate these thresholds instead (both; menu-at above 1: no menus)
              --menu-items N                       candidates a menu offers (default 3)
              --compare                            measure each technique in the chosen mode(s), write DIR/compare.md
              --help                               this text
            """;

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    private EvalCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cl;
        try {
            cl = new CommandLine(args, Set.of("--kb", "--queries", "--out", "--mode", "--folds", "--analysis",
                    "--fusion", "--lexical-weight", "--dense-weight", "--answer-weight", "--temperature", "--penalty",
                    "--query-prefix", "--confidence", "--menu-confidence", "--auto-precision", "--menu-success",
                    "--auto-send-at", "--menu-at", "--menu-items", "--per-category", "--query-adapter", "--shared-map",
                    "--adapter-sides"),
                    Set.of("--fit-confidence", "--compare", "--outcomes"));
            if (cl.help()) {
                out.print(USAGE);
                return 0;
            }
            Path kbFile = Path.of(cl.required("--kb"));
            Path queryFile = Path.of(cl.required("--queries"));
            Path outDir = Path.of(cl.required("--out"));
            String mode = cl.get("--mode", "standard").toLowerCase(Locale.ROOT);
            if (!Set.of("standard", "with-variants", "variants", "both").contains(mode)) {
                throw new CommandLine.UsageException("--mode must be standard, with-variants or both");
            }
            int folds = (int) cl.number("--folds", 5);
            if (folds < 2) {
                throw new CommandLine.UsageException("--folds must be at least 2");
            }
            SearchSettings d = SearchSettings.defaults();
            SearchSettings settings = d.withAnalysis(cl.choice("--analysis", ChineseAnalysis.class, d.analysis()))
                    .withFusion(cl.choice("--fusion", SearchSettings.Fusion.class, d.fusion()))
                    .withWeights(cl.number("--lexical-weight", d.lexicalWeight()), cl.number("--dense-weight", d.denseWeight()))
                    .withAnswerWeights(cl.number("--answer-weight", d.answerWeight()), d.answerLexicalWeight(),
                            d.answerQueryPrefix())
                    .withAggregationTemperature(cl.number("--temperature", d.aggregationTemperature()))
                    .withContradictionPenalty(cl.number("--penalty", d.contradictionPenalty()))
                    .withQueryPrefix(cl.get("--query-prefix", d.queryPrefix()));
            if (cl.get("--confidence", null) != null) {
                settings = settings.withConfidence(ConfidenceModel.read(Path.of(cl.get("--confidence", null))));
            }

            if (cl.get("--menu-confidence", null) != null) {
                settings = settings.withMenuConfidence(ConfidenceModel.read(Path.of(cl.get("--menu-confidence", null))));
            }
            String adapterOption = cl.get("--query-adapter", "fit");
            if (!adapterOption.equals("off") && !adapterOption.equals("fit")) {
                try {
                    settings = settings.withQueryAdapter(QueryAdapter.read(Path.of(adapterOption))
                            .requireModel(EmbeddingModels.BGE_SMALL_ZH));
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.UsageException(e.getMessage());
                }
            }
            PolicyOptions policy = policyOptions(cl);
            String perCategoryOption = cl.get("--per-category", "off").toLowerCase(Locale.ROOT);
            if (!Set.of("on", "off").contains(perCategoryOption)) {
                throw new CommandLine.UsageException("--per-category must be on or off");
            }
            boolean perCategory = perCategoryOption.equals("on");

            List<Entry> entries = EntryFiles.read(kbFile, EntryStatus.PUBLISHED);
            List<EvalQuery> queries = EvalQueries.read(queryFile);
            checkLabels(entries, queries, queryFile);
            err.printf(Locale.ROOT, "eval: %d entries, %d queries; loading the embedding model%n", entries.size(), queries.size());
            Evaluation evaluation = new Evaluation(EmbeddingModels.bgeSmallZh(), msg -> err.println("eval: " + msg));
            String sharedOption = cl.get("--shared-map", "on").toLowerCase(Locale.ROOT);
            if (!Set.of("on", "off").contains(sharedOption)) {
                throw new CommandLine.UsageException("--shared-map must be on or off");
            }
            if (adapterOption.equals("fit")) {
                evaluation = evaluation.fittingQueryAdapters(QueryAdapter.Fitting.defaults());
                if (sharedOption.equals("on")) {
                    evaluation = evaluation.fittingSharedMaps(QueryAdapter.Fitting.shared());
                }
                String sides = cl.get("--adapter-sides", "query").toLowerCase(Locale.ROOT);
                if (!sides.matches("query|both(\\+answers)?(:[1-9][0-9]{0,3})?")) {
                    throw new CommandLine.UsageException("--adapter-sides must be query, both, both+answers, "
                            + "optionally followed by :STEPS");
                }
                if (sides.startsWith("both")) {
                    int colon = sides.indexOf(':');
                    int steps = colon > 0 ? Integer.parseInt(sides.substring(colon + 1)) : 100;
                    QueryAdapter.Fitting d0 = QueryAdapter.Fitting.defaults();
                    evaluation = evaluation.fittingBothSides(new QueryAdapter.Fitting(steps, d0.learningRate(),
                            d0.ridge(), d0.temperature(), d0.batch(), d0.minTraining(), d0.maxContrast()),
                            sides.startsWith("both+answers"));
                }
            }

            List<Evaluation.Mode> modes = switch (mode) {
                case "standard" -> List.of(Evaluation.Mode.STANDARD);
                case "both" -> List.of(Evaluation.Mode.STANDARD, Evaluation.Mode.WITH_VARIANTS);
                default -> List.of(Evaluation.Mode.WITH_VARIANTS);
            };
            if (cl.flag("--compare")) {
                return compare(evaluation, entries, queries, outDir, modes, folds, out);
            }
            List<EvalSummary> summaries = new ArrayList<>();
            List<QueryOutcome> pooled = new ArrayList<>();
            StringBuilder crossFit = new StringBuilder();
            List<EvalSummary> crossFitted = new ArrayList<>();
            for (Evaluation.Mode m : modes) {
                List<QueryOutcome> outcomes = evaluation.run(entries, queries, m, folds, settings);
                pooled.addAll(outcomes);
                String name = m == Evaluation.Mode.STANDARD ? "standard" : "with-variants";
                double[] cfConfidence = Calibration.crossFitted(outcomes, 5, QueryOutcome::correct, perCategory);
                double[] cfMenu = Calibration.crossFittedMenu(outcomes, 5, cfConfidence, perCategory);
                EvalSummary s = EvalSummary.of(name, outcomes).withPolicy(policy.simulate(outcomes, cfConfidence, cfMenu));
                summaries.add(s);
                out.print(EvalReport.console(s));
                if (cl.flag("--outcomes")) {
                    writeOutcomes(outDir.resolve("outcomes-" + name + ".tsv"), outcomes, cfConfidence, cfMenu);
                }
                EvalSummary cf = EvalSummary.of(name + " cross-fitted", outcomes, cfConfidence);
                crossFitted.add(cf);
                crossFit.append(EvalReport.console(cf));
            }
            out.print(crossFit);
            String settingsLine = describe(settings) + (adapterOption.equals("off") ? "" : " queryAdapter=" + adapterOption)
                    + (adapterOption.equals("fit") ? " sharedMap=" + sharedOption : "")
                    + (modes.size() > 1 || modes.get(0) != Evaluation.Mode.STANDARD
                    ? " folds=" + folds : "");
            EvalReport.write(outDir, summaries, crossFitted, settingsLine);
            if (cl.flag("--fit-confidence")) {
                String json = modelJson(Calibration.fit(pooled, QueryOutcome::correct, perCategory));
                Files.writeString(outDir.resolve("confidence.json"), json, StandardCharsets.UTF_8);
                out.print("fitted confidence model: " + json);
                String menuJson = modelJson(Calibration.fitMenu(pooled, perCategory));
                Files.writeString(outDir.resolve("menu-confidence.json"), menuJson, StandardCharsets.UTF_8);
                out.print("fitted menu confidence model: " + menuJson);
            }
            out.println("eval: wrote " + outDir.resolve("summary.json") + ", report.md, curve.svg");
            return 0;
        } catch (CommandLine.UsageException e) {
            err.println("eval: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (EntryFileException e) {
            err.println("eval: " + e.getMessage().replaceFirst("; first:.*", ""));
            e.errors().stream().limit(20).forEach(r -> err.println("  " + r));
            return 1;
        } catch (UncheckedIOException e) {
            err.println("eval: " + e.getCause().getMessage());
            return 1;
        } catch (java.io.IOException e) {
            err.println("eval: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Writes the per-question evidence of one mode, numbers only (fold, rank of the expected answer, candidates,
     * hashes of the top answer's category and of the expected answer, the cross-fitted and the model's
     * confidences, the confidence features): what offline experiments with the confidence model start from,
     * without a row of the questions or answers themselves.
     */
    private static void writeOutcomes(Path file, List<QueryOutcome> outcomes, double[] cf, double[] cfMenu)
            throws java.io.IOException {
        Files.createDirectories(file.getParent());
        StringBuilder sb = new StringBuilder("fold\trank\tcandidates\tcategory\tanswer\tcf\tcfMenu\tconf\tmenuConf");
        for (String f : ConfidenceModel.FEATURE_NAMES) {
            sb.append('\t').append(f);
        }
        sb.append('\n');
        for (int i = 0; i < outcomes.size(); i++) {
            QueryOutcome o = outcomes.get(i);
            sb.append(o.fold()).append('\t').append(o.rank()).append('\t').append(o.candidates()).append('\t')
                    .append(Integer.toHexString(o.topCategory().hashCode())).append('\t')
                    .append(Integer.toHexString(o.query().expectedAnswer().hashCode())).append('\t')
                    .append(cf[i]).append('\t').append(cfMenu[i]).append('\t').append(o.confidence()).append('\t')
                    .append(o.menuConfidence());
            for (double v : o.features().vector()) {
                sb.append('\t').append(v);
            }
            sb.append('\n');
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    /** How the answer policy is simulated: thresholds given, or chosen from targets on cross-fitted folds. */
    private record PolicyOptions(Double autoSendAt, Double menuAt, int menuItems, double autoPrecision,
            double menuSuccess) {

        PolicySimulation.Split simulate(List<QueryOutcome> outcomes, double[] confidence, double[] menuConfidence) {
            if (autoSendAt != null) {
                return PolicySimulation.simulate(new AnswerPolicy(autoSendAt, menuAt, menuItems), outcomes, confidence,
                        menuConfidence, "given");
            }
            return PolicySimulation.crossFitted(outcomes, confidence, menuConfidence, menuItems, autoPrecision,
                    menuSuccess, 5);
        }
    }

    private static PolicyOptions policyOptions(CommandLine cl) {
        double autoPrecision = cl.number("--auto-precision", 0.97);
        double menuSuccess = cl.number("--menu-success", 0.80);
        if (!(autoPrecision > 0 && autoPrecision <= 1) || !(menuSuccess > 0 && menuSuccess <= 1)) {
            throw new CommandLine.UsageException("--auto-precision and --menu-success must be within 0..1");
        }
        double items = cl.number("--menu-items", AnswerPolicy.MENU_ITEMS);
        if (items != Math.rint(items) || items < 2 || items > 10) {
            throw new CommandLine.UsageException("--menu-items must be a whole number within 2..10");
        }
        boolean autoGiven = cl.get("--auto-send-at", null) != null;
        boolean menuGiven = cl.get("--menu-at", null) != null;
        if (autoGiven != menuGiven) {
            throw new CommandLine.UsageException("--auto-send-at and --menu-at go together");
        }
        if (!autoGiven) {
            return new PolicyOptions(null, null, (int) items, autoPrecision, menuSuccess);
        }
        double auto = cl.number("--auto-send-at", 0);
        double menu = cl.number("--menu-at", 0);
        if (!(auto >= 0 && auto <= 1) || !(menu >= 0)) {
            throw new CommandLine.UsageException("--auto-send-at must be within 0..1 and --menu-at at least 0");
        }
        return new PolicyOptions(auto, menu, (int) items, autoPrecision, menuSuccess);
    }

    /** A fitted model as the JSON {@link ConfidenceModel#read} loads (numbers only). */
    private static String modelJson(ConfidenceModel fitted) {
        StringBuilder json = new StringBuilder("{\n  \"features\": [\"intercept\"");
        for (String f : ConfidenceModel.FEATURE_NAMES) {
            json.append(", \"").append(f).append('"');
        }
        json.append("],\n  \"weights\": [");
        for (int i = 0; i < fitted.weights().length; i++) {
            json.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4f", fitted.weights()[i]));
        }
        json.append("],\n  \"knotsX\": ").append(java.util.Arrays.toString(round(fitted.knotsX())))
                .append(",\n  \"knotsY\": ").append(java.util.Arrays.toString(round(fitted.knotsY())));
        if (!fitted.categoryOffsets().isEmpty()) {
            json.append(",\n  \"categoryOffsets\": ").append(JSON.writeValueAsString(new java.util.TreeMap<>(
                    fitted.categoryOffsets())));
        }
        return json.append("\n}\n").toString();
    }

    private static double[] round(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.round(v[i] * 10000) / 10000.0;
        }
        return out;
    }

    private static void checkLabels(List<Entry> entries, List<EvalQuery> queries, Path queryFile) {
        Set<String> ids = new HashSet<>();
        entries.forEach(e -> ids.add(e.id()));
        List<com.wecomassist.kb.store.RowError> errors = new ArrayList<>();
        for (int i = 0; i < queries.size(); i++) {
            if (!ids.contains(queries.get(i).expectedId())) {
                errors.add(new com.wecomassist.kb.store.RowError(i + 1, "",
                        "expectedId '" + queries.get(i).expectedId() + "' is not in the KB file"));
            }
        }
        if (!errors.isEmpty()) {
            throw new EntryFileException(queryFile.toString(), errors);
        }
    }

    static String describe(SearchSettings s) {
        return String.format(Locale.ROOT, "analysis=%s fusion=%s lexicalWeight=%.2f denseWeight=%.2f answerWeight=%.2f "
                + "temperature=%.3f penalty=%.2f queryPrefix='%s'",
                s.analysis().name().toLowerCase(Locale.ROOT), s.fusion().name().toLowerCase(Locale.ROOT),
                s.lexicalWeight(), s.denseWeight(), s.answerWeight(), s.aggregationTemperature(),
                s.contradictionPenalty(), s.queryPrefix());
    }

    /** One row of the techniques table: a configuration and the model it embeds with. */
    private record Technique(String name, Evaluation evaluation, SearchSettings settings) {
    }

    /** The techniques table: each configuration measured in the chosen mode(s) on the same data. */
    private static int compare(Evaluation evaluation, List<Entry> entries, List<EvalQuery> queries, Path outDir,
            List<Evaluation.Mode> modes, int folds, PrintStream out) throws java.io.IOException {
        SearchSettings d = SearchSettings.defaults();
        SearchSettings.Fusion lexical = SearchSettings.Fusion.LEXICAL;
        SearchSettings plain = d.withAnswerWeights(0, 0, "").withAggregationTemperature(0).withContradictionPenalty(0);
        // The model exactly as the artifact ships it: what case folding gains (CaseFoldingEmbeddingModel).
        Evaluation asShipped = new Evaluation(EmbeddingModels.bgeSmallZhAsShipped(), msg -> {
        });
        List<Technique> rows = new ArrayList<>();
        rows.add(new Technique("BM25, SmartChineseAnalyzer", evaluation, d.withAnalysis(ChineseAnalysis.SMARTCN).withFusion(lexical)));
        rows.add(new Technique("BM25, CJK bigrams", evaluation, d.withAnalysis(ChineseAnalysis.CJK_BIGRAM).withFusion(lexical)));
        rows.add(new Technique("BM25, banking (bigrams+unigrams+synonyms)", evaluation, d.withFusion(lexical)));
        rows.add(new Technique("dense bge-small-zh as shipped (no case folding)", asShipped,
                plain.withFusion(SearchSettings.Fusion.DENSE)));
        rows.add(new Technique("dense bge-small-zh, case-folded input (best phrasing)", evaluation,
                plain.withFusion(SearchSettings.Fusion.DENSE)));
        rows.add(new Technique("dense, bge query instruction", evaluation, plain.withFusion(SearchSettings.Fusion.DENSE)
                .withQueryPrefix(SearchSettings.BGE_QUERY_INSTRUCTION)));
        rows.add(new Technique("hybrid RRF (banking)", evaluation, plain.withFusion(SearchSettings.Fusion.RRF)));
        rows.add(new Technique(String.format(Locale.ROOT, "hybrid weighted %.2f BM25 + 1.0 cosine (banking)",
                d.lexicalWeight()), evaluation, plain));
        rows.add(new Technique("hybrid weighted, lexical weight 0.15", evaluation, plain.withWeights(0.15, 1.0)));
        rows.add(new Technique(String.format(Locale.ROOT, "+ answer-text cosine %.1f", d.answerWeight()), evaluation,
                plain.withAnswerWeights(d.answerWeight(), 0, "")));
        rows.add(new Technique("+ answer-text cosine 0.3 instead", evaluation, plain.withAnswerWeights(0.3, 0, "")));
        rows.add(new Technique(String.format(Locale.ROOT, "+ soft-max aggregation over variants (τ %.3f)",
                d.aggregationTemperature()), evaluation, plain.withAnswerWeights(d.answerWeight(), 0, "")
                .withAggregationTemperature(d.aggregationTemperature())));
        rows.add(new Technique(String.format(Locale.ROOT, "+ contradiction penalty %.2f (default)",
                d.contradictionPenalty()), evaluation, d));
        rows.add(new Technique("default, model as shipped (no case folding)", asShipped, d));
        rows.add(new Technique("default, SmartCN instead of banking", evaluation, d.withAnalysis(ChineseAnalysis.SMARTCN)));
        rows.add(new Technique("default, CJK bigrams instead of banking", evaluation, d.withAnalysis(ChineseAnalysis.CJK_BIGRAM)));
        rows.add(new Technique("default + IDF-weighted Dice overlap 0.3", evaluation, d.withOverlapWeight(0.3)));
        rows.add(new Technique("default + answer-text BM25 0.2", evaluation, d.withAnswerWeights(d.answerWeight(), 0.2, "")));
        rows.add(new Technique("default, answer cosine with bge instruction", evaluation, d.withAnswerWeights(
                d.answerWeight(), 0, SearchSettings.BGE_QUERY_INSTRUCTION)));
        StringBuilder md = new StringBuilder("| technique | mode | accuracy@1 | hit@3 | hit@5 | MRR |"
                + " coverage@0.9 | precision@0.9 |\n|---|---|---|---|---|---|---|---|\n");
        for (Technique c : rows) {
            for (Evaluation.Mode mode : modes) {
                List<QueryOutcome> outcomes = c.evaluation().run(entries, queries, mode, folds, c.settings());
                EvalSummary s = EvalSummary.of(c.name(), outcomes, Calibration.crossFitted(outcomes, 5));
                String row = String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |%n",
                        c.name(), mode == Evaluation.Mode.STANDARD ? "standard" : "with variants", s.accuracyAt1(),
                        s.hitAt3(), s.hitAt5(), s.mrr(), s.at(0.9).coverage(), s.at(0.9).precision());
                out.print(row);
                out.flush();
                md.append(row);
            }
        }
        md.append("\ncoverage/precision at confidence ≥ 0.9 use a confidence model cross-fitted per technique and mode"
                + " (5 folds), since the shipped model is fitted for the default settings only.\n");
        Files.createDirectories(outDir);
        Files.writeString(outDir.resolve("compare.md"), md, StandardCharsets.UTF_8);
        return 0;
    }
}
