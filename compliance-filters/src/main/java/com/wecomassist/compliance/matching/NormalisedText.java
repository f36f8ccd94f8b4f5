package com.wecomassist.compliance.matching;

/**
 * A text after {@link TextNormaliser}: the folded characters, and where characters of the
 * original were dropped, so every span can be mapped back. Matching runs on {@link #chars()};
 * spans are reported to people in original coordinates so a reviewer sees exactly what the
 * draft said.
 *
 * <p>Normalisation only folds one character into one, or drops it, so the map back needs only
 * the drop positions ({@code drops[k]} = the normalised index before which the k-th dropped
 * character stood). Most texts drop few characters, which keeps this small.
 *
 * @param chars      normalised characters, exactly as long as the normalised text (the matcher reads the whole array)
 * @param drops      non-decreasing normalised positions of dropped characters; only the first {@code dropCount} are used
 * @param dropCount  how many characters were dropped
 * @param original   the text as written
 * @param mayContainPersonalData false when the text has neither an '@' nor a run of 11 or more
 *                   digits once separators are dropped, in which case no personal-data detector
 *                   can find anything (computed during normalisation, so most texts skip them)
 */
public record NormalisedText(char[] chars, int[] drops, int dropCount, String original, boolean mayContainPersonalData) {

    public int length() {
        return chars.length;
    }

    /** The normalised text as a string (allocates; used only on the slow path). */
    public String text() {
        return new String(chars);
    }

    /** Index in the original text of normalised character {@code j}. */
    public int originalIndex(int j) {
        // Number of drops recorded at or before j: each shifts j one further into the original.
        int lo = 0, hi = dropCount;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (drops[mid] <= j) lo = mid + 1; else hi = mid;
        }
        return j + lo;
    }

    /** Start of the normalised span {@code [start, end)} in the original text. */
    public int originalStart(int start) {
        return start < chars.length ? originalIndex(start) : original.length();
    }

    /** End (exclusive) of the normalised span {@code [start, end)} in the original text. */
    public int originalEnd(int end) {
        return end == 0 ? 0 : originalIndex(end - 1) + 1;
    }

    /** The first normalised index whose original index is {@code >= originalIndex}. */
    public int normalisedIndexAtOrAfter(int originalIndex) {
        int lo = 0, hi = chars.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (originalIndex(mid) < originalIndex) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /** Whether {@code term} occurs at normalised index {@code at}. */
    public boolean startsWith(String term, int at) {
        if (at < 0 || at + term.length() > chars.length) return false;
        for (int i = 0; i < term.length(); i++) {
            if (chars[at + i] != term.charAt(i)) return false;
        }
        return true;
    }

    /** Next occurrence of {@code term} at or after {@code from} and starting before {@code limit}, or -1. */
    public int indexOf(String term, int from, int limit) {
        if (term.isEmpty()) return -1;
        char first = term.charAt(0);
        int last = Math.min(limit, chars.length - term.length() + 1);
        for (int i = Math.max(0, from); i < last; i++) {
            if (chars[i] == first && startsWith(term, i)) return i;
        }
        return -1;
    }
}
