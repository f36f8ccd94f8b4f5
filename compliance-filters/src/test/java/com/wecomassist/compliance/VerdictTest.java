package com.wecomassist.compliance;

import com.wecomassist.compliance.rules.Action;
import com.wecomassist.compliance.rules.Severity;
import com.wecomassist.compliance.rules.TextKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VerdictTest {

    private static Hit hit(String id, Action action) {
        return new Hit(id, 1, "p@1", "c", Severity.MEDIUM, action, 0, 1, "x", "x", "d", "b");
    }

    private static Verdict verdict(Action action) {
        List<Hit> hits = action == Action.PASS ? List.of() : List.of(hit("rule", action));
        return new Verdict(action, hits, List.of(), "text", TextKind.AI_DRAFT, List.of("p@1"), false);
    }

    @Test
    void aRulesVerdictIsDecidedByTheRulesUnlessItPasses() {
        assertThat(verdict(Action.PASS).decidedBy()).isEqualTo(Layer.NONE);
        assertThat(verdict(Action.APPEND_NOTICE).decidedBy()).isEqualTo(Layer.RULES);
        assertThat(verdict(Action.BLOCK).decidedBy()).isEqualTo(Layer.RULES);
        assertThat(verdict(Action.PASS).lowMargin()).isFalse();
        assertThat(Verdict.failedClosed("t", TextKind.AI_DRAFT, List.of(), "boom").decidedBy()).isEqualTo(Layer.RULES);
    }

    @Test
    void stricterNeverLoosensAndNamesTheLayerOnlyWhenItRaises() {
        for (Action before : Action.values()) {
            for (Action asked : Action.values()) {
                Verdict v = verdict(before);
                Verdict s = v.stricter(asked, hit("llm.x", asked), Layer.LLM);
                assertThat(s.action()).as(before + " + " + asked).isEqualTo(before.max(asked));
                assertThat(s.action().compareTo(before)).isGreaterThanOrEqualTo(0);
                assertThat(s.hits()).hasSize(v.hits().size() + 1).last().extracting(Hit::ruleId).isEqualTo("llm.x");
                assertThat(s.decidedBy()).isEqualTo(asked.compareTo(before) > 0 ? Layer.LLM : v.decidedBy());
                assertThat(s.text()).isEqualTo(v.text());
                assertThat(s.packs()).isEqualTo(v.packs());
            }
        }
    }

    @Test
    void lowMarginIsKeptThroughStricter() {
        Verdict v = verdict(Action.PASS).withLowMargin(true);
        assertThat(v.lowMargin()).isTrue();
        assertThat(v.stricter(Action.REVIEW, null, Layer.LLM).lowMargin()).isTrue();
        assertThat(v.stricter(Action.REVIEW, null, Layer.LLM).hits()).isEmpty();
    }
}
