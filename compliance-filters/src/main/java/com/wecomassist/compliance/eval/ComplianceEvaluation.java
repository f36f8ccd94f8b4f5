package com.wecomassist.compliance.eval;

import com.wecomassist.compliance.ComplianceChecker;
import com.wecomassist.compliance.Hit;
import com.wecomassist.compliance.Layer;
import com.wecomassist.compliance.Verdict;
import com.wecomassist.compliance.rules.Action;
import com.wecomassist.compliance.semantic.Exemplar;
import com.wecomassist.compliance.semantic.ExemplarSet;
import com.wecomassist.compliance.semantic.Label;
import com.wecomassist.compliance.semantic.SemanticLayer;
import dev.langchain4j.model.embedding.EmbeddingModel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs a checker over labelled rows and counts: a violation is caught when the action is not
 * PASS; a clean row passes when the action is PASS, or REWRITE with only personal data masked
 * (masking changes nothing an officer would object to).
 */
public final class ComplianceEvaluation {

    /** Category of the rules that mask personal data. */
    static final String PERSONAL_DATA = "personal-data";

    private ComplianceEvaluation() {
    }

    public static EvaluationReport run(ComplianceChecker checker, List<LabelledText> rows) {
        Tally tally = new Tally(rows);
        for (LabelledText row : rows) tally.add(row, checker.check(row.text(), row.kind()));
        return tally.report();
    }

    /**
     * Honest figures of rules plus a semantic layer on the rows its exemplars come from: the rows
     * are cut into {@code folds} folds, and each fold is checked by a layer
     * built from the other folds' rows (plus {@code extra} exemplars, e.g. the ordinary service
     * sentences). A layer checking its own exemplars would find them all, which says nothing.
     *
     * @param rules   the checker whose rules decide first (its own semantic layer, if any, is ignored)
     * @param folds   number of folds (5 in the figures reported)
     */
    public static EvaluationReport crossValidate(ComplianceChecker rules, List<LabelledText> rows, List<Exemplar> extra,
                                                 EmbeddingModel model, SemanticLayer.Options options, int folds) {
        EmbeddingModel remembering = new RememberingEmbeddingModel(model);
        Tally tally = new Tally(rows);
        for (int f = 0; f < folds; f++) {
            List<Exemplar> train = new ArrayList<>(extra);
            List<LabelledText> test = new ArrayList<>();
            for (LabelledText r : rows) {
                if (foldOf(r, folds) == f) test.add(r);
                else train.add(new Exemplar(r.text(), r.label(), r.category(), r.basis(), "fold"));
            }
            if (test.isEmpty()) continue;
            // a fold's layer is thrown away: it keeps the vectors but not its fitted models
            SemanticLayer layer = SemanticLayer.build(new ExemplarSet("cv-fold-" + f, train), remembering,
                    options.withFittedModelsKept(false));
            ComplianceChecker checker = rules.withSemanticLayer(layer);
            for (LabelledText r : test) tally.add(r, checker.check(r.text(), r.kind()));
        }
        return tally.report();
    }

    /** Deterministic fold of a row (a hash of its text), so runs repeat. */
    static int foldOf(LabelledText r, int folds) {
        return Math.floorMod(r.text().hashCode() * 0x2545F491, folds);
    }

    /** Counts verdicts row by row into a report. */
    private static final class Tally {
        final Map<String, CategoryFigures> perCategory = new LinkedHashMap<>();
        final Map<String, Map<String, Integer>> confusion = new LinkedHashMap<>();
        final Map<String, Integer> decidedBy = new LinkedHashMap<>();
        final List<Miss> misses = new ArrayList<>();
        int violations, caught, clean, passed;

        Tally(List<LabelledText> rows) {
            for (String c : ExemplarSet.CATEGORIES) {
                if (rows.stream().anyMatch(r -> r.category().equals(c))) perCategory.put(c, new CategoryFigures(0, 0, 0, 0));
            }
            for (Action a : Action.values()) {
                if (rows.stream().anyMatch(r -> r.expected() == a)) confusion.put(a.name(), new LinkedHashMap<>());
            }
        }

        void add(LabelledText row, Verdict v) {
            confusion.computeIfAbsent(row.expected().name(), k -> new LinkedHashMap<>()).merge(v.action().name(), 1, Integer::sum);
            CategoryFigures f;
            if (row.label() == Label.VIOLATION) {
                violations++;
                boolean ok = v.action() != Action.PASS;
                if (ok) {
                    caught++;
                    decidedBy.merge(v.decidedBy().name(), 1, Integer::sum);
                } else {
                    misses.add(new Miss(row, v.action(), ruleIds(v)));
                }
                f = new CategoryFigures(1, ok ? 1 : 0, 0, 0);
            } else {
                clean++;
                boolean ok = passes(v);
                if (ok) passed++;
                else misses.add(new Miss(row, v.action(), ruleIds(v)));
                f = new CategoryFigures(0, 0, 1, ok ? 1 : 0);
            }
            perCategory.merge(row.category(), f, CategoryFigures::plus);
        }

        EvaluationReport report() {
            // Sort the actual actions of each confusion row by severity, so the table reads the same every run.
            Map<String, Map<String, Integer>> ordered = new LinkedHashMap<>();
            confusion.forEach((e, row) -> {
                Map<String, Integer> sorted = new TreeMap<>((a, b) -> Action.valueOf(a).compareTo(Action.valueOf(b)));
                sorted.putAll(row);
                ordered.put(e, new LinkedHashMap<>(sorted));
            });
            Map<String, Integer> layers = new LinkedHashMap<>();
            for (Layer l : Layer.values()) if (decidedBy.containsKey(l.name())) layers.put(l.name(), decidedBy.get(l.name()));
            return new EvaluationReport(violations, clean, violations == 0 ? 1 : (double) caught / violations,
                    clean == 0 ? 1 : (double) passed / clean, perCategory, ordered, layers, misses);
        }
    }

    /** True when a clean text would reach the customer without anyone changing what it says. */
    static boolean passes(Verdict v) {
        if (v.action() == Action.PASS) return true;
        if (v.action() != Action.REWRITE) return false;
        for (Hit h : v.hits()) {
            if (h.action() != Action.PASS && !h.category().equals(PERSONAL_DATA)) return false;
        }
        return true;
    }

    private static List<String> ruleIds(Verdict v) {
        return v.hits().stream().map(Hit::ruleId).distinct().toList();
    }
}
