package com.wecomassist.draft;

import dev.langchain4j.model.input.PromptTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The prompt templates in force, read once from the {@code prompts} module's resources
 * ({@code prompts/catalogue.properties} names the version of each id; see prompts/README.md).
 * Rendering uses LangChain4j's {@link PromptTemplate} ({@code {{variable}}}).
 *
 * <p>Values are neutralised before rendering: braces become full-width, so a customer who writes
 * {@code {{sources}}} cannot pull another variable into their text (LangChain4j substitutes the
 * variables one after the other). Thread-safe; rendering does no I/O.
 */
public final class PromptCatalogue {

    public static final String DRAFT_SYSTEM = "draft-system";
    public static final String DRAFT_ANSWER = "draft-answer";
    public static final String CLARIFICATION = "clarification";
    public static final String HANDOFF = "handoff";
    public static final String WELCOME = "welcome";
    public static final String HOLDING = "holding";
    public static final String GREETING = "greeting";
    public static final String KB_ANSWER = "kb-answer";
    /** The compliance judge's system message and its user message (the fenced text under review). */
    public static final String COMPLIANCE_JUDGE = "compliance-judge";
    public static final String COMPLIANCE_JUDGE_TEXT = "compliance-judge-text";

    private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([a-z_]+)\\s*}}");

    private record Template(PromptRef ref, Set<String> variables, PromptTemplate template) {
    }

    private final Map<String, Template> templates;

    private PromptCatalogue(Map<String, Template> templates) {
        this.templates = Map.copyOf(templates);
    }

    /** The catalogue on the classpath; fails (at startup) when a template is missing or inconsistent. */
    public static PromptCatalogue load() {
        Properties catalogue = new Properties();
        try (InputStream in = resource("prompts/catalogue.properties")) {
            catalogue.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Template> templates = new HashMap<>();
        for (String id : catalogue.stringPropertyNames()) {
            int version = Integer.parseInt(catalogue.getProperty(id).trim());
            templates.put(id, read(id, version));
        }
        for (String required : List.of(DRAFT_SYSTEM, DRAFT_ANSWER, CLARIFICATION, HANDOFF, WELCOME, HOLDING,
                GREETING, KB_ANSWER, COMPLIANCE_JUDGE, COMPLIANCE_JUDGE_TEXT)) {
            if (!templates.containsKey(required)) {
                throw new IllegalStateException("prompt template '" + required + "' is not in prompts/catalogue.properties");
            }
        }
        return new PromptCatalogue(templates);
    }

    private static Template read(String id, int version) {
        String path = "prompts/" + id + "/v" + version + ".txt";
        String text;
        try (InputStream in = resource(path)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int split = text.indexOf("\n---\n");
        if (split < 0) {
            throw new IllegalStateException(path + ": no header (id, version, variables, purpose, then ---)");
        }
        Map<String, String> header = new LinkedHashMap<>();
        for (String line : text.substring(0, split).split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                header.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        if (!id.equals(header.get("id")) || !Integer.toString(version).equals(header.get("version"))) {
            throw new IllegalStateException(path + ": header says " + header.get("id") + "@" + header.get("version"));
        }
        String body = text.substring(split + 5);
        Set<String> declared = new TreeSet<>();
        String vars = header.getOrDefault("variables", "");
        if (!vars.isBlank()) {
            Arrays.stream(vars.split(",")).map(String::trim).forEach(declared::add);
        }
        Set<String> used = new TreeSet<>();
        Matcher m = VARIABLE.matcher(body);
        while (m.find()) {
            used.add(m.group(1));
        }
        if (!used.equals(declared)) {
            throw new IllegalStateException(path + ": declares " + declared + " but uses " + used);
        }
        return new Template(new PromptRef(id, version), declared, PromptTemplate.from(body));
    }

    private static InputStream resource(String path) throws IOException {
        InputStream in = PromptCatalogue.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException("prompt resource " + path + " is missing (is the prompts module on the classpath?)");
        }
        return in;
    }

    /** The version in force of template {@code id}. */
    public PromptRef ref(String id) {
        return template(id).ref();
    }

    /** Renders template {@code id} with exactly its declared variables. */
    public RenderedPrompt render(String id, Map<String, String> values) {
        Template t = template(id);
        if (!values.keySet().equals(t.variables())) {
            throw new IllegalArgumentException("prompt " + t.ref() + " takes " + t.variables() + ", got " + values.keySet());
        }
        if (t.variables().isEmpty()) {
            return new RenderedPrompt(t.ref(), t.template().template());
        }
        Map<String, Object> safe = new HashMap<>();
        values.forEach((k, v) -> safe.put(k, neutralise(v)));
        return new RenderedPrompt(t.ref(), t.template().apply(safe).text());
    }

    public RenderedPrompt render(String id) {
        return render(id, Map.of());
    }

    private Template template(String id) {
        Template t = templates.get(id);
        if (t == null) {
            throw new IllegalArgumentException("no prompt template '" + id + "'");
        }
        return t;
    }

    private static String neutralise(String value) {
        return value.replace("{{", "｛｛").replace("}}", "｝｝");
    }
}
