package com.wecomassist.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.wecomassist.load.stub.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the load test's customers ask. One repeated sentence would measure the gateway's memory of
 * recent questions rather than its retrieval, so each turn draws from a list of everyday questions
 * ({@code load.questions}: a file, one question per line, {@code #} comments; the built-in list by
 * default) and a share of turns ({@code load.new-question-share}, default 0.2) asks a question no
 * customer asked before (the drawn one with a reference number appended), which no cache has seen.
 *
 * <p>A line may name the knowledge-base entry that answers it after a tab ({@code 怎么查卡里的余额⇥demo-009}):
 * a customer offered a 猜你想问 menu picks the item of that entry when the menu has it
 * ({@link MenuCustomers}). The built-in list names the entries of the gateway's sample knowledge base.
 * A line may also be the evaluation harness's JSON ({@code {"query": …, "expectedId": …}}), so the
 * labelled questions of {@code ./assist eval} (the sample knowledge base's {@code sample-queries.jsonl})
 * serve as they are.
 * A share of turns ({@code load.ambiguous-share}, default 0) asks instead one of the short questions
 * that could mean either of two entries (the built-in {@code ambiguous-questions.txt}, each with the
 * entry its customer meant; {@code load.ambiguous-questions=FILE} for another): the questions a
 * 猜你想问 menu is for.
 */
public final class CustomerQuestions {

    static final String BUILT_IN = "/com/wecomassist/load/customer-questions.txt";
    static final String BUILT_IN_AMBIGUOUS = "/com/wecomassist/load/ambiguous-questions.txt";

    /**
     * One question and the entry that answers it.
     *
     * @param text            what the customer writes
     * @param expectedEntryId the knowledge-base entry that answers it, or null when the list does not say
     */
    public record Question(String text, String expectedEntryId) {
    }

    private final List<Question> questions;
    private final List<Question> ambiguous;
    private final double ambiguousShare;
    private final double newShare;
    private final AtomicLong newOnes = new AtomicLong();

    CustomerQuestions(List<Question> questions, double newShare) {
        this(questions, List.of(), 0, newShare);
    }

    CustomerQuestions(List<Question> questions, List<Question> ambiguous, double ambiguousShare, double newShare) {
        if (questions.isEmpty()) {
            throw new IllegalArgumentException("the question list is empty");
        }
        if (!(newShare >= 0 && newShare <= 1)) {
            throw new IllegalArgumentException("load.new-question-share must be within 0..1, not " + newShare);
        }
        if (!(ambiguousShare >= 0 && ambiguousShare <= 1) || ambiguousShare > 0 && ambiguous.isEmpty()) {
            throw new IllegalArgumentException("load.ambiguous-share must be within 0..1 (and needs ambiguous questions), not "
                    + ambiguousShare);
        }
        this.questions = List.copyOf(questions);
        this.ambiguous = List.copyOf(ambiguous);
        this.ambiguousShare = ambiguousShare;
        this.newShare = newShare;
    }

    public static CustomerQuestions fromEnvironment() {
        String file = LoadConfig.setting("questions", "");
        List<Question> list = file.isBlank() ? builtIn() : read(Path.of(file));
        double ambiguousShare = Double.parseDouble(LoadConfig.setting("ambiguous-share", "0"));
        String ambiguousFile = LoadConfig.setting("ambiguous-questions", "");
        List<Question> ambiguous = ambiguousShare == 0 ? List.of()
                : ambiguousFile.isBlank() ? resource(BUILT_IN_AMBIGUOUS) : read(Path.of(ambiguousFile));
        return new CustomerQuestions(list, ambiguous, ambiguousShare,
                Double.parseDouble(LoadConfig.setting("new-question-share", "0.2")));
    }

    /** The next question a customer asks. */
    public String next() {
        return nextQuestion().text();
    }

    /** The next question a customer asks, with the entry that answers it (a new question has its original's). */
    public Question nextQuestion() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<Question> from = ambiguousShare > 0 && random.nextDouble() < ambiguousShare ? ambiguous : questions;
        Question q = from.get(random.nextInt(from.size()));
        if (random.nextDouble() < newShare) {
            return new Question(String.format(Locale.ROOT, "%s（咨询单号%08d）", q.text(), newOnes.incrementAndGet()),
                    q.expectedEntryId());
        }
        return q;
    }

    public int size() {
        return questions.size();
    }

    /** How many of the questions name the entry that answers them. */
    public long labelled() {
        return questions.stream().filter(q -> q.expectedEntryId() != null).count();
    }

    public double newShare() {
        return newShare;
    }

    public double ambiguousShare() {
        return ambiguousShare;
    }

    public int ambiguousSize() {
        return ambiguous.size();
    }

    static List<Question> builtIn() {
        return resource(BUILT_IN);
    }

    static List<Question> resource(String name) {
        try (InputStream in = CustomerQuestions.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Question> read(Path file) {
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read load.questions " + file, e);
        }
    }

    /**
     * Non-blank lines that are no {@code #} comment; a tab separates the question from its entry id, or
     * the line is the evaluation harness's {@code {"query", "expectedId"}} JSON.
     */
    static List<Question> parse(List<String> lines) {
        List<Question> out = new ArrayList<>();
        for (String line : lines) {
            String q = line.strip();
            if (q.isEmpty() || q.startsWith("#")) {
                continue;
            }
            if (q.startsWith("{")) {
                JsonNode labelled = Json.tree(q);
                String text = labelled.path("query").asText("").strip();
                if (text.isEmpty()) {
                    throw new IllegalArgumentException("a JSON question line without a query: " + q);
                }
                String entry = labelled.path("expectedId").asText("").strip();
                out.add(new Question(text, entry.isEmpty() ? null : entry));
                continue;
            }
            int tab = q.indexOf('\t');
            String entry = tab < 0 ? "" : q.substring(tab + 1).strip();
            // stripped lines start with the question: a tab, if any, comes after it
            String text = tab < 0 ? q : q.substring(0, tab).strip();
            out.add(new Question(text, entry.isEmpty() ? null : entry));
        }
        return out;
    }
}
