package com.wecomassist.draft.kb;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.draft.Draft;
import com.wecomassist.draft.DraftKind;
import com.wecomassist.draft.DraftRequest;
import com.wecomassist.draft.DrafterKind;
import com.wecomassist.draft.PromptCatalogue;
import com.wecomassist.draft.PromptRef;
import com.wecomassist.draft.SourceRef;
import com.wecomassist.draft.Sources;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class KbTemplateDrafterTest {

    KbTemplateDrafter drafter = new KbTemplateDrafter(PromptCatalogue.load());

    @Test
    void answersWithTheTopEntryAndOffersFurtherHelp() {
        StepVerifier.create(drafter.draft(Sources.ask("信用卡年费怎么收", Sources.CARD_FEES)))
                .assertNext(d -> {
                    assertThat(d.text()).isEqualTo(Sources.CREDIT_CARD_FEE_KB_REPLY);
                    assertThat(d.kind()).isEqualTo(DraftKind.ANSWER);
                    assertThat(d.sources()).containsExactly(new SourceRef("kb-101", 3));
                    assertThat(d.prompts()).containsExactly(new PromptRef("kb-answer", 1));
                    assertThat(d.model()).isEqualTo("kb-template");
                    assertThat(d.drafter()).isEqualTo(DrafterKind.KB_TEMPLATE);
                    assertThat(d.handoff()).isFalse();
                    assertThat(d.fallback()).isEmpty();
                })
                .expectComplete()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void greetsWhenTheConversationStarts() {
        Draft d = drafter.compose(new DraftRequest("c1", "借记卡有年费吗", List.of(Sources.DEBIT_CARD_FEE), true));
        assertThat(d.text()).startsWith("您好，很高兴为您服务。\n本行借记卡免收年费和小额账户管理费。")
                .endsWith("如需人工服务，请回复“人工”。");
        assertThat(d.prompts()).containsExactly(new PromptRef("greeting", 1), new PromptRef("kb-answer", 1));
        assertThat(d.sources()).containsExactly(new SourceRef("kb-102", 1));
    }

    @Test
    void handsOffWhenNothingWasRetrieved() {
        Draft d = drafter.compose(Sources.ask("我的贷款为什么被拒了", List.of()));
        assertThat(d.kind()).isEqualTo(DraftKind.HANDOFF);
        assertThat(d.handoff()).isTrue();
        assertThat(d.text()).isEqualTo(Sources.HANDOFF_TEXT);
        assertThat(d.sources()).isEmpty();
        assertThat(d.prompts()).containsExactly(new PromptRef("handoff", 1));
    }

    @Test
    void isDeterministic() {
        DraftRequest request = Sources.ask("大额存单利率", List.of(Sources.CD_RATE, Sources.CREDIT_CARD_FEE));
        Draft first = drafter.compose(request);
        for (int i = 0; i < 20; i++) {
            assertThat(drafter.compose(request)).isEqualTo(first);
        }
        assertThat(first.text()).contains("2.15%").doesNotContain("信用卡");
    }
}
