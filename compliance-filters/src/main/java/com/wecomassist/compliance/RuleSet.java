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
import com.wecomassist.compliance.rules.NearSpec;
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
 * Rule packs compiled for checking: every term, pattern anchor and near-group member of every
 * rule in one Aho-Corasick index, patterns tried only near their anchors, near matchers assembled
 * from the members the pass found, personal-data detectors run once per text. A text is normalised once, scanned once, and only the few candidate matches pay for
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
    private final int textContexts;
    /** Number of near matchers over all rules; each has a slot for the groups a check has seen. */
    private final int nearCount;

    private RuleSet(List<RulePack> packs, PiiDetector detector) {
        this.packs = List.copyOf(packs);
        this.detector = detector;
        this.packLabels = packs.stream().map(RulePack::label).toList();
        List<CompiledRule> compiled = new ArrayList<>();
        Map<String, List<Target>> terms = new TreeMap<>();
        // Memo slots of whole-text contexts are numbered while compiling; the count is final once done.
        int[] memoSlots = {0};
        int nears = 0;
        for (RulePack pack : packs) {
            for (Rule rule : pack.rules()) {
                if (!rule.enabled()) continue;
                int ri = compiled.size();
                CompiledRule cr = new CompiledRule(rule, pack.label(), this.normaliser, memoSlots);
                compiled.add(cr);
                int mask = cr.kindMask;
                for (String t : rule.terms()) {
                    String n = normaliser.normaliseTerm(t);
                    addTarget(terms, n, new Target(ri, Target.TERM, -1, -1, n, mask, -1));
                }
                for (int pi = 0; pi < rule.patterns().size(); pi++) {
                    for (String a : rule.patterns().get(pi).anchors()) {
                        String n = normaliser.normaliseTerm(a);
                        addTarget(terms, n, new Target(ri, Target.ANCHOR, pi, -1, n, mask, -1));
                    }
                    for (String a : rule.patterns().get(pi).needs()) {
                        String n = normaliser.normaliseTerm(a);
                        addTarget(terms, n, new Target(ri, Target.NEED, pi, -1, n, mask, -1));
                    }
                }
                for (int ni = 0; ni < cr.nears.length; ni++) {
                    CompiledNear cn = cr.nears[ni];
                    cn.slot = nears++;
                    String[][] groups = cn.groups;
                    for (int gi = 0; gi < groups.length; gi++) {
                        for (String n : groups[gi]) addTarget(terms, n, new Target(ri, Target.NEAR, ni, gi, n, mask, cn.slot));
                    }
                }
            }
        }
        this.textContexts = memoSlots[0];
        this.nearCount = nears;
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

    private static void addTarget(Map<String, List<Target>> terms, String term, Target t) {
        List<Target> list = terms.computeIfAbsent(term, k -> new ArrayList<>(1));
        // A term listed twice in one place (two spellings that normalise alike) must report once.
        if (!list.contains(t)) list.add(t);
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
        Candidates found = SCRATCH.get().reset(rules, 1 << kind.ordinal(), textContexts, nearCount);
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
        if (found.nearCount > 0) {
            assembleNear(nt, found);
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

    /**
     * Near matchers: from each member of a matcher's first group, looks for a member of every other
     * group in reach (same clause, sentence or character window; in order if asked), each with the
     * polarity its group asks for. Works only on the members the single index pass reported.
     */
    private void assembleNear(NormalisedText nt, Candidates found) {
        int[] r = found.nears;
        int n = found.nearCount;
        char[] ch = nt.chars();
        for (int a = 0; a < n; a++) {
            int ab = 5 * a;
            if (r[ab + 2] != 0) continue;
            int ri = r[ab], ni = r[ab + 1], s0 = r[ab + 3], e0 = r[ab + 4];
            CompiledNear cn = rules[ri].nears[ni];
            // Most texts touch a matcher's words without having all its groups: nothing to assemble.
            if (found.groupsSeen[cn.slot] != cn.allGroups) continue;
            if (!cn.polarityHolds(0, nt, s0, e0, found, ri, ni)) continue;
            boolean clause = cn.within == NearSpec.Within.CLAUSE;
            Bounds bounds = found.bounds(nt);
            int from = clause ? bounds.clauseStart[s0] : bounds.sentenceStart[s0];
            int to = clause ? bounds.clauseEnd[e0] : bounds.sentenceEnd[e0];
            if (cn.within == NearSpec.Within.CHARS) {
                from = Math.max(from, s0 - cn.chars);
                to = Math.min(to, e0 + cn.chars);
            }
            int spanStart = s0, spanEnd = e0, prevEnd = e0;
            boolean all = true;
            for (int g = 1; g < cn.groups.length && all; g++) {
                int best = -1;
                for (int b = 0; b < n; b++) {
                    int bb = 5 * b;
                    if (r[bb] != ri || r[bb + 1] != ni || r[bb + 2] != g) continue;
                    int sb = r[bb + 3], eb = r[bb + 4];
                    if (sb < from || eb > to) continue;
                    if (sb < e0 && eb > s0) continue; // the same words cannot stand for two groups
                    if (cn.ordered && sb < prevEnd) continue;
                    if (best >= 0 && (!cn.ordered || r[5 * best + 3] <= sb)) continue;
                    if (!cn.polarityHolds(g, nt, sb, eb, found, ri, ni)) continue;
                    best = b;
                    if (!cn.ordered) break;
                }
                if (best < 0) {
                    all = false;
                } else {
                    spanStart = Math.min(spanStart, r[5 * best + 3]);
                    spanEnd = Math.max(spanEnd, r[5 * best + 4]);
                    prevEnd = r[5 * best + 4];
                }
            }
            if (all) found.add(ri, spanStart, spanEnd, cn.label);
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
        // A notice that another appended notice already contains is not appended twice (the
        // past-performance notice includes the investment-risk notice).
        notices.removeIf(n -> notices.stream().anyMatch(o -> o.length() > n.length() && o.contains(n)));
        for (String notice : notices) {
            if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') out.append('\n');
            out.append(notice);
        }
        return out.toString();
    }

    /**
     * What an index entry points at: a rule's term, an anchor or a needed word of one of its
     * patterns ({@code sub} = the pattern), or a member of group {@code group} of one of its near
     * matchers ({@code sub} = the matcher).
     */
    private record Target(int rule, int what, int sub, int group, String term, int kindMask, int nearSlot) {
        static final int TERM = 0, ANCHOR = 1, NEED = 2, NEAR = 3;
    }

    /**
     * Where the clause and the sentence around each position start and end, computed once per
     * checked text when a context or near matcher first needs them (instead of walking to the
     * boundaries for every candidate and every context).
     */
    private static final class Bounds {
        int[] clauseStart = new int[64], clauseEnd = new int[64], sentenceStart = new int[64], sentenceEnd = new int[64];

        void shrink() {
            clauseStart = new int[64];
            clauseEnd = new int[64];
            sentenceStart = new int[64];
            sentenceEnd = new int[64];
        }

        void compute(char[] ch) {
            int n = ch.length;
            if (clauseStart.length < n + 1) {
                int cap = Math.max(n + 1, clauseStart.length * 2);
                clauseStart = new int[cap];
                clauseEnd = new int[cap];
                sentenceStart = new int[cap];
                sentenceEnd = new int[cap];
            }
            int cs = 0, ss = 0;
            for (int p = 0; p <= n; p++) {
                if (p > 0) {
                    char c = ch[p - 1];
                    if (TextNormaliser.isClauseBoundary(c)) cs = p;
                    if (TextNormaliser.isSentenceBoundary(c)) ss = p;
                }
                clauseStart[p] = cs;
                sentenceStart[p] = ss;
            }
            int ce = n, se = n;
            for (int p = n; p >= 0; p--) {
                if (p < n) {
                    char c = ch[p];
                    if (TextNormaliser.isClauseBoundary(c)) ce = p;
                    if (TextNormaliser.isSentenceBoundary(c)) se = p;
                }
                clauseEnd[p] = ce;
                sentenceEnd[p] = se;
            }
        }
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
        /** Near-group members seen in the pass, five ints each: rule, matcher, group, start, end. */
        int[] nears;
        int nearCount;
        /** Per near matcher (by slot): bit set of the groups seen in this check; the slots touched, for resetting. */
        int[] groupsSeen = new int[0];
        int[] touched = new int[16];
        int touchedCount;

        private static int[] append5(int[] to, int count, int r, int m, int g, int s, int e) {
            if (to == null) to = new int[40];
            else if (5 * count == to.length) to = Arrays.copyOf(to, to.length * 2);
            int b = 5 * count;
            to[b] = r;
            to[b + 1] = m;
            to[b + 2] = g;
            to[b + 3] = s;
            to[b + 4] = e;
            return to;
        }

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
        Candidates reset(CompiledRule[] rules, int kindBit, int memoSize, int nearSlots) {
            this.rules = rules;
            if (groupsSeen.length < nearSlots) groupsSeen = new int[nearSlots];
            for (int k = 0; k < touchedCount; k++) groupsSeen[touched[k]] = 0;
            touchedCount = 0;
            this.kindBit = kindBit;
            this.memoSize = memoSize;
            memoUsed = false;
            count = 0;
            anchorCount = 0;
            needCount = 0;
            nearCount = 0;
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
            if (nears != null && nears.length > KEEP_LIMIT) nears = null;
            boundsOf = null;
            if (bounds.clauseStart.length > KEEP_LIMIT) bounds.shrink();
            rules = null;
        }

        private byte[] memo;
        private boolean memoUsed;
        private final Bounds bounds = new Bounds();
        private NormalisedText boundsOf;

        /** The clause and sentence bounds of {@code nt}, computed on first use in a check. */
        Bounds bounds(NormalisedText nt) {
            if (boundsOf != nt) {
                bounds.compute(nt.chars());
                boundsOf = nt;
            }
            return bounds;
        }

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
                switch (t.what) {
                    case Target.TERM -> add(t.rule, start, end, t.term);
                    case Target.NEED -> needs = append(needs, needCount++, t.rule, t.sub, start, end);
                    case Target.ANCHOR -> anchors = append(anchors, anchorCount++, t.rule, t.sub, start, end);
                    default -> {
                        nears = append5(nears, nearCount++, t.rule, t.sub, t.group, start, end);
                        int seen = groupsSeen[t.nearSlot];
                        if (seen == 0) {
                            if (touchedCount == touched.length) touched = Arrays.copyOf(touched, touchedCount * 2);
                            touched[touchedCount++] = t.nearSlot;
                        }
                        groupsSeen[t.nearSlot] = seen | 1 << t.group;
                    }
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
        final CompiledNear[] nears;

        CompiledRule(Rule rule, String pack, TextNormaliser normaliser, int[] memoSlots) {
            this.rule = rule;
            this.pack = pack;
            int mask = 0;
            for (TextKind k : rule.appliesTo()) mask |= 1 << k.ordinal();
            this.kindMask = mask;
            this.requires = rule.requires().stream().map(c -> new CompiledContext(c, normaliser, memoSlots)).toArray(CompiledContext[]::new);
            this.exceptions = rule.exceptions().stream().map(c -> new CompiledContext(c, normaliser, memoSlots)).toArray(CompiledContext[]::new);
            this.nears = rule.near().stream().map(n -> new CompiledNear(n, normaliser, memoSlots)).toArray(CompiledNear[]::new);
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

    /** A near matcher with normalised group members and its negation cues compiled. */
    private static final class CompiledNear {
        final String[][] groups;
        final NearSpec.Polarity[] polarity;
        final NearSpec.Within within;
        final int chars;
        final boolean ordered;
        final CompiledContext negation;
        /** What a hit names as its term: the groups' first members, e.g. 亏+我补. */
        final String label;
        final String[] notIn;
        /** Bit set of all groups, compared with the groups a check has seen. */
        final int allGroups;
        /** Index among all near matchers of the rule set, assigned when compiling. */
        int slot;

        CompiledNear(NearSpec spec, TextNormaliser normaliser, int[] memoSlots) {
            this.groups = spec.groups().stream()
                    .map(g -> g.terms().stream().map(normaliser::normaliseTerm).distinct().toArray(String[]::new))
                    .toArray(String[][]::new);
            this.polarity = spec.groups().stream().map(NearSpec.Group::polarity).toArray(NearSpec.Polarity[]::new);
            this.within = spec.within();
            this.chars = spec.chars();
            this.ordered = spec.ordered();
            this.negation = spec.negation() == null ? null : new CompiledContext(spec.negation(), normaliser, memoSlots);
            this.notIn = spec.notIn().stream().map(normaliser::normaliseTerm).toArray(String[]::new);
            this.allGroups = (1 << groups.length) - 1;
            StringBuilder b = new StringBuilder();
            for (int g = 0; g < groups.length; g++) {
                if (g > 0) b.append('+');
                b.append(polarity[g] == NearSpec.Polarity.NEGATED ? "不" : "").append(groups[g][0]);
            }
            this.label = b.toString();
        }

        /** Whether the member at {@code [s, e)} counts: not inside a not-in term, and with the polarity group {@code g} asks for. */
        boolean polarityHolds(int g, NormalisedText nt, int s, int e, Candidates found, int ri, int ni) {
            for (String t : notIn) {
                for (int p = Math.max(0, e - t.length()); p <= s; p++) {
                    if (nt.startsWith(t, p)) return false;
                }
            }
            NearSpec.Polarity p = polarity[g];
            if (p == NearSpec.Polarity.EITHER || negation == null) return p != NearSpec.Polarity.NEGATED;
            int cueEnd = negation.cueEndBefore(nt, s);
            // A cue negates the nearest word after it: in 不查征信 the 不 belongs to 查, so 征信 is
            // not negated when another affirmed or negated member of this matcher stands between the
            // cue and it (members of either-groups, such as 谁 in 没听说谁亏过, do not take the cue).
            boolean negated = cueEnd >= 0 && !memberBetween(found, ri, ni, cueEnd, s);
            return negated == (p == NearSpec.Polarity.NEGATED);
        }

        /** Whether a member of a polarity-bearing group of this matcher lies within {@code [from, to)}. */
        private boolean memberBetween(Candidates found, int ri, int ni, int from, int to) {
            int[] r = found.nears;
            for (int k = 0; k < found.nearCount; k++) {
                int b = 5 * k;
                if (r[b] == ri && r[b + 1] == ni && r[b + 3] >= from && r[b + 4] <= to
                        && polarity[r[b + 2]] != NearSpec.Polarity.EITHER) return true;
            }
            return false;
        }
    }

    /**
     * Cue terms sorted by first character, with a bit set of first characters (one bit test per
     * character of the scanned text) and, per first character, the range of terms that start
     * with it, so a common first character (不) costs the few terms that start with it, not all.
     */
    private static final class Cues {
        final String[] terms;
        final long[] firstChars = new long[1024];
        /** Open-addressed table: first character, and the range of {@link #terms} starting with it. */
        private final char[] keys;
        private final int[] from;
        private final int[] to;
        private final int mask;

        /** Indexed by the last character instead of the first (for cues that must end at a position). */
        final boolean byLast;

        Cues(String[] cueTerms) {
            this(cueTerms, false);
        }

        Cues(String[] cueTerms, boolean byLast) {
            this.byLast = byLast;
            this.terms = cueTerms.clone();
            Arrays.sort(terms, (a, b) -> Character.compare(key(a), key(b)));
            int size = Integer.highestOneBit(Math.max(4, terms.length * 2)) << 1;
            this.keys = new char[size];
            this.from = new int[size];
            this.to = new int[size];
            this.mask = size - 1;
            for (int i = 0; i < terms.length; i++) {
                char c = key(terms[i]);
                firstChars[c >>> 6] |= 1L << c;
                int h = slot(c);
                if (keys[h] == 0) {
                    keys[h] = c;
                    from[h] = i;
                }
                to[h] = i + 1;
            }
        }

        private char key(String t) {
            return byLast ? t.charAt(t.length() - 1) : t.charAt(0);
        }

        boolean has(char c) {
            return (firstChars[c >>> 6] & (1L << c)) != 0;
        }

        private int slot(char c) {
            int h = (c * 0x9E3779B1 >>> 16) & mask;
            while (keys[h] != 0 && keys[h] != c) h = (h + 1) & mask;
            return h;
        }

        int start(char c) {
            int h = slot(c);
            return keys[h] == c ? from[h] : 0;
        }

        int end(char c) {
            int h = slot(c);
            return keys[h] == c ? to[h] : 0;
        }
    }

    /** A context with normalised cue terms, evaluated on normalised text. */
    private static final class CompiledContext {
        final Context.Scope scope;
        final String[] terms;
        /** For the {@code *-has-all} scopes: the groups, each needing one cue present. */
        final String[][] groups;
        final String[] unless;
        final int window;
        final String reason;
        /** The cue terms by first character; for the {@code *-has-all} scopes one set per group. */
        final Cues cues;
        /** The same cues indexed by last character, for preceded-by (a cue that must end at a position). */
        final Cues endCues;
        final Cues[] groupCues;
        final int memoSlot;

        CompiledContext(Context c, TextNormaliser normaliser, int[] memoSlots) {
            this.scope = c.scope();
            this.terms = c.terms().stream().map(normaliser::normaliseTerm).toArray(String[]::new);
            this.groups = c.groups().stream().map(g -> g.stream().map(normaliser::normaliseTerm).toArray(String[]::new))
                    .toArray(String[][]::new);
            this.unless = c.unless().stream().map(normaliser::normaliseTerm).toArray(String[]::new);
            this.window = c.window();
            this.reason = c.reason();
            this.cues = new Cues(terms);
            this.endCues = new Cues(terms, true);
            this.groupCues = java.util.Arrays.stream(groups).map(Cues::new).toArray(Cues[]::new);
            this.memoSlot = scope == Context.Scope.TEXT_HAS || scope == Context.Scope.TEXT_HAS_ALL ? memoSlots[0]++ : -1;
        }

        boolean holds(NormalisedText nt, int s, int e, Candidates check) {
            if (memoSlot >= 0) {
                byte[] memo = check.memo();
                if (memo[memoSlot] == 0) memo[memoSlot] = (byte) (evaluate(nt, s, e, check) ? 2 : 1);
                return memo[memoSlot] == 2;
            }
            return evaluate(nt, s, e, check);
        }

        /**
         * For a preceded-by context: where the nearest cue before {@code s} ends (at most
         * {@code window} characters before, same clause, not inside an unless term), or -1.
         */
        int cueEndBefore(NormalisedText nt, int s) {
            char[] ch = nt.chars();
            Cues set = endCues;
            String[] ts = set.terms;
            for (int gap = 0; gap <= window; gap++) {
                int cueEnd = s - gap;
                if (cueEnd <= 0 || (gap > 0 && TextNormaliser.isClauseBoundary(ch[cueEnd]))) break;
                char c = ch[cueEnd - 1];
                if (!set.has(c)) continue;
                for (int i = set.start(c), end = set.end(c); i < end; i++) {
                    String t = ts[i];
                    if (nt.startsWith(t, cueEnd - t.length()) && !coveredByUnless(nt, cueEnd - t.length(), cueEnd)) return cueEnd;
                }
            }
            return -1;
        }

        boolean evaluate(NormalisedText nt, int s, int e, Candidates check) {
            char[] ch = nt.chars();
            switch (scope) {
                case PRECEDED_BY -> {
                    return cueEndBefore(nt, s) >= 0;
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
                case CLAUSE_HAS, SENTENCE_HAS, CLAUSE_HAS_ALL, SENTENCE_HAS_ALL -> {
                    boolean clause = scope == Context.Scope.CLAUSE_HAS || scope == Context.Scope.CLAUSE_HAS_ALL;
                    Bounds b = check.bounds(nt);
                    int from = clause ? b.clauseStart[s] : b.sentenceStart[s];
                    int to = clause ? b.clauseEnd[e] : b.sentenceEnd[e];
                    return scope.grouped() ? allOccurIn(nt, from, to) : occursIn(nt, from, to);
                }
                case TEXT_HAS -> {
                    return occursIn(nt, 0, ch.length);
                }
                case TEXT_HAS_ALL -> {
                    return allOccurIn(nt, 0, ch.length);
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
            return occursIn(cues, nt, from, to);
        }

        /** Whether a cue of {@code set} occurs in {@code [from, to)}, not inside an unless term. */
        private boolean occursIn(Cues set, NormalisedText nt, int from, int to) {
            char[] ch = nt.chars();
            long[] first = set.firstChars;
            String[] ts = set.terms;
            for (int p = from; p < to; p++) {
                char c = ch[p];
                if ((first[c >>> 6] & (1L << c)) == 0) continue;
                for (int i = set.start(c), end = set.end(c); i < end; i++) {
                    String t = ts[i];
                    if (p + t.length() <= to && nt.startsWith(t, p) && !coveredByUnless(nt, p, p + t.length())) return true;
                }
            }
            return false;
        }

        /** Whether every group has a cue in {@code [from, to)}. */
        private boolean allOccurIn(NormalisedText nt, int from, int to) {
            for (Cues group : groupCues) {
                if (!occursIn(group, nt, from, to)) return false;
            }
            return true;
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
