package com.wecomassist.compliance;

import com.wecomassist.compliance.matching.NormalisedText;
import com.wecomassist.compliance.matching.TermIndex;
import com.wecomassist.compliance.matching.TextNormaliser;
import com.wecomassist.compliance.pii.PiiDetector;
import com.wecomassist.compliance.pii.PiiKind;
import com.wecomassist.compliance.pii.PiiMasker;
import com.wecomassist.compliance.pii.PiiMatch;
import com.wecomassist.compliance.rules.Action;
import com.wecomassist.compliance.rules.Context;
import com.wecomassist.compliance.rules.Example;
import com.wecomassist.compliance.rules.InvalidRulePackException;
import com.wecomassist.compliance.rules.PatternSpec;
import com.wecomassist.compliance.rules.Rule;
import com.wecomassist.compliance.rules.RulePack;
import com.wecomassist.compliance.rules.TextKind;

import java.nio.CharBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;

/**
 * Rule packs compiled for checking: every term and pattern anchor of every rule in one
 * Aho-Corasick index, patterns tried only near their anchors, personal-data detectors run once
 * per text. A text is normalised once, scanned once, and only the few candidate matches pay for
 * the exception and requirement checks.
 *
 * <p>Immutable and thread-safe; build a new one to change the rules.
 */
public final class RuleSet {

    private final List<RulePack> packs;
    private final List<String> packLabels;
    private final CompiledRule[] rules;
    private final TermIndex<Target[]> index;
    /** Per text kind: indexes of rules with unanchored patterns, and of rules with personal-data detectors. */
    private final int[][] unanchoredByKind;
    private final int[][] piiByKind;
    private final PiiDetector detector;
    private final TextNormaliser normaliser = TextNormaliser.instance();
    /** Number of whole-text contexts, each with a slot in a per-check memo (their answer does not depend on the match). */
    private int textContexts;

