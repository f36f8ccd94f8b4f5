package com.wecomassist.compliance;

import com.wecomassist.compliance.rules.Action;
import com.wecomassist.compliance.rules.TextKind;
import com.wecomassist.compliance.semantic.Exemplar;
import com.wecomassist.compliance.semantic.ExemplarSet;
import com.wecomassist.compliance.semantic.Label;
import com.wecomassist.compliance.semantic.SemanticLayer;
import com.wecomassist.compliance.semantic.TestLayers;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules and the semantic layer together: the rules decide first, the layer only adds. */
class SemanticLayerCheckTest {

    private final ComplianceChecker rulesOnly = new ComplianceChecker(List.of(TestPacks.layers()));
    private final ComplianceChecker both = rulesOnly.withSemanticLayer(TestLayers.layer());

    @Test
    void aParaphraseTheRulesMissGoesToReviewWithTheNearestExemplarsAndTheLegalBasis() {
        String text = "您就放心买吧，要是亏了差额我自己出钱补给您";
        assertThat(rulesOnly.check(text, TextKind.AGENT_REPLY).action()).isEqualTo(Action.PASS);
        Verdict v = both.check(text, TextKind.AGENT_REPLY);
        assertThat(v.action()).isEqualTo(Action.REVIEW);
        assertThat(v.decidedBy()).isEqualTo(Layer.SEMANTIC);
        Hit h = v.hits().get(0);
        assertThat(h.ruleId()).isEqualTo("semantic.return-promise");
        assertThat(h.action()).isEqualTo(Action.REVIEW);
        assertThat(h.category()).isEqualTo("return-promise");
        assertThat(h.legalBasis()).contains("广告法");
        assertThat(h.pack()).isEqualTo("semantic@test-1");
        assertThat(h.explanation()).contains("像：「").contains("return-promise");
        assertThat(text.substring(h.start(), h.end())).isEqualTo(text);
    }

    @Test
    void aRuleBlockStaysABlockDecidedByTheRules() {
        Verdict v = both.check("这款理财保本，要是亏了差额我自己出钱补给您", TextKind.AI_DRAFT);
        assertThat(v.action()).isEqualTo(Action.BLOCK);
        assertThat(v.decidedBy()).isEqualTo(Layer.RULES);
        assertThat(v.hits()).extracting(Hit::ruleId).containsExactly("promise");
    }

    @Test
    void cleanNearMissesPassEveryLayer() {
        for (String clean : List.of("理财产品不是存款，存在本金亏损的可能，请您谨慎投资。",
                "提醒您：本行员工不会索要您的验证码和密码，请勿透露给任何人。")) {
            Verdict v = both.check(clean, TextKind.AI_DRAFT);
            assertThat(v.action()).as(clean).isEqualTo(Action.PASS);
            assertThat(v.decidedBy()).isEqualTo(Layer.NONE);
        }
    }

    @Test
    void theLayerIsOnlyOnTheCopy() {
        assertThat(rulesOnly.semanticLayer()).isEmpty();
        assertThat(both.semanticLayer()).containsSame(TestLayers.layer());
        assertThat(both.rules()).isSameAs(rulesOnly.rules());
    }

    /** Vectors from character codes: enough to build a layer in milliseconds; can be made to fail. */
    static final class ToyModel implements EmbeddingModel {
        final AtomicBoolean broken = new AtomicBoolean();

        @Override
        public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
            if (broken.get()) throw new IllegalStateException("onnx session closed");
            List<Embedding> out = new ArrayList<>();
            for (TextSegment s : segments) {
                float[] v = new float[16];
                for (char c : s.text().toCharArray()) v[c % 16] += 1;
                out.add(Embedding.from(v));
            }
            return Response.from(out);
        }
    }

    @Test
    void aFailingSemanticLayerFailsClosed() {
        ToyModel model = new ToyModel();
        List<Exemplar> ex = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ex.add(new Exemplar("亏了我补给您" + i, Label.VIOLATION, "return-promise", "b", "t"));
            ex.add(new Exemplar("您好，卡片已寄出" + i, Label.CLEAN, "service", "", "t"));
        }
        ComplianceChecker checker = rulesOnly.withSemanticLayer(SemanticLayer.build(new ExemplarSet("toy", ex), model));
        model.broken.set(true);
        // Worded as the violating exemplars are, so the fast pass sends it to the (now broken) embedding
        // (a looser paraphrase may fall under the gate of so small and uniform a toy set).
        Verdict v = checker.check("亏了我补给您5", TextKind.AI_DRAFT);
        assertThat(v.action()).isEqualTo(Action.REVIEW);
        assertThat(v.checkFailed()).isTrue();
        assertThat(v.hits().get(0).explanation()).contains("semantic layer").contains("onnx session closed");
        // The rules still decide what they can decide without the layer.
        assertThat(checker.check("这款理财保本", TextKind.AI_DRAFT).action()).isEqualTo(Action.BLOCK);
    }
}
