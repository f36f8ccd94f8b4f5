package com.wecomassist.kb.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes an evaluation's files: {@code summary.json} (machine-readable), {@code report.md}
 * (readable, with a text chart of coverage against precision) and {@code curve.svg} (the same
 * chart as an image, one line per mode).
 */
public final class EvalReport {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private EvalReport() {
    }

    public static ObjectNode json(EvalSummary s) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("mode", s.mode());
        n.put("queries", s.queries());
        n.put("accuracyAt1", round(s.accuracyAt1()));
        n.put("hitAt3", round(s.hitAt3()));
        n.put("hitAt5", round(s.hitAt5()));
        n.put("mrr", round(s.mrr()));
        n.put("latencyMsP50", round(s.latencyMsP50()));
        n.put("latencyMsP99", round(s.latencyMsP99()));
        ArrayNode curve = n.putArray("autoSendCurve");
        for (EvalSummary.CurvePoint p : s.autoSendCurve()) {
            ObjectNode c = curve.addObject();
            c.put("threshold", p.threshold());
            c.put("coverage", round(p.coverage()));
            c.put("precision", round(p.precision()));
        }
        ArrayNode cal = n.putArray("calibration");
        for (EvalSummary.CalibrationBin b : s.calibration()) {
            ObjectNode c = cal.addObject();
            c.put("from", b.from());
            c.put("to", b.to());
            c.put("count", b.count());
            c.put("meanConfidence", round(b.meanConfidence()));
            c.put("accuracy", round(b.accuracy()));
        }
        if (s.policy() != null) {
            PolicySimulation.Split p = s.policy();
            ObjectNode o = n.putObject("policy");
            o.put("autoShare", round(p.autoShare()));
            o.put("autoPrecision", round(p.autoPrecision()));
            o.put("menuShare", round(p.menuShare()));
            o.put("menuSuccess", round(p.menuSuccess()));
            o.put("humanShare", round(p.humanShare()));
            o.put("selfServeShare", round(p.selfServeShare()));
            o.put("autoSendAt", round(p.autoSendAt()));
            o.put("menuAt", round(p.menuAt()));
            o.put("menuItems", p.menuItems());
            o.put("confidences", "cross-fitted");
            o.put("chosen", p.chosen());
            ArrayNode menuCal = o.putArray("menuCalibration");
            for (EvalSummary.CalibrationBin b : p.menuCalibration()) {
                ObjectNode c = menuCal.addObject();
                c.put("from", b.from());
                c.put("to", b.to());
                c.put("count", b.count());
                c.put("meanMenuConfidence", round(b.meanConfidence()));
                c.put("withinMenu", round(b.accuracy()));
            }
        }
        return n;
    }

    /** Writes summary.json (first summary at top level, further ones under {@code modes}), report.md and curve.svg. */
    public static void write(Path dir, List<EvalSummary> summaries, List<EvalSummary> crossFitted, String settingsLine) {
        try {
            Files.createDirectories(dir);
            ObjectNode root = json(summaries.get(0));
            root.put("settings", settingsLine);
            if (summaries.size() > 1) {
                ObjectNode modes = root.putObject("modes");
                for (EvalSummary s : summaries) {
                    modes.set(s.mode(), json(s));
                }
            }
            ObjectNode cf = root.putObject("crossFitted");
            for (EvalSummary s : crossFitted) {
                cf.set(s.mode(), json(s));
            }
            Files.writeString(dir.resolve("summary.json"),
                    MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n", StandardCharsets.UTF_8);
            List<EvalSummary> all = new java.util.ArrayList<>(summaries);
            all.addAll(crossFitted);
            Files.writeString(dir.resolve("report.md"), markdown(all, settingsLine), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("curve.svg"), svg(summaries), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The short text printed to the console. */
    public static String console(EvalSummary s) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-14s queries=%d  acc@1=%.3f  hit@3=%.3f  hit@5=%.3f  mrr=%.3f  "
                + "latency p50=%.1f ms p99=%.1f ms%n", s.mode(), s.queries(), s.accuracyAt1(), s.hitAt3(), s.hitAt5(),
                s.mrr(), s.latencyMsP50(), s.latencyMsP99()));
        sb.append("               auto-send:");
        for (double t : new double[] {0.5, 0.7, 0.8, 0.9, 0.95}) {
            EvalSummary.CurvePoint p = s.at(t);
            sb.append(String.format(Locale.ROOT, "  ≥%.2f cov %.2f prec %.2f", t, p.coverage(), p.precision()));
        }
        sb.append('\n');
        if (s.policy() != null) {
            sb.append("               policy:   ").append(policyLine(s.policy())).append('\n');
        }
        return sb.toString();
    }

    /** The answer policy's split in one line (console and report). */
    static String policyLine(PolicySimulation.Split p) {
        return String.format(Locale.ROOT, "auto %.3f (precision %.3f)  menu %.3f (success %.3f)  human %.3f  "
                + "self-serve %.3f  at autoSendAt=%.3f menuAt=%s menuItems=%d", p.autoShare(), p.autoPrecision(),
                p.menuShare(), p.menuSuccess(), p.humanShare(), p.selfServeShare(), p.autoSendAt(),
                p.menuAt() > 1 ? "off" : String.format(Locale.ROOT, "%.3f", p.menuAt()), p.menuItems());
    }

    static String markdown(List<EvalSummary> summaries, String settingsLine) {
        StringBuilder sb = new StringBuilder("# Knowledge-base evaluation\n\n");
        sb.append("Settings: `").append(settingsLine).append("`\n\n");
        sb.append("Modes marked *cross-fitted* use a confidence model fitted on the other folds of these same"
                + " questions (an honest estimate of calibration on unseen questions); the others use the"
                + " confidence model the knowledge base ships with.\n\n");
        sb.append("| mode | queries | accuracy@1 | hit@3 | hit@5 | MRR | p50 ms | p99 ms |\n|---|---|---|---|---|---|---|---|\n");
        for (EvalSummary s : summaries) {
            sb.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.3f | %.3f | %.1f | %.1f |%n", s.mode(),
                    s.queries(), s.accuracyAt1(), s.hitAt3(), s.hitAt5(), s.mrr(), s.latencyMsP50(), s.latencyMsP99()));
        }
        for (EvalSummary s : summaries) {
            if (s.policy() != null) {
                sb.append("\n## ").append(s.mode()).append(": answer policy (auto-send / 猜你想问 menu / agent)\n\n")
                        .append("Simulated with cross-fitted confidences; thresholds: ").append(s.policy().chosen())
                        .append(".\n\n").append(policyLine(s.policy())).append('\n');
                sb.append("\nMenu confidence reliability (share whose right answer is among the first ")
                        .append(s.policy().menuItems()).append("):\n\n| menu confidence | questions | mean | observed |\n|---|---|---|---|\n");
                for (EvalSummary.CalibrationBin b : s.policy().menuCalibration()) {
                    sb.append(String.format(Locale.ROOT, "| %.1f–%.1f | %d | %.3f | %.3f |%n", b.from(), b.to(), b.count(),
                            b.meanConfidence(), b.accuracy()));
                }
            }
        }
        for (EvalSummary s : summaries) {
            sb.append("\n## ").append(s.mode()).append(": auto-send curve\n\n");
            sb.append("Coverage = share of questions whose confidence reaches the threshold (sent without a person);"
                    + " precision = share of those that were right.\n\n```\n");
            sb.append(textChart(s));
            sb.append("```\n\n| threshold | coverage | precision |\n|---|---|---|\n");
            for (EvalSummary.CurvePoint p : s.autoSendCurve()) {
                if (Math.round(p.threshold() * 100) % 5 == 0 || p.threshold() >= 0.9) {
                    sb.append(String.format(Locale.ROOT, "| %.2f | %.3f | %.3f |%n", p.threshold(), p.coverage(),
                            p.precision()));
                }
            }
            sb.append("\nCalibration (reliability bins):\n\n| confidence | questions | mean confidence | accuracy |\n|---|---|---|---|\n");
            for (EvalSummary.CalibrationBin b : s.calibration()) {
                sb.append(String.format(Locale.ROOT, "| %.1f–%.1f | %d | %.3f | %.3f |%n", b.from(), b.to(), b.count(),
                        b.meanConfidence(), b.accuracy()));
            }
        }
        sb.append("\n![coverage vs precision](curve.svg)\n");
        return sb.toString();
    }

    /** Precision (rows) against coverage (columns), one mark per threshold. */
    static String textChart(EvalSummary s) {
        int w = 50;
        int h = 12;
        char[][] grid = new char[h][w];
        for (char[] row : grid) {
            java.util.Arrays.fill(row, ' ');
        }
        double lo = 0.5;
        for (EvalSummary.CurvePoint p : s.autoSendCurve()) {
            int x = (int) Math.round(p.coverage() * (w - 1));
            int y = (int) Math.round((Math.max(lo, p.precision()) - lo) / (1 - lo) * (h - 1));
            grid[h - 1 - y][x] = p.threshold() >= 0.895 && p.threshold() <= 0.905 ? '9' : '*';
        }
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < h; r++) {
            double label = 1 - (1 - lo) * r / (h - 1);
            sb.append(String.format(Locale.ROOT, "%4.2f |", label)).append(grid[r]).append('\n');
        }
        sb.append("     +").append("-".repeat(w)).append('\n');
        sb.append("      0        coverage (share auto-sent)        1\n");
        sb.append("      precision on the vertical axis; '9' marks threshold 0.90\n");
        return sb.toString();
    }

    static String svg(List<EvalSummary> summaries) {
        int w = 480;
        int h = 320;
        int m = 48;
        String[] colours = {"#1f77b4", "#d62728", "#2ca02c"};
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif' font-size='11'>%n", w, h));
        sb.append(String.format(Locale.ROOT, "<rect width='%d' height='%d' fill='white'/>%n", w, h));
        sb.append(String.format(Locale.ROOT, "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='black'/>%n", m, h - m, w - 10, h - m));
        sb.append(String.format(Locale.ROOT, "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='black'/>%n", m, 10, m, h - m));
        sb.append(String.format(Locale.ROOT, "<text x='%d' y='%d'>coverage (auto-sent share)</text>%n", w / 2 - 60, h - 12));
        sb.append(String.format(Locale.ROOT, "<text x='12' y='%d' transform='rotate(-90 12 %d)'>precision (0.5–1.0)</text>%n", h / 2 + 40, h / 2 + 40));
        for (int i = 0; i < summaries.size(); i++) {
            EvalSummary s = summaries.get(i);
            StringBuilder pts = new StringBuilder();
            for (EvalSummary.CurvePoint p : s.autoSendCurve()) {
                double x = m + p.coverage() * (w - 10 - m);
                double y = (h - m) - (Math.max(0.5, p.precision()) - 0.5) / 0.5 * (h - m - 10);
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            String c = colours[i % colours.length];
            sb.append(String.format(Locale.ROOT, "<polyline fill='none' stroke='%s' stroke-width='2' points='%s'/>%n", c, pts));
            sb.append(String.format(Locale.ROOT, "<text x='%d' y='%d' fill='%s'>%s</text>%n", m + 10, 24 + 14 * i, c, s.mode()));
        }
        return sb.append("</svg>\n").toString();
    }

    static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
