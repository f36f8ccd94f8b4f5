package com.wecomassist.learn;

import com.wecomassist.compliance.matching.TextNormaliser;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How two customer phrasings are compared: the same after normalising (the compliance matcher's
 * folding: full-width to half-width, case, traditional to simplified; then spaces and punctuation
 * dropped) counts as a duplicate; otherwise their overlap of character
 * pairs says how alike they are (Chinese has no spaces, so pairs of characters stand in for words).
 */
public final class Phrasings {

    private static final Pattern NOISE = Pattern.compile("[\\p{P}\\p{S}\\p{Z}\\s]+");

    private Phrasings() {
    }

    /** The phrasing as compared: folded, lower case, without spaces, punctuation or symbols. */
    public static String normalise(String text) {
        if (text == null) {
            return "";
        }
        String folded = TextNormaliser.instance().normalise(text).text().toLowerCase(Locale.ROOT);
        return NOISE.matcher(folded).replaceAll("");
    }

    /** The character pairs of a normalised phrasing (a single character is its own pair). */
    public static Set<String> pairs(String normalised) {
        Set<String> pairs = new HashSet<>();
        if (normalised.length() == 1) {
            pairs.add(normalised);
        }
        for (int i = 0; i + 1 < normalised.length(); i++) {
            pairs.add(normalised.substring(i, i + 2));
        }
        return pairs;
    }

    /**
     * The character pairs of a normalised phrasing as distinct numbers (first character in the high
     * half), for counting shared pairs without building strings.
     */
    public static int[] pairCodes(String normalised) {
        if (normalised.length() == 1) {
            return new int[] {normalised.charAt(0) << 16 | 0xFFFF};
        }
        return java.util.stream.IntStream.range(0, Math.max(0, normalised.length() - 1))
                .map(i -> normalised.charAt(i) << 16 | normalised.charAt(i + 1))
                .distinct().toArray();
    }

    /**
     * The share of {@code part}'s pairs that {@code whole} has too, 0 to 1: how much of one text
     * another carries, whatever else the other says (an empty {@code part} is carried by nothing).
     */
    public static double coverage(Set<String> part, Set<String> whole) {
        if (part.isEmpty()) {
            return 0;
        }
        long shared = part.stream().filter(whole::contains).count();
        return (double) shared / part.size();
    }

    /** Jaccard overlap of two pair sets, 0 (nothing shared) to 1 (the same pairs). */
    public static double overlap(Set<String> a, Set<String> b) {
        if (a.isEmpty() && b.isEmpty()) {
            return 1;
        }
        int shared = 0;
        Set<String> small = a.size() <= b.size() ? a : b;
        Set<String> large = small == a ? b : a;
        for (String pair : small) {
            if (large.contains(pair)) {
                shared++;
            }
        }
        return (double) shared / (a.size() + b.size() - shared);
    }
}
