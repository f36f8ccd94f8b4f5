package com.wecomassist.compliance.eval;

import com.wecomassist.compliance.JsonLines;
import com.wecomassist.compliance.pii.PiiKind;
import com.wecomassist.compliance.pii.PiiMasker;
import com.wecomassist.compliance.pii.PiiMatch;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How much personal data the masker hides, on a labelled set: one JSON object per line,
 * {@code {"id","text","pii":[{"kind":"PERSON_NAME","start":3,"end":6}, ...]}} (UTF-16 indexes; an
 * empty list for a clean text). A labelled piece counts as masked when the masker's findings, of
 * any kind, cover every non-space character of it; a finding that touches no labelled piece is a
 * false mask. {@code ./assist check --eval-masking FILE} prints the table.
 */
public final class MaskingEvaluation {

    /** One labelled piece of personal data. */
    public record Labelled(PiiKind kind, int start, int end) {
    }

    /** One row of the set. */
    public record Row(String id, String text, List<Labelled> pii) {
    }

    /** Per kind: how many labelled, how many masked, and the false masks the masker made of that kind. */
    public record KindFigures(PiiKind kind, int labelled, int masked, int falseMasks) {
        public double recall() {
            return labelled == 0 ? Double.NaN : (double) masked / labelled;
        }
    }

    /** A labelled piece left (partly) in clear, or a false mask. */
    public record Miss(String id, String what, String text) {
    }

    /**
     * @param kinds            figures per kind
     * @param personalRows     rows with personal data
     * @param cleanRows        rows without
     * @param cleanRowsMasked  clean rows in which anything was masked
     * @param falseMasks       findings that touch no labelled piece (in all rows)
     * @param missed           labelled pieces not (fully) masked
     * @param wrong            the false masks
     * @param microsPerText    mean time of one {@link PiiMasker#find} (after one warm-up pass)
     */
    public record Report(Map<PiiKind, KindFigures> kinds, int personalRows, int cleanRows, int cleanRowsMasked,
                         int falseMasks, List<Miss> missed, List<Miss> wrong, double microsPerText) {

        public double cleanRowFalseMaskRate() {
            return cleanRows == 0 ? 0 : (double) cleanRowsMasked / cleanRows;
        }

        public void print(PrintStream out) {
            out.println("| kind | labelled | masked | recall | false masks |");
            out.println("|---|---|---|---|---|");
            for (KindFigures k : kinds.values()) {
                out.printf(Locale.ROOT, "| %s | %d | %d | %s | %d |%n", k.kind().name(), k.labelled(), k.masked(),
                        k.labelled() == 0 ? "–" : String.format(Locale.ROOT, "%.3f", k.recall()), k.falseMasks());
            }
            out.printf(Locale.ROOT, "clean texts with a mask: %d of %d (%.3f); false masks in all texts: %d; %.0f µs per text%n",
                    cleanRowsMasked, cleanRows, cleanRowFalseMaskRate(), falseMasks, microsPerText);
            missed.stream().limit(40).forEach(m -> out.println("missed " + m.id() + " " + m.what() + "  | " + m.text()));
            wrong.stream().limit(40).forEach(m -> out.println("false  " + m.id() + " " + m.what() + "  | " + m.text()));
        }
    }

    private MaskingEvaluation() {
    }

    public static List<Row> read(Path jsonl) throws IOException {
        try (Reader r = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
            return read(r, jsonl.toString());
        }
    }

    public static List<Row> read(Reader in, String name) throws IOException {
        return JsonLines.read(in, name, (node, where) -> {
            String text = node.path("text").asString(null);
            if (text == null || text.isEmpty()) throw new IOException(where + "missing string field 'text'");
            List<Labelled> pii = new ArrayList<>();
            for (JsonNode p : node.path("pii")) {
                PiiKind kind = PiiKind.parse(p.path("kind").asString(""));
                int s = p.path("start").asInt(-1), e = p.path("end").asInt(-1);
                if (kind == null) throw new IOException(where + "unknown kind " + p.path("kind"));
                if (s < 0 || e <= s || e > text.length()) throw new IOException(where + "span [" + s + "," + e + ") outside the text");
                pii.add(new Labelled(kind, s, e));
            }
            return new Row(node.path("id").asString(where), text, List.copyOf(pii));
        });
    }

    public static Report evaluate(PiiMasker masker, List<Row> rows) {
        for (Row r : rows) masker.find(r.text()); // warm-up for the timing
        Map<PiiKind, int[]> counts = new EnumMap<>(PiiKind.class);
        List<Miss> missed = new ArrayList<>();
        List<Miss> wrong = new ArrayList<>();
        int personal = 0, clean = 0, cleanMasked = 0, falseMasks = 0;
        long nanos = 0;
        for (Row r : rows) {
            long t0 = System.nanoTime();
            List<PiiMatch> found = masker.find(r.text());
            nanos += System.nanoTime() - t0;
            boolean[] covered = new boolean[r.text().length()];
            for (PiiMatch m : found) {
                for (int i = m.start(); i < m.end(); i++) covered[i] = true;
            }
            for (Labelled l : r.pii()) {
                int[] c = counts.computeIfAbsent(l.kind(), k -> new int[3]);
                c[0]++;
                boolean all = true;
                for (int i = l.start(); i < l.end(); i++) {
                    if (!covered[i] && !Character.isWhitespace(r.text().charAt(i))) all = false;
                }
                if (all) {
                    c[1]++;
                } else {
                    // the display mask keeps the text's length, so the span reads the same in both
                    missed.add(new Miss(r.id(), l.kind() + " " + r.text().substring(l.start(), l.end())
                            + " (masked: " + masker.mask(r.text()).substring(l.start(), l.end()) + ")", r.text()));
                }
            }
            boolean anyFalse = false;
            for (PiiMatch m : found) {
                boolean touches = r.pii().stream().anyMatch(l -> l.start() < m.end() && l.end() > m.start());
                if (!touches) {
                    counts.computeIfAbsent(m.kind(), k -> new int[3])[2]++;
                    falseMasks++;
                    anyFalse = true;
                    wrong.add(new Miss(r.id(), m.kind() + " " + m.value(), r.text()));
                }
            }
            if (r.pii().isEmpty()) {
                clean++;
                if (anyFalse) cleanMasked++;
            } else {
                personal++;
            }
        }
        Map<PiiKind, KindFigures> kinds = new EnumMap<>(PiiKind.class);
        counts.forEach((k, c) -> kinds.put(k, new KindFigures(k, c[0], c[1], c[2])));
        return new Report(kinds, personal, clean, cleanMasked, falseMasks, missed, wrong,
                rows.isEmpty() ? 0 : nanos / 1000.0 / rows.size());
    }
}
