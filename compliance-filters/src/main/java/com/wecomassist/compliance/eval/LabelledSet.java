package com.wecomassist.compliance.eval;

import com.wecomassist.compliance.JsonLines;
import com.wecomassist.compliance.rules.Action;
import com.wecomassist.compliance.rules.TextKind;
import com.wecomassist.compliance.semantic.ExemplarSet;
import com.wecomassist.compliance.semantic.Label;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The labelled compliance set (or any file in its format): one JSON object per line,
 * {@code {"text","label":"violation|clean","expected":"BLOCK|REVIEW|APPEND_NOTICE|PASS","category","basis","kind":"ai-draft|agent-reply"}}.
 * A bad row stops reading with {@code file:line: problem}: a silently skipped row would change the
 * figures without anyone knowing.
 */
public final class LabelledSet {


    private final List<LabelledText> rows;

    public LabelledSet(List<LabelledText> rows) {
        this.rows = List.copyOf(rows);
    }

    /** The shipped part: {@code compliance-set/<tune|held-back>/<category>.jsonl} on the classpath. */
    public static LabelledSet bankDefault(Part part) {
        List<LabelledText> all = new ArrayList<>();
        try {
            for (String category : ExemplarSet.CATEGORIES) {
                String resource = "compliance-set/" + part.directory() + "/" + category + ".jsonl";
                InputStream in = LabelledSet.class.getClassLoader().getResourceAsStream(resource);
                if (in == null) continue;
                try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                    all.addAll(read(r, resource));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (all.isEmpty()) throw new IllegalStateException("no labelled rows on the classpath under compliance-set/" + part.directory());
        return new LabelledSet(all);
    }

    /** Reads a JSON-lines file, or every {@code *.jsonl} of a directory (in name order). */
    public static LabelledSet read(Path jsonl) throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(jsonl)) {
            try (Stream<Path> s = Files.list(jsonl)) {
                s.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().forEach(files::add);
            }
            if (files.isEmpty()) throw new IOException(jsonl + ": no *.jsonl files in the directory");
        } else {
            files.add(jsonl);
        }
        List<LabelledText> all = new ArrayList<>();
        for (Path f : files) {
            try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                all.addAll(read(r, f.toString()));
            }
        }
        return new LabelledSet(all);
    }

    static List<LabelledText> read(Reader in, String name) throws IOException {
        return JsonLines.read(in, name, (node, where) -> {
            if (!node.isObject()) throw new IOException(where + "expected a JSON object");
            String text = required(node, "text", where);
            if (text.isBlank()) throw new IOException(where + "'text' is empty");
            Label label = Label.parse(required(node, "label", where));
            if (label == null) throw new IOException(where + "'label' must be \"violation\" or \"clean\", not " + node.get("label"));
            String expectedName = required(node, "expected", where);
            Action expected = Action.parse(expectedName);
            if (expected == null) throw new IOException(where + "unknown 'expected' action '" + expectedName + "'");
            if (label == Label.CLEAN && expected != Action.PASS) throw new IOException(where + "a clean row must expect PASS, not " + expected);
            if (label == Label.VIOLATION && expected == Action.PASS) throw new IOException(where + "a violation cannot expect PASS");
            String category = required(node, "category", where);
            if (category.isBlank()) throw new IOException(where + "'category' is empty");
            JsonNode basisNode = node.get("basis");
            String basis = basisNode != null && basisNode.isString() ? basisNode.asString() : "";
            String kindName = required(node, "kind", where);
            TextKind kind = TextKind.parse(kindName);
            if (kind == null || kind == TextKind.CUSTOMER_MESSAGE) throw new IOException(where + "'kind' must be ai-draft or agent-reply, not '" + kindName + "'");
            return new LabelledText(text, label, expected, category, basis, kind);
        });
    }

    private static String required(JsonNode node, String field, String where) throws IOException {
        JsonNode v = node.get(field);
        if (v == null || !v.isString()) throw new IOException(where + "missing string field '" + field + "'");
        return v.asString();
    }

    public List<LabelledText> rows() {
        return rows;
    }

    /** The rows as exemplars (for building a semantic layer from a set), with {@code source}. */
    public List<com.wecomassist.compliance.semantic.Exemplar> asExemplars(String source) {
        return rows.stream().map(r -> new com.wecomassist.compliance.semantic.Exemplar(r.text(), r.label(), r.category(), r.basis(), source)).toList();
    }
}
