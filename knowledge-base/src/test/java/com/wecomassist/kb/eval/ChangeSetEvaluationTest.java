package com.wecomassist.kb.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wecomassist.kb.entry.Entry;
import com.wecomassist.kb.entry.EntryStatus;
import com.wecomassist.kb.search.EmbeddingModels;
import com.wecomassist.kb.search.SearchSettings;
import com.wecomassist.kb.store.EntryFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The regression gate's scratch evaluation on the project's sample KB and its sample questions. */
class ChangeSetEvaluationTest {

    static final Path SAMPLE = Path.of("src/main/resources/com/wecomassist/kb/sample");

    @Test
    void anEditThatBreaksAnEntryLosesItsQueriesAndLowersAccuracy() {
        List<Entry> served = EntryFiles.read(SAMPLE.resolve("sample-kb.jsonl"), EntryStatus.PUBLISHED);
        List<EvalQuery> queries = EvalQueries.read(SAMPLE.resolve("sample-queries.jsonl"));
        Entry lostCard = served.stream().filter(e -> e.id().equals("demo-010")).findFirst().orElseThrow();
        // the card-loss entry rewritten into something else entirely, and one brand-new entry
        Entry broken = new Entry("demo-010", "外币现钞兑换需要预约吗？", List.of("换美元要提前说吗"),
                "兑换外币现钞请提前一个工作日预约。", "", "外汇", List.of(), "wecom", null, null,
                EntryStatus.IN_REVIEW, lostCard.version() + 1, "ed", null);
        Entry added = Entry.draft("new-1", "数字人民币钱包怎么开通？", "下载数字人民币App即可开通。");
        List<Double> fractions = new ArrayList<>();
        List<ChangeSetEvaluation.Stage> stages = new ArrayList<>();

        ChangeSetEvaluation.Result result = new ChangeSetEvaluation(EmbeddingModels.bgeSmallZh())
                .run(served, List.of(broken, added), queries, SearchSettings.defaults(), (fraction, stage) -> {
                    fractions.add(fraction);
                    if (stages.isEmpty() || stages.get(stages.size() - 1) != stage) {
                        stages.add(stage);
                    }
                });

        // every stage once, in order
        assertThat(stages).containsExactly(ChangeSetEvaluation.Stage.values());

        assertThat(result.before().queries()).isEqualTo(queries.size());
        assertThat(result.after().queries()).isEqualTo(queries.size());
        assertThat(result.after().accuracyAt1()).isLessThan(result.before().accuracyAt1());
        assertThat(result.accuracyDrop()).isGreaterThan(0.02);
        assertThat(result.changed()).isNotEmpty();
        assertThat(result.changed().get(0).change()).isEqualTo(ChangeSetEvaluation.Change.LOST);
        assertThat(result.changed()).filteredOn(c -> c.change() == ChangeSetEvaluation.Change.LOST)
                .allSatisfy(c -> {
                    assertThat(c.expectedId()).isEqualTo("demo-010");
                    assertThat(c.rankBefore()).isEqualTo(1);
                    assertThat(c.topBefore()).isEqualTo("demo-010");
                    assertThat(c.topAfter()).isNotEqualTo("demo-010");
                })
                .extracting(ChangeSetEvaluation.QueryChange::query).contains("银行卡弄丢了，要怎么办");
        // the same harness as ./assist eval: "before" is exactly a standard run of what is served
        EvalSummary standard = EvalSummary.of("standard", new Evaluation(EmbeddingModels.bgeSmallZh(), m -> {
        }).run(served, queries, Evaluation.Mode.STANDARD, 1, SearchSettings.defaults()));
        assertThat(result.before().accuracyAt1()).isEqualTo(standard.accuracyAt1());
        assertThat(result.before().mrr()).isEqualTo(standard.mrr());
        assertThat(fractions).first().isEqualTo(0.0);
        assertThat(fractions).last().isEqualTo(1.0);
        assertThat(fractions).isSorted();
    }

    @Test
    void theChangeSetReplacesServedEntriesByIdAndAddsNewOnes() {
        Entry a = Entry.draft("a", "问题一？", "答案一。");
        Entry b = Entry.draft("b", "问题二？", "答案二。");
        Entry b2 = b.withAnswer("新答案二。");
        Entry c = Entry.draft("c", "问题三？", "答案三。");
        assertThat(ChangeSetEvaluation.withChanges(List.of(a, b), List.of(b2, c))).containsExactly(a, b2, c);
    }

    @Test
    void noQueriesIsRefused() {
        assertThatThrownBy(() -> new ChangeSetEvaluation(EmbeddingModels.bgeSmallZh())
                .run(List.of(), List.of(), List.of(), SearchSettings.defaults(), (f, s) -> {
                }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no queries");
    }
}
