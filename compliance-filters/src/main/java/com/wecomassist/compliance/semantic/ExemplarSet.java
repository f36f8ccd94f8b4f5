package com.wecomassist.compliance.semantic;

import com.wecomassist.compliance.JsonLines;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The exemplars the semantic layer compares with: immutable and versioned, so a verdict can say
 * which set it was judged against and an officer's additions are a new version, not an edit.
 *
 * <p>JSON lines, one exemplar per line: {@code {"text","label":"violation|clean","category","basis","source"}}.
 * Rows of the labelled compliance set ({@code expected}, {@code kind} fields) read as exemplars too.
 */
public final class ExemplarSet {

    /** The categories of the labelled set, which name the files of {@code compliance-set/tune/}. */
    public static final List<String> CATEGORIES = List.of("return-promise", "suitability", "inducement",
            "credit-misconduct", "risk-notice-missing", "credentials-request", "disparagement",
            "unlicensed-investment", "off-channel", "aml-structuring", "abusive-language", "deposit-insurance-false",
            "superlative", "false-endorsement", "pressure");

    /** Ordinary service sentences written for this layer: clean exemplars with no category of their own. */
    static final String SERVICE_CLEAN_RESOURCE = "semantic/service-clean.jsonl";
    /** The category of the ordinary service sentences: clean text with no compliance category's words. */
    public static final String SERVICE_CATEGORY = "service";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String version;
    private final List<Exemplar> exemplars;

    public ExemplarSet(String version, List<Exemplar> exemplars) {
        this.version = Objects.requireNonNull(version, "version");
        this.exemplars = List.copyOf(exemplars);
    }

    /**
     * The shipped exemplars: every row of the TUNE part of the labelled set
     * ({@code compliance-set/tune/<category>.jsonl} on the classpath) plus the ordinary service
     * sentences of {@code semantic/service-clean.jsonl}. Never the held-back part, which is kept
     * for measuring.
     */
    public static ExemplarSet bankDefault() {
        List<Exemplar> all = new ArrayList<>();
        List<String> versions = new ArrayList<>();
        try {
            for (String category : CATEGORIES) {
                String resource = "compliance-set/tune/" + category + ".jsonl";
                List<Exemplar> rows = readResource(resource);
                if (rows != null) {
                    all.addAll(rows);
                    versions.add(category + ":" + rows.size());
                }
            }
            List<Exemplar> service = readResource(SERVICE_CLEAN_RESOURCE);
            if (service != null) all.addAll(service);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (all.isEmpty()) throw new IllegalStateException("no shipped exemplars on the classpath (compliance-set/tune/*.jsonl)");
        // The version names the content, so two builds of different data never share a label.
        return new ExemplarSet("bank-default-" + Integer.toHexString(contentHash(all)), all);
    }

    /**
     * The shipped ordinary service sentences (clean, category {@code service}): part of
     * {@link #bankDefault()}, and the extra exemplars of a cross-validation over labelled rows.
     */
    public static List<Exemplar> ordinaryService() {
        try {
            List<Exemplar> rows = readResource(SERVICE_CLEAN_RESOURCE);
            return rows == null ? List.of() : rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Exemplar> readResource(String resource) throws IOException {
        InputStream in = ExemplarSet.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) return null;
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return read(r, resource, "shipped");
        }
    }

    /** Reads exemplars written by {@link #writeJsonl}; a bad line fails with {@code line N: problem}. */
    public static ExemplarSet readJsonl(Reader in, String version) throws IOException {
        return new ExemplarSet(version, read(in, "exemplars", ""));
    }

    private static List<Exemplar> read(Reader in, String name, String defaultSource) throws IOException {
        return JsonLines.read(in, name, (node, where) -> {
            String text = string(node, "text");
            if (text == null || text.isBlank()) throw new IOException(where + "missing string field 'text'");
            Label label = Label.parse(string(node, "label"));
            if (label == null) throw new IOException(where + "field 'label' must be \"violation\" or \"clean\"");
            String source = string(node, "source");
            return new Exemplar(text, label, string(node, "category"), string(node, "basis"),
                    source == null ? defaultSource : source);
        });
    }

    private static String string(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isString() ? v.asString() : null;
    }

    /** Writes one JSON object per exemplar, in order; {@link #readJsonl} reads it back unchanged. */
    public void writeJsonl(Writer out) throws IOException {
        for (Exemplar e : exemplars) {
            ObjectNode o = JSON.createObjectNode();
            o.put("text", e.text());
            o.put("label", e.label().jsonName());
            o.put("category", e.category());
            o.put("basis", e.basis());
            o.put("source", e.source());
            out.write(JSON.writeValueAsString(o));
            out.write('\n');
        }
        out.flush();
    }

    /** A new version with {@code added} after the exemplars of this one (this set is unchanged). */
    public ExemplarSet plus(String newVersion, List<Exemplar> added) {
        if (newVersion.equals(version)) throw new IllegalArgumentException("a changed exemplar set needs a new version, not " + version);
        List<Exemplar> all = new ArrayList<>(exemplars);
        all.addAll(added);
        return new ExemplarSet(newVersion, all);
    }

    public String version() {
        return version;
    }

    public List<Exemplar> exemplars() {
        return exemplars;
    }

    private static int contentHash(List<Exemplar> all) {
        int h = 1;
        // From the strings only: an enum's hashCode differs from one JVM to the next.
        for (Exemplar e : all) h = 31 * h + (e.text() + '\u0000' + e.label().name() + '\u0000' + e.category() + '\u0000' + e.basis()).hashCode();
        return h;
    }

    @Override
    public String toString() {
        return "ExemplarSet[" + version + ", " + exemplars.size() + " exemplars]";
    }
}
