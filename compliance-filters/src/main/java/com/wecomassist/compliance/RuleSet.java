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
                compiled.add(new CompiledRule(rule, pack.label(), this.normaliser));
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
        Candidates found = new Candidates(rules, kindBit);
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
        return decide(text, kind, nt, found.list);
    }

    private void runAnchoredPatterns(NormalisedText nt, Candidates found) {
        // Each (pattern, region) once, even when several anchors of it occur close together.
        Set<Long> done = new java.util.HashSet<>();
        for (int[] a : found.anchors) {
            int ri = a[0], pi = a[1];
            PatternSpec p = rules[ri].rule.patterns().get(pi);
            int from = Math.max(0, a[2] - p.window());
            int to = Math.min(nt.length(), a[3] + p.window());
            if (done.add(((long) ri << 40) ^ ((long) pi << 32) ^ from)) {
                findPattern(nt, ri, p, from, to, found);
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

    private Verdict decide(String text, TextKind kind, NormalisedText nt, List<Candidate> candidates) {
        // Longest first among overlapping matches of the same rule, so 保本保息 is one hit, not two.
        candidates.sort(Comparator.comparingInt((Candidate c) -> c.rule).thenComparingInt(c -> c.start)
                .thenComparingInt(c -> -(c.end - c.start)));
        List<Hit> hits = new ArrayList<>();
        List<ExcusedHit> excused = new ArrayList<>();
        List<Candidate> kept = new ArrayList<>();
        Action action = Action.PASS;
        Candidate previous = null;
        for (Candidate c : candidates) {
            if (previous != null && previous.rule == c.rule && c.start < previous.end && c.end <= previous.end) continue;
            previous = c;
            CompiledRule cr = rules[c.rule];
            if (!cr.requirementsHold(nt, c.start, c.end)) continue;
            Hit hit = cr.hit(nt, c);
            String reason = cr.excuse(nt, c.start, c.end);
            if (reason != null) {
                excused.add(new ExcusedHit(hit, reason));
                continue;
            }
            hits.add(hit);
            kept.add(c);
            action = action.max(cr.rule.action());
        }
        Comparator<Hit> byPosition = Comparator.comparingInt(Hit::start).thenComparing(Hit::ruleId);
        hits.sort(byPosition);
        excused.sort(Comparator.comparing(ExcusedHit::hit, byPosition));
        return new Verdict(action, hits, excused, rewrite(text, nt, kept), kind, packLabels, false);
    }

    /** Applies REWRITE hits (masking, replacement) and appends the notices of APPEND_NOTICE hits. */
    private String rewrite(String text, NormalisedText nt, List<Candidate> kept) {
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
        List<Candidate> list;
        List<int[]> anchors;

        Candidates(CompiledRule[] rules, int kindBit) {
            this.rules = rules;
            this.kindBit = kindBit;
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

        CompiledRule(Rule rule, String pack, TextNormaliser normaliser) {
            this.rule = rule;
            this.pack = pack;
            int mask = 0;
            for (TextKind k : rule.appliesTo()) mask |= 1 << k.ordinal();
            this.kindMask = mask;
            this.requires = rule.requires().stream().map(c -> new CompiledContext(c, normaliser)).toArray(CompiledContext[]::new);
            this.exceptions = rule.exceptions().stream().map(c -> new CompiledContext(c, normaliser)).toArray(CompiledContext[]::new);
        }

        boolean requirementsHold(NormalisedText nt, int s, int e) {
            for (CompiledContext c : requires) {
                if (!c.holds(nt, s, e)) return false;
            }
            return true;
        }

        /** The reason of the first exception that holds, or null. */
        String excuse(NormalisedText nt, int s, int e) {
            for (CompiledContext c : exceptions) {
                if (c.holds(nt, s, e)) return c.reason;
            }
            return null;
        }

        Hit hit(NormalisedText nt, Candidate c) {
            int os, oe;
            String matched, explanation;
            if (c.pii != null) {
                os = c.pii.start();
                oe = c.pii.end();
                // Never copy the personal data itself into a verdict: verdicts are logged and audited.
                matched = PiiMasker.maskValue(c.pii);
                explanation = rule.description() + "（" + c.pii.kind().label() + "：" + matched + "）";
            } else {
                os = nt.originalStart(c.start);
                oe = nt.originalEnd(c.end);
                matched = nt.original().substring(os, oe);
                explanation = rule.description() + "（命中：" + matched + "）";
            }
            return new Hit(rule.id(), rule.version(), pack, rule.category(), rule.severity(), rule.action(), os, oe,
                    matched, c.term, explanation, rule.legalBasis());
        }
    }

    /** A context with normalised cue terms, evaluated on normalised text. */
    private static final class CompiledContext {
        final Context.Scope scope;
        final String[] terms;
        final String[] unless;
        final int window;
        final String reason;

        CompiledContext(Context c, TextNormaliser normaliser) {
            this.scope = c.scope();
            this.terms = c.terms().stream().map(normaliser::normaliseTerm).toArray(String[]::new);
            this.unless = c.unless().stream().map(normaliser::normaliseTerm).toArray(String[]::new);
            this.window = c.window();
            this.reason = c.reason();
        }

        boolean holds(NormalisedText nt, int s, int e) {
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
            for (String t : terms) {
                int p = nt.indexOf(t, from, to - t.length() + 1);
                while (p >= 0) {
                    if (!coveredByUnless(nt, p, p + t.length())) return true;
                    p = nt.indexOf(t, p + 1, to - t.length() + 1);
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
