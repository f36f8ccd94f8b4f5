package com.wecomassist.compliance.semantic;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Cuts a text into the sentences the semantic layer judges one by one: a violation is usually one
 * sentence inside otherwise ordinary service text, and a whole-text embedding would dilute it.
 * Sentences end at 。！？；(and their ASCII forms), ellipses and line breaks; a sentence longer than
 * {@value #LONG_CLAUSE} characters is cut further at commas and colons, because a long run-on
 * chat line carries several statements.
 */
public final class Sentences {

    /** Longer sentences are cut at clause punctuation. */
    static final int LONG_CLAUSE = 40;
    /** Pieces shorter than this are joined to the previous piece: "好的，" says nothing alone. */
    static final int SHORT_PIECE = 6;
    /**
     * A long sentence is cut at a comma or colon only after this many characters, so a lead-in
     * ("小助手来支招：") stays with what it introduces: alone it means nothing, and an out-of-domain
     * fragment scored alone is where the layer's false alarms on real service text came from.
     */
    static final int MIN_CLAUSE = 12;

    private Sentences() {
    }

    /** One sentence and where it is in the text (UTF-16 indexes, end exclusive). */
    public record Span(String text, int start, int end) {
    }

    /** The sentences of {@code text}, in order, trimmed, without empty ones. */
    public static List<Span> split(String text) {
        List<Span> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (isSentenceEnd(text.charAt(i))) {
                cutClauses(text, start, i + 1, out);
                start = i + 1;
            }
        }
        cutClauses(text, start, text.length(), out);
        return out;
    }

    private static void cutClauses(String text, int from, int to, List<Span> out) {
        if (to - from <= LONG_CLAUSE) {
            add(text, from, to, out);
            return;
        }
        int start = from;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if ((c == '，' || c == ',' || c == '：' || c == ':') && i + 1 - start >= MIN_CLAUSE && to - (i + 1) >= SHORT_PIECE) {
                add(text, start, i + 1, out);
                start = i + 1;
            }
        }
        add(text, start, to, out);
    }

    private static void add(String text, int from, int to, List<Span> out) {
        while (from < to && Character.isWhitespace(text.charAt(from))) from++;
        while (to > from && Character.isWhitespace(text.charAt(to - 1))) to--;
        if (to <= from) return;
        String s = text.substring(from, to);
        if (!hasContent(s)) return;
        if (!out.isEmpty() && contentLength(s) < SHORT_PIECE) {
            Span prev = out.get(out.size() - 1);
            if (prev.end() <= from && from - prev.end() <= 2) {
                out.set(out.size() - 1, new Span(text.substring(prev.start(), to), prev.start(), to));
                return;
            }
        }
        out.add(new Span(s, from, to));
    }

    /** Fewer Chinese characters than this and a sentence is not judged (URLs, numbers, product-name lists). */
    static final int MIN_CJK = 6;

    /** True when {@code sentence} has enough Chinese to be judged by the semantic layer. */
    static boolean assessable(String sentence) {
        int n = 0;
        for (int i = 0; i < sentence.length(); i++) {
            if (Character.UnicodeScript.of(sentence.charAt(i)) == Character.UnicodeScript.HAN && ++n >= MIN_CJK) return true;
        }
        return false;
    }

    private static boolean isSentenceEnd(char c) {
        return c == '。' || c == '！' || c == '？' || c == '；' || c == '!' || c == '?' || c == ';' || c == '\n'
                || c == '…';
    }

    private static boolean hasContent(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isLetterOrDigit(s.charAt(i))) return true;
        }
        return false;
    }

    private static int contentLength(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (Character.isLetterOrDigit(s.charAt(i))) n++;
        }
        return n;
    }

    /**
     * The text as the model sees it: NFKC (full-width to ordinary forms) and lower case. The
     * tokenizer shipped with the bge-small-zh artifact does not lower-case although its vocabulary
     * is uncased, so "APP" would become unknown tokens.
     */
    public static String fold(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).strip();
    }
}
