package com.wecomassist.draft;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text rewritten for comparison (full-width folded, numerals turned into digits …) that remembers,
 * for each of its characters, the characters of the original it came from: what the grounding check
 * finds in the rewritten text is reported at its place in the draft, so an agent sees it marked.
 * Immutable.
 */
final class MappedText {

    private final String original;
    private final String text;
    /** For each character of {@code text}: the first original character it came from. */
    private final int[] from;
    /** For each character of {@code text}: one past the last original character it came from. */
    private final int[] to;

    private MappedText(String original, String text, int[] from, int[] to) {
        this.original = original;
        this.text = text;
        this.from = from;
        this.to = to;
    }

    /** {@code original} in NFKC form (full-width digits, letters and punctuation folded), code point by code point. */
    static MappedText normalised(String original) {
        Builder b = new Builder(original, original.length());
        for (int i = 0; i < original.length(); ) {
            int n = Character.charCount(original.codePointAt(i));
            String folded = Normalizer.normalize(original.substring(i, i + n), Normalizer.Form.NFKC);
            for (int k = 0; k < folded.length(); k++) {
                b.add(folded.charAt(k), i, i + n);
            }
            i += n;
        }
        return b.build();
    }

    String text() {
        return text;
    }

    /** Where the rewritten range [{@code start}, {@code end}) lies in the original (a non-empty range). */
    int originalStart(int start) {
        return from[start];
    }

    int originalEnd(int end) {
        return to[end - 1];
    }

    /** The original words behind the rewritten range [{@code start}, {@code end}). */
    String originalText(int start, int end) {
        return original.substring(originalStart(start), originalEnd(end));
    }

    /**
     * Each match of {@code pattern} replaced by what {@code replacement} answers for it (null: left as
     * it is); the characters of a replacement all map onto the whole matched original range.
     */
    MappedText replace(Pattern pattern, Function<MatchResult, String> replacement) {
        Matcher m = pattern.matcher(text);
        Builder b = null;
        int last = 0;
        while (m.find()) {
            String with = replacement.apply(m.toMatchResult());
            if (with == null) {
                continue;
            }
            if (b == null) {
                b = new Builder(original, text.length());
            }
            for (int i = last; i < m.start(); i++) {
                b.add(text.charAt(i), from[i], to[i]);
            }
            int start = m.start() < m.end() ? from[m.start()] : (m.start() < text.length() ? from[m.start()] : original.length());
            int end = m.start() < m.end() ? to[m.end() - 1] : start;
            for (int k = 0; k < with.length(); k++) {
                b.add(with.charAt(k), start, end);
            }
            last = m.end();
        }
        if (b == null) {
            return this;
        }
        for (int i = last; i < text.length(); i++) {
            b.add(text.charAt(i), from[i], to[i]);
        }
        return b.build();
    }

    /** The range [{@code start}, {@code end}) replaced by spaces: found once, it is not found again as something else. */
    MappedText blanked(int start, int end) {
        char[] chars = text.toCharArray();
        Arrays.fill(chars, start, end, ' ');
        return new MappedText(original, new String(chars), from, to);
    }

    private static final class Builder {

        private final String original;
        private final StringBuilder text;
        private int[] from;
        private int[] to;
        private int size;

        Builder(String original, int capacity) {
            this.original = original;
            this.text = new StringBuilder(capacity);
            this.from = new int[Math.max(capacity, 8)];
            this.to = new int[Math.max(capacity, 8)];
        }

        void add(char c, int start, int end) {
            if (size == from.length) {
                from = Arrays.copyOf(from, size * 2);
                to = Arrays.copyOf(to, size * 2);
            }
            text.append(c);
            from[size] = start;
            to[size] = end;
            size++;
        }

        MappedText build() {
            return new MappedText(original, text.toString(), Arrays.copyOf(from, size), Arrays.copyOf(to, size));
        }
    }
}
