package com.wecomassist.compliance.matching;

/**
 * A text after {@link TextNormaliser}: the folded characters plus, for each of them, the index of
 * the character in the original text it came from. Matching runs on {@link #chars()}; spans are
 * reported to people in original coordinates so a reviewer sees exactly what the draft said.
 *
 * @param chars      normalised characters, exactly {@code length} long (the matcher reads the whole array)
 * @param toOriginal for each normalised character, the index of its source character in the original
 * @param original   the text as written
 * @param mayContainPersonalData false when the text has neither an '@' nor a run of 11 or more
 *                   digits once separators are dropped, in which case no personal-data detector
 *                   can find anything (computed during normalisation, so most texts skip them)
 */
public record NormalisedText(char[] chars, int[] toOriginal, String original, boolean mayContainPersonalData) {

    public int length() {
        return chars.length;
    }

    /** The normalised text as a string (allocates; used only on the slow path). */
    public String text() {
        return new String(chars);
    }

    /** Start of the normalised span {@code [start, end)} in the original text. */
    public int originalStart(int start) {
        return start < toOriginal.length ? toOriginal[start] : original.length();
    }

    /** End (exclusive) of the normalised span {@code [start, end)} in the original text. */
    public int originalEnd(int end) {
        return end == 0 ? 0 : toOriginal[end - 1] + 1;
    }

    /** The first normalised index whose original index is {@code >= originalIndex}. */
    public int normalisedIndexAtOrAfter(int originalIndex) {
        int lo = 0, hi = toOriginal.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (toOriginal[mid] < originalIndex) lo = mid + 1; else hi = mid;
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
