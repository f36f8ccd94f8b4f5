package com.wecomassist.load;

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
 */
public final class CustomerQuestions {

    static final String BUILT_IN = "/com/wecomassist/load/customer-questions.txt";

    private final List<String> questions;
    private final double newShare;
    private final AtomicLong newOnes = new AtomicLong();

    CustomerQuestions(List<String> questions, double newShare) {
        if (questions.isEmpty()) {
            throw new IllegalArgumentException("the question list is empty");
        }
        if (!(newShare >= 0 && newShare <= 1)) {
            throw new IllegalArgumentException("load.new-question-share must be within 0..1, not " + newShare);
        }
        this.questions = List.copyOf(questions);
        this.newShare = newShare;
    }

    public static CustomerQuestions fromEnvironment() {
        String file = LoadConfig.setting("questions", "");
        List<String> list = file.isBlank() ? builtIn() : read(Path.of(file));
        return new CustomerQuestions(list, Double.parseDouble(LoadConfig.setting("new-question-share", "0.2")));
    }

    /** The next question a customer asks. */
    public String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String q = questions.get(random.nextInt(questions.size()));
        if (random.nextDouble() < newShare) {
            return String.format(Locale.ROOT, "%s（咨询单号%08d）", q, newOnes.incrementAndGet());
        }
        return q;
    }

    public int size() {
        return questions.size();
    }

    public double newShare() {
        return newShare;
    }

    static List<String> builtIn() {
        try (InputStream in = CustomerQuestions.class.getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + BUILT_IN);
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> read(Path file) {
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read load.questions " + file, e);
        }
    }

    static List<String> parse(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String q = line.strip();
            if (!q.isEmpty() && !q.startsWith("#")) {
                out.add(q);
            }
        }
        return out;
    }
}
