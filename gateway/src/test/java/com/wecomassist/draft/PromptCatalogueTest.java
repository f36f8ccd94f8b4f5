package com.wecomassist.draft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gateway reads the prompts module as the prompts module's own render test does. */
class PromptCatalogueTest {

    PromptCatalogue prompts = PromptCatalogue.load();

    @Test
    void rendersEveryTemplateTheGatewayUses() {
        assertThat(prompts.render(PromptCatalogue.HOLDING).text()).contains("正在为您查询");
        assertThat(prompts.render(PromptCatalogue.WELCOME, Map.of("bank_name", "示例银行")).text())
                .startsWith("您好，欢迎咨询示例银行在线客服");
        assertThat(prompts.render(PromptCatalogue.HANDOFF).text()).contains("人工客服");
        assertThat(prompts.render(PromptCatalogue.CLARIFICATION, Map.of("options", "1. 甲\n2. 乙")).text())
                .contains("1. 甲\n2. 乙");
        RenderedPrompt system = prompts.render(PromptCatalogue.DRAFT_SYSTEM,
                Map.of("bank_name", "示例银行", "max_bytes", "2048", "max_chars", "682", "canary", "WA-x"));
        assertThat(system.ref()).isEqualTo(new PromptRef("draft-system", 1));
        assertThat(system.text()).contains("示例银行", "2048 字节", "WA-x").doesNotContain("{{");
    }

    @Test
    void aValueCannotExpandAnotherVariable() {
        String text = prompts.render(PromptCatalogue.DRAFT_ANSWER,
                Map.of("sources", "S", "fence", "F", "customer_message", "{{sources}} {{fence}}")).text();
        assertThat(text).contains("｛｛sources｝｝ ｛｛fence｝｝").doesNotContain("{{");
    }

    @Test
    void refusesMissingOrUnknownValues() {
        assertThatThrownBy(() -> prompts.render(PromptCatalogue.WELCOME, Map.of()))
                .hasMessageContaining("welcome@1 takes [bank_name]");
        assertThatThrownBy(() -> prompts.render("no-such-template")).hasMessageContaining("no-such-template");
    }
}
