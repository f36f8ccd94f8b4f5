package com.wecomassist.learn;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Groups similar gaps, greedily, latest first: a gap joins the first group whose first question is
 * the same after normalising, or is alike (character-pair overlap at least {@code similarity}) and
 * was ranked to the same top entry (or to none), or is very alike ({@code (1 + similarity) / 2})
 * whatever was ranked. Only groups sharing a character pair with a question are compared with it
 * (an index of pairs), so the few thousand gaps kept group in milliseconds, without a model call;
 * and it is explainable to an editor: "these questions share most words and the same likely answer".
 */
public final class GapGroups {

    /** Most example questions a group shows. */
    static final int EXAMPLES = 5;

    private GapGroups() {
    }

    /**
     * One group.
     *
     * @param id          the id of its latest gap (stable while that gap is kept)
     * @param question    the latest question of the group
     * @param count       how many questions
     * @param examples    distinct example questions, latest first
     * @param likelyEntry the entry most often ranked first in the group, or null
     * @param reasons     how many questions had each reason
     * @param category    the likely entry's category, or null
     * @param lastSeen    when the latest was asked
     * @param gapIds      every gap of the group (to dismiss or resolve them together)
     */
    public record Group(String id, String question, int count, List<String> examples,
                        KnowledgeGap.Candidate likelyEntry, Map<String, Integer> reasons, String category,
                        Instant lastSeen, List<String> gapIds) {
    }

    public static List<Group> of(List<KnowledgeGap> gaps, double similarity) {
        List<KnowledgeGap> latestFirst = new ArrayList<>(gaps);
        latestFirst.sort(Comparator.comparing(KnowledgeGap::at).reversed().thenComparing(KnowledgeGap::id));
        double veryAlike = (1 + similarity) / 2;
        List<Forming> forming = new ArrayList<>();
        Map<String, Integer> byText = new HashMap<>();
        // pair → the groups whose first question has it: only groups sharing a pair are compared
        Map<Integer, List<Integer>> postings = new HashMap<>();
        int[] shared = new int[Math.max(1, latestFirst.size())];
        List<Integer> touched = new ArrayList<>();
        for (KnowledgeGap gap : latestFirst) {
            String text = Phrasings.normalise(gap.question());
            int[] pairs = Phrasings.pairCodes(text);
            Integer home = byText.get(text);
            if (home == null) {
                touched.clear();
                for (int pair : pairs) {
                    for (int g : postings.getOrDefault(pair, List.of())) {
                        if (shared[g]++ == 0) {
                            touched.add(g);
                        }
                    }
                }
                for (int g : touched) {
                    Forming f = forming.get(g);
                    double overlap = (double) shared[g] / (f.pairs + pairs.length - shared[g]);
                    boolean alike = overlap >= veryAlike
                            || (overlap >= similarity && Objects.equals(f.topEntry, gap.topEntryId()));
                    // greedy: the earliest group that fits, as if the groups were tried in order
                    if (alike && (home == null || g < home)) {
                        home = g;
                    }
                }
                for (int g : touched) {
                    shared[g] = 0;
                }
            }
            if (home == null) {
                home = forming.size();
                forming.add(new Forming(pairs.length, gap.topEntryId()));
                byText.put(text, home);
                for (int pair : pairs) {
                    postings.computeIfAbsent(pair, k -> new ArrayList<>()).add(home);
                }
            }
            forming.get(home).gaps.add(gap);
        }
        return forming.stream().map(Forming::group)
                .sorted(Comparator.comparingInt(Group::count).reversed()
                        .thenComparing(Group::lastSeen, Comparator.reverseOrder())
                        .thenComparing(Group::id))
                .toList();
    }

    private static final class Forming {

        final int pairs;
        final String topEntry;
        final List<KnowledgeGap> gaps = new ArrayList<>();

        Forming(int pairs, String topEntry) {
            this.pairs = pairs;
            this.topEntry = topEntry;
        }

        Group group() {
            KnowledgeGap latest = gaps.get(0);
            Set<String> examples = new LinkedHashSet<>();
            Map<String, Integer> reasons = new TreeMap<>();
            Map<String, Integer> firsts = new LinkedHashMap<>();
            Map<String, KnowledgeGap.Candidate> candidates = new LinkedHashMap<>();
            Map<String, String> categories = new LinkedHashMap<>();
            for (KnowledgeGap gap : gaps) {
                if (examples.size() < EXAMPLES) {
                    examples.add(gap.question());
                }
                reasons.merge(gap.reason(), 1, Integer::sum);
                if (gap.topEntryId() != null) {
                    firsts.merge(gap.topEntryId(), 1, Integer::sum);
                    candidates.putIfAbsent(gap.topEntryId(), gap.candidates().get(0));
                    categories.putIfAbsent(gap.topEntryId(), gap.category());
                }
            }
            String likely = firsts.entrySet().stream().max(Map.Entry.comparingByValue())
                    .map(Map.Entry::getKey).orElse(null);
            return new Group(latest.id(), latest.question(), gaps.size(), List.copyOf(examples),
                    likely == null ? null : candidates.get(likely), reasons,
                    likely == null ? null : categories.get(likely), latest.at(),
                    gaps.stream().map(KnowledgeGap::id).toList());
        }
    }
}
