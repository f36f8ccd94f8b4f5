package com.wecomassist.kb.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Detects when a query and a stored phrasing disagree on a detail that changes the answer even
 * though the sentences look alike: a different code (error codes, product codes), the opposite
 * operation (开通 vs 关闭), or another kind of card (信用卡 vs 借记卡). Embeddings score such
 * pairs as near-identical; these checks are what keep a confident wrong answer from going out.
 */
final class Contradictions {

    /** Pairs of mutually exclusive terms (after synonym normalisation). */
    private static final String[][] OPPOSITES = {
        {"开通", "关闭"}, {"信用卡", "借记卡"}, {"转入", "转出"}, {"境内", "境外"}, {"挂失", "解挂"},
        {"存款", "取款"}, {"开户", "销户"}, {"升级", "降级"}, {"提高", "降低"}, {"绑定", "解绑"},
    };

    /** Code-like tokens: at least four letters/digits containing a digit, e.g. 8800051 or 88000Z6. */
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9]*\\d[A-Za-z0-9]*");

    private final Map<String, String> synonyms;
    /** The longest synonym spelling: no replacement can start further back than this. */
    private final int longestSpelling;
    /** Characters a spelling starts with: most positions of a text start none and are skipped at once. */
    private final java.util.BitSet firstChars = new java.util.BitSet();

    Contradictions(Map<String, String> synonyms) {
        this.synonyms = new java.util.HashMap<>();
        synonyms.forEach((k, v) -> this.synonyms.put(k.toLowerCase(Locale.ROOT), v));
        this.longestSpelling = this.synonyms.keySet().stream().mapToInt(String::length).max().orElse(0);
        this.synonyms.keySet().forEach(k -> firstChars.set(k.charAt(0)));
    }

    /** The checks of one query against any number of phrasings; the query is normalised once. */
    Query forQuery(String query) {
        String q = normalise(query);
        return new Query(q, codes(q));
    }

    boolean contradict(String query, String phrasing) {
        return forQuery(query).contradicts(phrasing);
    }

    /** A normalised query and its codes. */
    final class Query {

        private final String text;
        private final List<String> codes;

        private Query(String text, List<String> codes) {
            this.text = text;
            this.codes = codes;
        }

        boolean contradicts(String phrasing) {
            String p = normalise(phrasing);
            for (String[] pair : OPPOSITES) {
                if (oneSided(text, p, pair[0], pair[1]) || oneSided(text, p, pair[1], pair[0])) {
                    return true;
                }
            }
            if (!codes.isEmpty()) {
                List<String> pc = codes(p);
                if (!pc.isEmpty() && codes.stream().noneMatch(pc::contains)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static boolean oneSided(String q, String p, String a, String b) {
        return q.contains(a) && !q.contains(b) && p.contains(b) && !p.contains(a);
    }

    private static List<String> codes(String s) {
        List<String> out = new ArrayList<>();
        Matcher m = CODE.matcher(s);
        while (m.find()) {
            if (m.group().length() >= 4) {
                out.add(m.group());
            }
        }
        return out;
    }

    /**
     * Rewrites every synonym spelling to its canonical form, left to right, the longest spelling at
     * each position first (what a regular-expression alternation sorted longest first does, without
     * trying hundreds of alternatives at every character: this runs for every candidate of a search).
     */
    String normalise(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        StringBuilder out = null;
        int copied = 0;
        int i = 0;
        while (i < lower.length()) {
            int matched = 0;
            String canonical = null;
            for (int len = firstChars.get(lower.charAt(i)) ? Math.min(longestSpelling, lower.length() - i) : 0; len > 0; len--) {
                canonical = synonyms.get(lower.substring(i, i + len));
                if (canonical != null) {
                    matched = len;
                    break;
                }
            }
            if (matched == 0) {
                i++;
                continue;
            }
            if (out == null) {
                out = new StringBuilder(lower.length() + 8);
            }
            out.append(lower, copied, i).append(canonical);
            i += matched;
            copied = i;
        }
        return out == null ? lower : out.append(lower, copied, lower.length()).toString();
    }
}
