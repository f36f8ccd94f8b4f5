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
    /** All synonym spellings, longest first, so one pass rewrites a text. */
    private final Pattern spellings;

    Contradictions(Map<String, String> synonyms) {
        this.synonyms = new java.util.HashMap<>();
        synonyms.forEach((k, v) -> this.synonyms.put(k.toLowerCase(Locale.ROOT), v));
        this.spellings = Pattern.compile(this.synonyms.keySet().stream()
                .sorted(java.util.Comparator.comparingInt(String::length).reversed())
                .map(Pattern::quote).collect(java.util.stream.Collectors.joining("|")));
    }

    boolean contradict(String query, String phrasing) {
        String q = normalise(query);
        String p = normalise(phrasing);
        for (String[] pair : OPPOSITES) {
            if (oneSided(q, p, pair[0], pair[1]) || oneSided(q, p, pair[1], pair[0])) {
                return true;
            }
        }
        List<String> qc = codes(q);
        if (!qc.isEmpty()) {
            List<String> pc = codes(p);
            if (!pc.isEmpty() && qc.stream().noneMatch(pc::contains)) {
                return true;
            }
        }
        return false;
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

    private String normalise(String s) {
        Matcher m = spellings.matcher(s.toLowerCase(Locale.ROOT));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(synonyms.get(m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }
}
