package com.wecomassist.learn;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Grouping the knowledge gaps: alike questions with the same likely entry together, others apart. */
class GapGroupsTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    private static KnowledgeGap gap(String id, String question, String entry, int secondsAgo, String reason) {
        List<KnowledgeGap.Candidate> candidates = entry == null ? List.of()
                : List.of(new KnowledgeGap.Candidate(entry, 2, "标准问 " + entry, 0.03));
        return new KnowledgeGap(id, question, reason, entry == null ? null : "借记卡", 0.3, candidates,
                NOW.minusSeconds(secondsAgo), "kf:wkA:wm-" + id);
    }

    @Test
    void alikeQuestionsRankedToTheSameEntryAreOneGroupWithCountsExamplesAndTheLikelyEntry() {
        List<GapGroups.Group> groups = GapGroups.of(List.of(
                gap("g1", "信用卡年费怎么收", "demo-030", 50, "low-confidence"),
                gap("g2", "信用卡的年费怎么收？", "demo-030", 10, "low-confidence"),
                gap("g3", "信用卡年费怎么收取", "demo-030", 30, "repeated-low-confidence"),
                gap("g4", "我要投诉", null, 20, "complaint"),
                gap("g5", "理财产品怎么赎回", "demo-050", 40, "no-answer-in-kb")), 0.5);

        assertThat(groups).hasSize(3);
        GapGroups.Group fees = groups.get(0);
        assertThat(fees.count()).isEqualTo(3);
        assertThat(fees.id()).isEqualTo("g2");
        assertThat(fees.question()).isEqualTo("信用卡的年费怎么收？");
        assertThat(fees.examples()).containsExactly("信用卡的年费怎么收？", "信用卡年费怎么收取", "信用卡年费怎么收");
        assertThat(fees.likelyEntry().entryId()).isEqualTo("demo-030");
        assertThat(fees.reasons()).containsEntry("low-confidence", 2).containsEntry("repeated-low-confidence", 1);
        assertThat(fees.lastSeen()).isEqualTo(NOW.minusSeconds(10));
        assertThat(fees.gapIds()).containsExactly("g2", "g3", "g1");
        // single questions: the later one first
        assertThat(groups.subList(1, 3)).extracting(GapGroups.Group::id).containsExactly("g4", "g5");
        assertThat(groups.get(1).likelyEntry()).isNull();
    }

    @Test
    void somewhatAlikeQuestionsRankedToDifferentEntriesStayApartButTheSameWordsAlwaysGroup() {
        List<GapGroups.Group> groups = GapGroups.of(List.of(
                gap("g1", "借记卡怎么挂失", "demo-010", 10, "low-confidence"),
                gap("g2", "借记卡怎么激活", "demo-004", 20, "low-confidence"),
                gap("g3", "借记卡 怎么挂失！", "demo-099", 30, "low-confidence")), 0.5);

        assertThat(groups).extracting(GapGroups.Group::count).containsExactly(2, 1);
        assertThat(groups.get(0).gapIds()).containsExactly("g1", "g3");
        assertThat(groups.get(1).gapIds()).containsExactly("g2");
    }

    @Test
    void phrasingsCompareWithoutSpacesPunctuationOrWidth() {
        assertThat(Phrasings.normalise(" 信用卡，年费？ＡＢ ")).isEqualTo("信用卡年费ab");
        assertThat(Phrasings.overlap(Phrasings.pairs("信用卡年费"), Phrasings.pairs("信用卡年费"))).isEqualTo(1.0);
        assertThat(Phrasings.overlap(Phrasings.pairs("信用卡年费"), Phrasings.pairs("理财赎回"))).isZero();
        assertThat(PhrasingSuggestion.idOf("demo-1", "我想办张卡！")).isEqualTo(PhrasingSuggestion.idOf("demo-1", "我想办张卡"))
                .isNotEqualTo(PhrasingSuggestion.idOf("demo-2", "我想办张卡"));
    }
}