    private RuleSet(List<RulePack> packs, PiiDetector detector) {
        this.packs = List.copyOf(packs);
        this.detector = detector;
        this.packLabels = packs.stream().map(RulePack::label).toList();
        List<CompiledRule> compiled = new ArrayList<>();
        Map<String, List<Target>> terms = new TreeMap<>();
        for (RulePack pack : packs) {
            for (Rule rule : pack.rules()) {
                if (!rule.enabled()) continue;
                int ri = compiled.size();
                compiled.add(new CompiledRule(rule, pack.label(), this.normaliser, this));
                for (String t : rule.terms()) {
                    String n = normaliser.normaliseTerm(t);
                    terms.computeIfAbsent(n, k -> new ArrayList<>(1)).add(new Target(ri, -1, n));
                }
                for (int pi = 0; pi < rule.patterns().size(); pi++) {
                    for (String a : rule.patterns().get(pi).anchors()) {
                        String n = normaliser.normaliseTerm(a);
                        terms.computeIfAbsent(n, k -> new ArrayList<>(1)).add(new Target(ri, pi, n));
                    }
                }
            }
        }
        this.rules = compiled.toArray(CompiledRule[]::new);
        Map<String, Target[]> arrays = new TreeMap<>();
        terms.forEach((k, v) -> arrays.put(k, v.toArray(Target[]::new)));
        this.index = new TermIndex<>(arrays);
        TextKind[] kinds = TextKind.values();
        this.unanchoredByKind = new int[kinds.length][];
        this.piiByKind = new int[kinds.length][];
        for (TextKind kind : kinds) {
            List<Integer> un = new ArrayList<>(), pii = new ArrayList<>();
            for (int i = 0; i < rules.length; i++) {
                Rule r = rules[i].rule;
                if (!r.appliesTo().contains(kind)) continue;
                if (r.patterns().stream().anyMatch(p -> p.anchors().isEmpty())) un.add(i);
                if (!r.pii().isEmpty()) pii.add(i);
            }
            unanchoredByKind[kind.ordinal()] = un.stream().mapToInt(Integer::intValue).toArray();
            piiByKind[kind.ordinal()] = pii.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    /**
     * Compiles packs and runs every rule's own examples against the result.
     *
     * @throws InvalidRulePackException naming the pack file and the example's line when an example fails
     */
    public static RuleSet compile(List<RulePack> packs, PiiDetector detector) {
        RuleSet set = new RuleSet(packs, detector);
        for (RulePack pack : packs) {
            for (Rule rule : pack.rules()) {
                if (!rule.enabled()) continue;
                for (Example ex : rule.examples()) {
                    Verdict v = set.evaluate(ex.text(), ex.kind());
                    boolean flagged = v.hits().stream().anyMatch(h -> h.ruleId().equals(rule.id()) && h.pack().equals(pack.label()));
                    if (flagged != ex.shouldFlag()) {
                        throw new InvalidRulePackException(pack.source(), ex.line(), "rule '" + rule.id() + "': example "
                                + (ex.shouldFlag() ? "should be flagged but was not" : "should pass but was flagged")
                                + " (as " + ex.kind().yamlName() + "): " + ex.text()
                                + (flagged || v.excused().isEmpty() ? "" : " [excused: " + v.excused().get(0).reason() + "]"));
                    }
                }
            }
        }
        return set;
    }

    public static RuleSet compile(List<RulePack> packs) {
        return compile(packs, PiiDetector.standard());
    }

    public List<RulePack> packs() {
        return packs;
    }

    public List<String> packLabels() {
        return packLabels;
    }

    /** Number of distinct terms and anchors in the index. */
    public int termCount() {
        return index.size();
    }

    /** Checks one text. May throw on a bug; {@link ComplianceChecker} turns that into a fail-closed verdict. */
    public Verdict evaluate(String text, TextKind kind) {
        NormalisedText nt = normaliser.normalise(text);
        int kindBit = 1 << kind.ordinal();
        Candidates found = new Candidates(rules, kindBit, textContexts);
        index.scan(nt.chars(), found);
        if (found.anchors != null) {
            runAnchoredPatterns(nt, found);
        }
        for (int ri : unanchoredByKind[kind.ordinal()]) {
            CompiledRule cr = rules[ri];
            for (PatternSpec p : cr.rule.patterns()) {
                if (p.anchors().isEmpty()) findPattern(nt, ri, p, 0, nt.length(), found);
            }
        }
        int[] piiRules = piiByKind[kind.ordinal()];
        if (piiRules.length > 0) {
            List<PiiMatch> pii = detector.find(text);
            for (PiiMatch m : pii) {
                for (int ri : piiRules) {
                    if (rules[ri].rule.pii().contains(m.kind())) {
                        found.add(new Candidate(ri, nt.normalisedIndexAtOrAfter(m.start()),
                                nt.normalisedIndexAtOrAfter(m.end()), m.kind().label(), m));
                    }
                }
            }
        }
        if (found.list == null) {
            return new Verdict(Action.PASS, List.of(), List.of(), text, kind, packLabels, false);
        }
        return decide(text, kind, nt, found);
    }

    private static void runAnchoredPatterns(NormalisedText nt, Candidates found) {
        CharBuffer chars = CharBuffer.wrap(nt.chars());
        for (int[] a : found.anchors) {
            int ri = a[0], pi = a[1], start = a[2];
            PatternSpec p = found.rules[ri].rule.patterns().get(pi);
            // Anchored: the match must begin at the anchor and end within the window, so a failed
            // attempt costs a few character comparisons instead of a scan. Duplicates (two anchors
            // of one pattern at one position) collapse in decide().
            Matcher m = p.pattern().matcher(chars);
            m.region(start, Math.min(nt.length(), start + p.window()));
            if (m.lookingAt() && m.end() > m.start()) {
                found.add(new Candidate(ri, m.start(), m.end(), p.regex(), null));
            }
        }
    }

    private static void findPattern(NormalisedText nt, int ri, PatternSpec p, int from, int to, Candidates found) {
        Matcher m = p.pattern().matcher(CharBuffer.wrap(nt.chars()));
        m.region(from, to);
        while (m.find()) {
            if (m.end() > m.start()) {
                found.add(new Candidate(ri, m.start(), m.end(), p.regex(), null));
            }
        }
    }

    private Verdict decide(String text, TextKind kind, NormalisedText nt, Candidates found) {
        List<Candidate> candidates = found.list;
        // Longest first among overlapping matches of the same rule, so 保本保息 is one hit, not two.
        if (candidates.size() > 1) candidates.sort(CANDIDATE_ORDER);
        List<Hit> hits = new ArrayList<>(candidates.size());
        List<ExcusedHit> excused = null;
        List<Candidate> kept = new ArrayList<>(candidates.size());
        Action action = Action.PASS;
        Candidate previous = null;
        for (Candidate c : candidates) {
            if (previous != null && previous.rule == c.rule && c.start < previous.end && c.end <= previous.end) continue;
            previous = c;
            CompiledRule cr = rules[c.rule];
            if (!cr.requirementsHold(nt, c.start, c.end, found)) continue;
            Hit hit = cr.hit(nt, c);
            String reason = cr.excuse(nt, c.start, c.end, found);
            if (reason != null) {
                if (excused == null) excused = new ArrayList<>(2);
                excused.add(new ExcusedHit(hit, reason));
                continue;
            }
            hits.add(hit);
            kept.add(c);
            action = action.max(cr.rule.action());
        }
        if (hits.size() > 1) hits.sort(HIT_ORDER);
        if (excused == null) excused = List.of();
        else if (excused.size() > 1) excused.sort(EXCUSED_ORDER);
        return new Verdict(action, hits, excused, rewrite(text, nt, kept), kind, packLabels, false);
    }

    /** Applies REWRITE hits (masking, replacement) and appends the notices of APPEND_NOTICE hits. */
    private String rewrite(String text, NormalisedText nt, List<Candidate> kept) {
        boolean any = false;
        for (Candidate c : kept) {
            Action a = rules[c.rule].rule.action();
            any |= a == Action.REWRITE || a == Action.APPEND_NOTICE;
        }
        if (!any) return text;
        List<Candidate> rewrites = new ArrayList<>();
        Set<String> notices = new LinkedHashSet<>();
        for (Candidate c : kept) {
            Rule r = rules[c.rule].rule;
            if (r.action() == Action.REWRITE) rewrites.add(c);
            if (r.action() == Action.APPEND_NOTICE && r.notice() != null) notices.add(r.notice());
        }
        if (rewrites.isEmpty() && notices.isEmpty()) return text;
        StringBuilder out = new StringBuilder(text.length() + 32);
        rewrites.sort(Comparator.comparingInt(c -> c.pii != null ? c.pii.start() : nt.originalStart(c.start)));
        int last = 0;
        for (Candidate c : rewrites) {
            int s = c.pii != null ? c.pii.start() : nt.originalStart(c.start);
            int e = c.pii != null ? c.pii.end() : nt.originalEnd(c.end);
            if (s < last) continue;
            out.append(text, last, s);
            out.append(c.pii != null ? PiiMasker.maskValue(c.pii) : rules[c.rule].rule.replacement());
            last = e;
        }
        out.append(text, last, text.length());
        for (String n : notices) {
            if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') out.append('\n');
            out.append(n);
        }
        return out.toString();
    }

    /** By rule, then position, longest first: the order in which overlapping matches of one rule collapse. */
    private static final Comparator<Candidate> CANDIDATE_ORDER = (a, b) -> {
        if (a.rule != b.rule) return Integer.compare(a.rule, b.rule);
        if (a.start != b.start) return Integer.compare(a.start, b.start);
        return Integer.compare(b.end - b.start, a.end - a.start);
    };
    private static final Comparator<Hit> HIT_ORDER = (a, b) ->
            a.start() != b.start() ? Integer.compare(a.start(), b.start()) : a.ruleId().compareTo(b.ruleId());
    private static final Comparator<ExcusedHit> EXCUSED_ORDER = (a, b) -> HIT_ORDER.compare(a.hit(), b.hit());

    /** What an index entry points at: a rule's term ({@code pattern == -1}) or an anchor of one of its patterns. */
    private record Target(int rule, int pattern, String term) {
    }

    /** A match before requirements and exceptions are applied; normalised coordinates. */
    private record Candidate(int rule, int start, int end, String term, PiiMatch pii) {
    }

    /** Collects candidates from the index pass; allocated lazily because most texts match nothing. */
    private static final class Candidates implements TermIndex.MatchSink<Target[]> {
        private final CompiledRule[] rules;
        private final int kindBit;
        private final int memoSize;
        List<Candidate> list;
        List<int[]> anchors;

        Candidates(CompiledRule[] rules, int kindBit, int memoSize) {
            this.rules = rules;
            this.kindBit = kindBit;
            this.memoSize = memoSize;
        }

        private byte[] memo;

        /** 0 = not yet computed, 1 = false, 2 = true, per whole-text context; allocated on first use. */
        byte[] memo() {
            if (memo == null) memo = new byte[memoSize];
            return memo;
        }

        @Override
        public void match(int start, int end, Target[] targets) {
            for (Target t : targets) {
                if ((rules[t.rule].kindMask & kindBit) == 0) continue;
                if (t.pattern < 0) {
                    add(new Candidate(t.rule, start, end, t.term, null));
                } else {
                    if (anchors == null) anchors = new ArrayList<>(2);
                    anchors.add(new int[]{t.rule, t.pattern, start, end});
                }
            }
        }

        void add(Candidate c) {
            if (list == null) list = new ArrayList<>(4);
            list.add(c);
        }
    }

    /** A rule with its contexts' terms normalised and its text kinds as a bit mask. */
    private static final class CompiledRule {
        final Rule rule;
        final String pack;
        final int kindMask;
        final CompiledContext[] requires;
        final CompiledContext[] exceptions;

        CompiledRule(Rule rule, String pack, TextNormaliser normaliser, RuleSet set) {
            this.rule = rule;
            this.pack = pack;
            int mask = 0;
            for (TextKind k : rule.appliesTo()) mask |= 1 << k.ordinal();
            this.kindMask = mask;
            this.requires = rule.requires().stream().map(c -> new CompiledContext(c, normaliser, set)).toArray(CompiledContext[]::new);
            this.exceptions = rule.exceptions().stream().map(c -> new CompiledContext(c, normaliser, set)).toArray(CompiledContext[]::new);
        }

        boolean requirementsHold(NormalisedText nt, int s, int e, Candidates memo) {
            for (CompiledContext c : requires) {
                if (!c.holds(nt, s, e, memo)) return false;
            }
            return true;
        }

        /** The reason of the first exception that holds, or null. */
        String excuse(NormalisedText nt, int s, int e, Candidates memo) {
            for (CompiledContext c : exceptions) {
                if (c.holds(nt, s, e, memo)) return c.reason;
            }
            return null;
        }

        Hit hit(NormalisedText nt, Candidate c) {
            int os, oe;
            String matched;
            if (c.pii != null) {
                os = c.pii.start();
                oe = c.pii.end();
                // Never copy the personal data itself into a verdict: verdicts are logged and audited.
                matched = PiiMasker.maskValue(c.pii);
            } else {
                os = nt.originalStart(c.start);
                oe = nt.originalEnd(c.end);
                matched = nt.original().substring(os, oe);
            }
            return new Hit(rule.id(), rule.version(), pack, rule.category(), rule.severity(), rule.action(), os, oe,
                    matched, c.term, rule.description(), rule.legalBasis());
        }
    }

    /** A context with normalised cue terms, evaluated on normalised text. */
    private static final class CompiledContext {
        final Context.Scope scope;
        final String[] terms;
        final String[] unless;
        final int window;
        final String reason;
        /** Bit set of the first characters of the cue terms, so a scan tests one bit per character. */
        final long[] firstChars = new long[1024];
        final int memoSlot;

        CompiledContext(Context c, TextNormaliser normaliser, RuleSet set) {
            this.scope = c.scope();
            this.terms = c.terms().stream().map(normaliser::normaliseTerm).toArray(String[]::new);
            this.unless = c.unless().stream().map(normaliser::normaliseTerm).toArray(String[]::new);
            this.window = c.window();
            this.reason = c.reason();
            for (String t : terms) firstChars[t.charAt(0) >>> 6] |= 1L << t.charAt(0);
            this.memoSlot = scope == Context.Scope.TEXT_HAS ? set.textContexts++ : -1;
        }

        boolean holds(NormalisedText nt, int s, int e, Candidates check) {
            if (memoSlot >= 0) {
                byte[] memo = check.memo();
                if (memo[memoSlot] == 0) memo[memoSlot] = (byte) (evaluate(nt, s, e) ? 2 : 1);
                return memo[memoSlot] == 2;
            }
            return evaluate(nt, s, e);
        }

        private boolean evaluate(NormalisedText nt, int s, int e) {
            char[] ch = nt.chars();
            switch (scope) {
                case PRECEDED_BY -> {
                    for (String t : terms) {
                        for (int gap = 0; gap <= window; gap++) {
                            int cueEnd = s - gap;
                            if (cueEnd < 0 || (gap > 0 && TextNormaliser.isClauseBoundary(ch[cueEnd]))) break;
                            if (nt.startsWith(t, cueEnd - t.length()) && !coveredByUnless(nt, cueEnd - t.length(), cueEnd)) return true;
                        }
                    }
                    return false;
                }
                case FOLLOWED_BY -> {
                    for (String t : terms) {
                        for (int gap = 0; gap <= window; gap++) {
                            int cueStart = e + gap;
                            if (cueStart > ch.length || (gap > 0 && TextNormaliser.isClauseBoundary(ch[cueStart - 1]))) break;
                            if (nt.startsWith(t, cueStart) && !coveredByUnless(nt, cueStart, cueStart + t.length())) return true;
                        }
                    }
                    return false;
                }
                case CLAUSE_HAS, SENTENCE_HAS -> {
                    boolean clause = scope == Context.Scope.CLAUSE_HAS;
                    int from = s;
                    while (from > 0 && !(clause ? TextNormaliser.isClauseBoundary(ch[from - 1]) : TextNormaliser.isSentenceBoundary(ch[from - 1]))) from--;
                    int to = e;
                    while (to < ch.length && !(clause ? TextNormaliser.isClauseBoundary(ch[to]) : TextNormaliser.isSentenceBoundary(ch[to]))) to++;
                    return occursIn(nt, from, to);
                }
                case TEXT_HAS -> {
                    return occursIn(nt, 0, ch.length);
                }
                case INSIDE -> {
                    for (String t : terms) {
                        for (int p = Math.max(0, e - t.length()); p <= s; p++) {
                            if (nt.startsWith(t, p)) return true;
                        }
                    }
                    return false;
                }
                case MATCHED_CONTAINS -> {
                    for (String t : terms) {
                        int p = nt.indexOf(t, s, e - t.length() + 1);
                        if (p >= 0) return true;
                    }
                    return false;
                }
                default -> throw new IllegalStateException("unknown scope " + scope);
            }
        }

        private boolean occursIn(NormalisedText nt, int from, int to) {
            char[] ch = nt.chars();
            long[] first = firstChars;
            for (int p = from; p < to; p++) {
                char c = ch[p];
                if ((first[c >>> 6] & (1L << c)) == 0) continue;
                for (String t : terms) {
                    if (t.charAt(0) == c && p + t.length() <= to && nt.startsWith(t, p)
                            && !coveredByUnless(nt, p, p + t.length())) {
                        return true;
                    }
                }
            }
            return false;
        }

        private boolean coveredByUnless(NormalisedText nt, int cs, int ce) {
            for (String u : unless) {
                for (int p = Math.max(0, ce - u.length()); p <= cs; p++) {
                    if (nt.startsWith(u, p)) return true;
                }
            }
            return false;
        }
    }

    @Override
    public String toString() {
        return "RuleSet" + packLabels + " rules=" + rules.length + " terms=" + index.size()
                + " kinds=" + Arrays.toString(TextKind.values());
    }
}
