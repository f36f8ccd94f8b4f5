package com.wecomassist.compliance.eval;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/**
 * What a checker did on a labelled set.
 *
 * @param violations  violating rows
 * @param clean       clean rows
 * @param recall      share of violations caught (action not PASS)
 * @param cleanPass   share of clean rows passed (PASS, or a REWRITE that only masked personal data)
 * @param perCategory figures per category of the rows
 * @param confusion   expected action → actual action → rows
 * @param decidedBy   layer → caught violations it decided
 * @param misses      every violation passed and every clean row stopped
 */
public record EvaluationReport(int violations, int clean, double recall, double cleanPass,
                               Map<String, CategoryFigures> perCategory,
                               Map<String, Map<String, Integer>> confusion,
                               Map<String, Integer> decidedBy,
                               List<Miss> misses) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public EvaluationReport {
        perCategory = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(perCategory));
        confusion = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(confusion));
        decidedBy = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(decidedBy));
        misses = List.copyOf(misses);
    }

    /** The report as one JSON object (figures rounded to 4 decimals; misses with their text). */
    public String toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("violations", violations);
        o.put("clean", clean);
        o.put("recall", round(recall));
        o.put("cleanPass", round(cleanPass));
        ObjectNode cats = o.putObject("perCategory");
        perCategory.forEach((c, f) -> {
            ObjectNode n = cats.putObject(c);
            n.put("violations", f.violations());
            n.put("caught", f.caught());
            n.put("recall", round(f.recall()));
            n.put("clean", f.clean());
            n.put("passed", f.passed());
            n.put("cleanPass", round(f.cleanPass()));
        });
        ObjectNode conf = o.putObject("confusion");
        confusion.forEach((expected, row) -> {
            ObjectNode n = conf.putObject(expected);
            row.forEach(n::put);
        });
        ObjectNode by = o.putObject("decidedBy");
        decidedBy.forEach(by::put);
        ArrayNode ms = o.putArray("misses");
        for (Miss m : misses) {
            ObjectNode n = ms.addObject();
            n.put("text", m.row().text());
            n.put("label", m.row().label().jsonName());
            n.put("category", m.row().category());
            n.put("expected", m.row().expected().name());
            n.put("actual", m.actual().name());
            ArrayNode rules = n.putArray("rules");
            m.rules().forEach(rules::add);
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o);
    }

    private static double round(double x) {
        return Math.round(x * 10_000) / 10_000.0;
    }
}
