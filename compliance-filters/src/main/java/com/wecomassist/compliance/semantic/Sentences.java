package com.wecomassist.compliance.semantic;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /**
     * A web address: a scheme or "www." or a host name with a common top-level domain, and the
     * characters an address may contain after it (ASCII only, so it stops at the Chinese text that
     * follows). Applied to folded text, so full-width forms are already ASCII.
     */
    static final Pattern WEB_ADDRESS = Pattern.compile(
            "(?i)(?:https?://|www\\.)[a-z0-9._~:/?#\\[\\]@!$&'*+,;=%()-]*"
                    + "|(?<![a-z0-9.-])[a-z0-9-]+(?:\\.[a-z0-9-]+)*\\.(?:com|cn|net|org|gov|edu)(?![a-z0-9-])"
                    + "(?:[/?#][a-z0-9._~:/?#\\[\\]@!$&'*+,;=%()-]*)?");

    /** The sentences of {@code text}, in order, trimmed, without empty ones. */
    public static List<Span> split(String text) {
        List<Span> out = new ArrayList<>();
        // A '?' or ';' inside a web address is not a sentence end, nor its ':' a clause end: cut
        // there, the address's tail ("courtesyId=4查看") became a fragment judged on its own.
        boolean[] inAddress = addresses(text);
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (isSentenceEnd(text.charAt(i)) && !inAddress[i]) {
                cutClauses(text, start, i + 1, inAddress, out);
                start = i + 1;
            }
        }
        cutClauses(text, start, text.length(), inAddress, out);
        return out;
    }

    private static boolean[] addresses(String text) {
        boolean[] in = new boolean[text.length()];
        Matcher m = WEB_ADDRESS.matcher(text);
        while (m.find()) {
            for (int i = m.start(); i < m.end(); i++) in[i] = true;
        }
        return in;
    }

    private static void cutClauses(String text, int from, int to, boolean[] inAddress, List<Span> out) {
        if (to - from <= LONG_CLAUSE) {
            add(text, from, to, out);
            return;
        }
        int start = from;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if ((c == '，' || c == ',' || c == '：' || c == ':') && !inAddress[i] && i + 1 - start >= MIN_CLAUSE && to - (i + 1) >= SHORT_PIECE) {
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
     * The text as the model sees it: NFKC (full-width to ordinary forms) and lower case, web
     * addresses left out. The tokenizer shipped with the bge-small-zh artifact does not lower-case
     * although its vocabulary is uncased, so "APP" would become unknown tokens. An address says
     * nothing the layer can judge (no exemplar has one), yet its letters and digits, hashed as
     * character grams, outweigh the few Chinese characters around them and take whatever weight
     * unrelated exemplars gave their buckets: sentences with an address were where the layer's false
     * stops on real service answers came from (module README).
     */
    public static String fold(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return WEB_ADDRESS.matcher(folded).replaceAll(" ").strip();
    }
}
