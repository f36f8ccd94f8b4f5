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

import java.util.ArrayList;
import java.util.Arrays;
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
    /**
     * Per-thread working arrays of a check, reused so that a check allocates little besides its
     * verdict (less garbage means less collector work competing with the gateway's other threads).
     */
    private static final ThreadLocal<Candidates> SCRATCH = ThreadLocal.withInitial(Candidates::new);
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
                    terms.computeIfAbsent(n, k -> new ArrayList<>(1)).add(new Target(ri, -1, n, false, compiled.get(ri).kindMask));
                }
                for (int pi = 0; pi < rule.patterns().size(); pi++) {
                    for (String a : rule.patterns().get(pi).anchors()) {
                        String n = normaliser.normaliseTerm(a);
                        terms.computeIfAbsent(n, k -> new ArrayList<>(1)).add(new Target(ri, pi, n, false, compiled.get(ri).kindMask));
                    }
                    for (String a : rule.patterns().get(pi).needs()) {
                        String n = normaliser.normaliseTerm(a);
                        terms.computeIfAbsent(n, k -> new ArrayList<>(1)).add(new Target(ri, pi, n, true, compiled.get(ri).kindMask));
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
        Candidates found = SCRATCH.get().reset(rules, 1 << kind.ordinal(), textContexts);
        try {
            return evaluate(text, kind, nt, found);
        } finally {
            found.clear();
        }
    }

    private Verdict evaluate(String text, TextKind kind, NormalisedText nt, Candidates found) {
        index.scan(nt.chars(), found);
        if (found.anchorCount > 0) {
            runAnchoredPatterns(nt, found);
        }
        for (int ri : unanchoredByKind[kind.ordinal()]) {
            CompiledRule cr = rules[ri];
            for (PatternSpec p : cr.rule.patterns()) {
                if (p.anchors().isEmpty()) findPattern(nt, ri, p, 0, nt.length(), found);
            }
        }
        int[] piiRules = piiByKind[kind.ordinal()];
        if (piiRules.length > 0 && nt.mayContainPersonalData()) {
            List<PiiMatch> pii = detector.find(text);
            for (PiiMatch m : pii) {
                for (int ri : piiRules) {
                    if (rules[ri].rule.pii().contains(m.kind())) {
                        found.add(ri, nt.normalisedIndexAtOrAfter(m.start()), nt.normalisedIndexAtOrAfter(m.end()), m);
                    }
                }
            }
        }
        if (found.count == 0) {
            return new Verdict(Action.PASS, List.of(), List.of(), text, kind, packLabels, false);
        }
        return decide(text, kind, nt, found);
    }

    private static void runAnchoredPatterns(NormalisedText nt, Candidates found) {
        String text = null;
        int[] a = found.anchors;
        for (int k = 0; k < found.anchorCount; k++) {
            int ri = a[4 * k], pi = a[4 * k + 1], start = a[4 * k + 2];
            PatternSpec p = found.rules[ri].rule.patterns().get(pi);
            int limit = Math.min(nt.length(), start + p.window());
            // A pattern with needed words is only worth running when one of them is in reach.
            if (!p.needs().isEmpty() && !found.needed(ri, pi, start, limit)) continue;
            // Regular expressions run on a String: the engine's charAt calls stay monomorphic and fast.
            if (text == null) text = nt.text();
            // Anchored: the match must begin at the anchor and end within the window, so a failed
            // attempt costs a few character comparisons instead of a scan. Duplicates (two anchors
            // of one pattern at one position) collapse in decide().
            Matcher m = p.pattern().matcher(text);
            m.region(start, limit);
            if (m.lookingAt() && m.end() > m.start()) {
                found.add(ri, m.start(), m.end(), p.regex());
            }
        }
    }

    private static void findPattern(NormalisedText nt, int ri, PatternSpec p, int from, int to, Candidates found) {
        Matcher m = p.pattern().matcher(nt.text());
        m.region(from, to);
        while (m.find()) {
            if (m.end() > m.start()) {
                found.add(ri, m.start(), m.end(), p.regex());
            }
        }
    }

    private Verdict decide(String text, TextKind kind, NormalisedText nt, Candidates found) {
        int n = found.count;
        found.ensureScratch(n, rules.length);
        int[] order = found.textOrder();
        Hit[] hits = found.hits;
        int h = 0;
        List<ExcusedHit> excused = null;
        int[] kept = found.kept;
        boolean rewrites = false;
        Action action = Action.PASS;
        // In text order (longest first at a position), a match ending inside an earlier match of the
        // same rule is contained in it: 保本 inside 保本保息 is one hit.
        int[] coveredUpTo = found.coveredUpTo;
        for (int k = 0; k < n; k++) {
            int c = order[k];
            int rule = found.rule[c], start = found.start[c], end = found.end[c];
            if (end <= coveredUpTo[rule]) continue;
            coveredUpTo[rule] = end;
            CompiledRule cr = rules[rule];
            if (cr.requires.length > 0 && !cr.requirementsHold(nt, start, end, found)) continue;
            Hit hit = cr.hit(nt, start, end, found.what[c]);
            String reason = cr.exceptions.length > 0 ? cr.excuse(nt, start, end, found) : null;
            if (reason != null) {
                if (excused == null) excused = new ArrayList<>(2);
                excused.add(new ExcusedHit(hit, reason));
                continue;
            }
            kept[h] = c;
            hits[h++] = hit;
            Action a = cr.rule.action();
            action = action.max(a);
            rewrites |= a == Action.REWRITE || a == Action.APPEND_NOTICE;
        }
        String checked = rewrites ? rewrite(text, nt, found, kept, h) : text;
        List<Hit> hitList = h == 0 ? List.of() : new FrozenList<>(Arrays.copyOf(hits, h), h);
        return new Verdict(action, hitList, excused == null ? List.of() : excused, checked, kind, packLabels, false);
    }

    /** Applies REWRITE hits (masking, replacement) and appends the notices of APPEND_NOTICE hits. */
    private String rewrite(String text, NormalisedText nt, Candidates found, int[] kept, int count) {
        StringBuilder out = new StringBuilder(text.length() + 32);
        Set<String> notices = new LinkedHashSet<>();
        int last = 0;
        // Kept candidates are in text order, so replacements are applied left to right.
        for (int k = 0; k < count; k++) {
            int c = kept[k];
            Rule r = rules[found.rule[c]].rule;
            if (r.action() == Action.APPEND_NOTICE && r.notice() != null) notices.add(r.notice());
            if (r.action() != Action.REWRITE) continue;
            Object what = found.what[c];
            PiiMatch pii = what instanceof PiiMatch m ? m : null;
            int s = pii != null ? pii.start() : nt.originalStart(found.start[c]);
            int e = pii != null ? pii.end() : nt.originalEnd(found.end[c]);
            if (s < last) continue;
            out.append(text, last, s);
            out.append(pii != null ? PiiMasker.maskValue(pii) : r.replacement());
            last = e;
        }
        out.append(text, last, text.length());
        for (String notice : notices) {
            if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') out.append('\n');
            out.append(notice);
        }
        return out.toString();
    }

    /**
     * What an index entry points at: a rule's term ({@code pattern == -1}), or an anchor
     * ({@code need == false}) or a needed word ({@code need == true}) of one of its patterns.
     */
    private record Target(int rule, int pattern, String term, boolean need, int kindMask) {
    }

    /** Collects candidates from the index pass; allocated lazily because most texts match nothing. */
    private static final class Candidates implements TermIndex.MatchSink<Target[]> {
        /** Arrays larger than this are not kept for the next check, so one huge text does not pin memory. */
        private static final int KEEP_LIMIT = 1024;
        private CompiledRule[] rules;
        private int kindBit;
        private int memoSize;
        /** Scratch for decide(): candidate order, kept candidates, per-rule coverage, hits before copying. */
        int[] order = new int[16], kept = new int[16], coveredUpTo = new int[16];
        Hit[] hits = new Hit[16];
        /** Candidates as parallel arrays (rule, normalised span, and the term, regex or PiiMatch), grown on demand. */
        int count;
        int[] rule, start, end;
        Object[] what;
        /** Pattern anchors and needed words seen in the pass, four ints each: rule, pattern, start, end. */
        int[] anchors, needs;
        int anchorCount, needCount;

        private static int[] append(int[] to, int count, int r, int p, int s, int e) {
            if (to == null) to = new int[16];
            else if (4 * count == to.length) to = Arrays.copyOf(to, to.length * 2);
            int b = 4 * count;
            to[b] = r;
            to[b + 1] = p;
            to[b + 2] = s;
            to[b + 3] = e;
            return to;
        }

        void add(int r, int s, int e, Object w) {
            if (rule == null) {
                rule = new int[8];
                start = new int[8];
                end = new int[8];
                what = new Object[8];
            } else if (count == rule.length) {
                int cap = count * 2;
                rule = Arrays.copyOf(rule, cap);
                start = Arrays.copyOf(start, cap);
                end = Arrays.copyOf(end, cap);
                what = Arrays.copyOf(what, cap);
            }
            rule[count] = r;
            start[count] = s;
            end[count] = e;
            what[count] = w;
            count++;
        }

        /** Candidate indexes by position, longest first at one position, then rule order (insertion sort: lists are short). */
        int[] textOrder() {
            int[] order = this.order;
            for (int i = 0; i < count; i++) {
                int x = i;
                int j = i - 1;
                while (j >= 0 && after(order[j], x)) {
                    order[j + 1] = order[j];
                    j--;
                }
                order[j + 1] = x;
            }
            return order;
        }

        private boolean after(int a, int b) {
            if (start[a] != start[b]) return start[a] > start[b];
            if (end[a] != end[b]) return end[a] < end[b];
            return rule[a] > rule[b];
        }

        /** Whether a needed word of pattern {@code pi} of rule {@code ri} lies within {@code [from, to)}. */
        boolean needed(int ri, int pi, int from, int to) {
            for (int k = 0; k < needCount; k++) {
                int b = 4 * k;
                if (needs[b] == ri && needs[b + 1] == pi && needs[b + 2] >= from && needs[b + 3] <= to) return true;
            }
            return false;
        }

        /** Prepares this thread's scratch for one check. */
        Candidates reset(CompiledRule[] rules, int kindBit, int memoSize) {
            this.rules = rules;
            this.kindBit = kindBit;
            this.memoSize = memoSize;
            memoUsed = false;
            count = 0;
            anchorCount = 0;
            needCount = 0;
            return this;
        }

        /** Forgets the last check's references (terms, personal-data matches, hits) and oversized arrays. */
        void clear() {
            if (what != null) Arrays.fill(what, 0, count, null);
            Arrays.fill(hits, null);
            if (rule != null && rule.length > KEEP_LIMIT) {
                rule = start = end = null;
                what = null;
            }
            if (order.length > KEEP_LIMIT) {
                order = new int[16];
                kept = new int[16];
                hits = new Hit[16];
            }
            if (anchors != null && anchors.length > KEEP_LIMIT) anchors = null;
            if (needs != null && needs.length > KEEP_LIMIT) needs = null;
            rules = null;
        }

        private byte[] memo;
        private boolean memoUsed;

        /** 0 = not yet computed, 1 = false, 2 = true, per whole-text context; cleared on first use in a check. */
        byte[] memo() {
            if (memo == null || memo.length < memoSize) memo = new byte[memoSize];
            if (!memoUsed) {
                Arrays.fill(memo, (byte) 0);
                memoUsed = true;
            }
            return memo;
        }

        /** Makes the decide() scratch large enough for {@code n} candidates and {@code r} rules. */
        void ensureScratch(int n, int r) {
            if (order.length < n) {
                int cap = Math.max(n, order.length * 2);
                order = new int[cap];
                kept = new int[cap];
                hits = new Hit[cap];
            }
            if (coveredUpTo.length < r) coveredUpTo = new int[Math.max(r, coveredUpTo.length * 2)];
            Arrays.fill(coveredUpTo, 0, r, 0);
        }

        @Override
        public void hit(int start, int end, Target[] targets) {
            for (Target t : targets) {
                if ((t.kindMask & kindBit) == 0) continue;
                if (t.pattern < 0) {
                    add(t.rule, start, end, t.term);
                } else if (t.need) {
                    needs = append(needs, needCount++, t.rule, t.pattern, start, end);
                } else {
                    anchors = append(anchors, anchorCount++, t.rule, t.pattern, start, end);
                }
            }
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

        Hit hit(NormalisedText nt, int start, int end, Object what) {
            int os, oe;
            String matched, term;
            if (what instanceof PiiMatch pii) {
                os = pii.start();
                oe = pii.end();
                // Never copy the personal data itself into a verdict: verdicts are logged and audited.
                matched = PiiMasker.maskValue(pii);
                // The BIN table's issuer and card type, when known, help a reviewer judge the hit.
                term = pii.detail().isEmpty() ? pii.kind().label() : pii.kind().label() + "（" + pii.detail() + "）";
            } else {
                os = nt.originalStart(start);
                oe = nt.originalEnd(end);
                term = (String) what;
                String original = nt.original();
                // Reuse the term's string when the text says exactly that (the common case): one
                // comparison instead of two allocations per hit.
                matched = oe - os == term.length() && original.regionMatches(os, term, 0, term.length())
                        ? term : original.substring(os, oe);
            }
            return new Hit(rule.id(), rule.version(), pack, rule.category(), rule.severity(), rule.action(), os, oe,
                    matched, term, rule.description(), rule.legalBasis());
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
