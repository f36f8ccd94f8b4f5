package com.wecomassist.compliance.eval;

import com.wecomassist.compliance.ComplianceChecker;
import com.wecomassist.compliance.TestPacks;
import com.wecomassist.compliance.rules.Action;
import com.wecomassist.compliance.rules.TextKind;
import com.wecomassist.compliance.semantic.Label;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ComplianceEvaluationTest {

    private static LabelledText v(String text, String category, Action expected) {
        return new LabelledText(text, Label.VIOLATION, expected, category, "basis", TextKind.AI_DRAFT);
    }

    private static LabelledText c(String text, String category) {
        return new LabelledText(text, Label.CLEAN, Action.PASS, category, "basis", TextKind.AGENT_REPLY);
    }

    private static final List<LabelledText> ROWS = List.of(
            v("这款理财保本", "return-promise", Action.BLOCK),            // BLOCK: caught
            v("亏了我补给您", "return-promise", Action.BLOCK),            // PASS: missed
            v("名额有限快来买", "pressure", Action.REVIEW),                // REVIEW: caught
            v("推荐这款理财给您", "risk-notice-missing", Action.APPEND_NOTICE), // APPEND_NOTICE: caught
            c("该产品不保本", "return-promise"),                           // PASS (negation): passed
            c("已为您登记手机13812345678", "pressure"),                     // REWRITE, masking only: passed
            c("保本两个字您别信", "return-promise"));                      // BLOCK: clean stopped

    @Test
    void countsRecallCleanPassConfusionAndMisses() {
        EvaluationReport r = ComplianceEvaluation.run(new ComplianceChecker(List.of(TestPacks.layers())), ROWS);
        assertThat(r.violations()).isEqualTo(4);
        assertThat(r.clean()).isEqualTo(3);
        assertThat(r.recall()).isCloseTo(0.75, within(1e-9));
        assertThat(r.cleanPass()).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(r.perCategory()).containsOnlyKeys("return-promise", "risk-notice-missing", "pressure");
        assertThat(r.perCategory().get("return-promise")).isEqualTo(new CategoryFigures(2, 1, 2, 1));
        assertThat(r.perCategory().get("pressure")).isEqualTo(new CategoryFigures(1, 1, 1, 1));
        assertThat(r.perCategory().get("return-promise").recall()).isEqualTo(0.5);
        assertThat(r.confusion()).isEqualTo(Map.of(
                "PASS", Map.of("PASS", 1, "REWRITE", 1, "BLOCK", 1),
                "APPEND_NOTICE", Map.of("APPEND_NOTICE", 1),
                "REVIEW", Map.of("REVIEW", 1),
                "BLOCK", Map.of("PASS", 1, "BLOCK", 1)));
        assertThat(r.decidedBy()).isEqualTo(Map.of("RULES", 3));
        assertThat(r.misses()).extracting(m -> m.row().text(), Miss::actual)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("亏了我补给您", Action.PASS),
                        org.assertj.core.groups.Tuple.tuple("保本两个字您别信", Action.BLOCK));
        assertThat(r.misses().get(1).rules()).containsExactly("promise");
    }

    @Test
    void theJsonCarriesTheSameFigures() {
        EvaluationReport r = ComplianceEvaluation.run(new ComplianceChecker(List.of(TestPacks.layers())), ROWS);
        JsonNode j = JsonMapper.builder().build().readTree(r.toJson());
        assertThat(j.get("recall").asDouble()).isEqualTo(0.75);
        assertThat(j.get("cleanPass").asDouble()).isEqualTo(0.6667);
        assertThat(j.get("perCategory").get("return-promise").get("caught").asInt()).isEqualTo(1);
        assertThat(j.get("confusion").get("BLOCK").get("PASS").asInt()).isEqualTo(1);
        assertThat(j.get("decidedBy").get("RULES").asInt()).isEqualTo(3);
        assertThat(j.get("misses")).hasSize(2);
        assertThat(j.get("misses").get(0).get("expected").asString()).isEqualTo("BLOCK");
    }

    @Test
    void anEmptySetHasNothingToMiss() {
        EvaluationReport r = ComplianceEvaluation.run(new ComplianceChecker(List.of(TestPacks.layers())), List.of());
        assertThat(r.recall()).isEqualTo(1.0);
        assertThat(r.cleanPass()).isEqualTo(1.0);
        assertThat(r.misses()).isEmpty();
    }
}
