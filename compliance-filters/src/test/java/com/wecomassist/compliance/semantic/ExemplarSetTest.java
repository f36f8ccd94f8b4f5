package com.wecomassist.compliance.semantic;

import com.wecomassist.compliance.rules.Action;
import com.wecomassist.compliance.ComplianceChecker;
import com.wecomassist.compliance.rules.TextKind;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExemplarSetTest {

    private static final Exemplar PROMISE = new Exemplar("亏了我给您补，放心买", Label.VIOLATION, "return-promise",
            "《广告法》第二十五条", "shipped");
    private static final Exemplar NOTICE = new Exemplar("理财非存款，产品有风险，投资须谨慎。\n详见说明书", Label.CLEAN,
            "return-promise", "", "officer:zhang");

    @Test
    void writesAndReadsBackTheSameExemplars() throws IOException {
        ExemplarSet set = new ExemplarSet("v1", List.of(PROMISE, NOTICE));
        StringWriter out = new StringWriter();
        set.writeJsonl(out);
        assertThat(out.toString().lines()).hasSize(2);
        ExemplarSet back = ExemplarSet.readJsonl(new StringReader(out.toString()), "v1");
        assertThat(back.exemplars()).containsExactly(PROMISE, NOTICE);
        assertThat(back.version()).isEqualTo("v1");
    }

    @Test
    void plusMakesANewVersionAndLeavesTheOldOneAlone() {
        ExemplarSet v1 = new ExemplarSet("v1", List.of(PROMISE));
        ExemplarSet v2 = v1.plus("v2", List.of(NOTICE));
        assertThat(v2.version()).isEqualTo("v2");
        assertThat(v2.exemplars()).containsExactly(PROMISE, NOTICE);
        assertThat(v1.exemplars()).containsExactly(PROMISE);
        assertThatThrownBy(() -> v1.plus("v1", List.of(NOTICE))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> v2.exemplars().add(PROMISE)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void readsLabelledSetRowsAsExemplarsAndNamesBadLines() throws IOException {
        String rows = """
                {"text":"包您稳赚","label":"violation","expected":"BLOCK","category":"return-promise","basis":"b","kind":"ai-draft"}

                {"text":"不保本","label":"clean","expected":"PASS","category":"return-promise","basis":"b","kind":"agent-reply"}
                """;
        ExemplarSet set = ExemplarSet.readJsonl(new StringReader(rows), "x");
        assertThat(set.exemplars()).extracting(Exemplar::label).containsExactly(Label.VIOLATION, Label.CLEAN);
        assertThatThrownBy(() -> ExemplarSet.readJsonl(new StringReader("{\"text\":\"a\",\"label\":\"violation\"}\n{\"text\":\"b\",\"label\":\"bad\"}"), "x"))
                .isInstanceOf(IOException.class).hasMessageContaining(":2:").hasMessageContaining("label");
        assertThatThrownBy(() -> ExemplarSet.readJsonl(new StringReader("{oops"), "x"))
                .isInstanceOf(IOException.class).hasMessageContaining(":1: not valid JSON");
    }

    @Test
    void theShippedServiceSentencesAreCleanAndCategorised() {
        assertThat(ExemplarSet.ordinaryService()).isNotEmpty().allSatisfy(e -> {
            assertThat(e.label()).isEqualTo(Label.CLEAN);
            assertThat(e.category()).isEqualTo("service");
            assertThat(e.source()).isEqualTo("shipped");
        });
    }

    @Test
    void theShippedServiceSentencesAreDistinctAndPassTheRules() {
        // A service sentence is taught to the layer as plainly clean: one a rule stops would teach the
        // layer the opposite of what the rules say, and a duplicate only weighs one phrasing twice.
        ComplianceChecker rules = ComplianceChecker.bankDefault();
        List<Exemplar> service = ExemplarSet.ordinaryService();
        assertThat(service).extracting(Exemplar::text).doesNotHaveDuplicates();
        assertThat(service).allSatisfy(e ->
                assertThat(rules.check(e.text(), TextKind.AI_DRAFT).action()).as(e.text()).isEqualTo(Action.PASS));
    }
}
