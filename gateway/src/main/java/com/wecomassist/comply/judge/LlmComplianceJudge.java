package com.wecomassist.comply.judge;

import com.wecomassist.compliance.pii.PiiMasker;
import com.wecomassist.compliance.rules.TextKind;
import com.wecomassist.draft.PromptCatalogue;
import com.wecomassist.draft.RenderedPrompt;
import com.wecomassist.draft.openai.OpenAiChatClient;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import reactor.core.publisher.Mono;

/**
 * Asks the configured OpenAI-compatible model, through the drafting stage's client (its timeouts,
 * retries and circuit breaker), with the fixed prompts {@code compliance-judge} and
 * {@code compliance-judge-text} at the versions in force.
 *
 * <p>What leaves the bank: the text with personal data masked. The text is framed as data: angle
 * brackets and braces in it are neutralised and it sits between tags carrying a per-request random
 * fence, so it cannot close its frame, and the system prompt says that instructions inside it are
 * not to be followed. None of this has to hold for the verdict to stay safe: whatever the model
 * answers can only make a verdict stricter (see {@code LayeredComplianceReview}).
 */
public final class LlmComplianceJudge implements ComplianceJudge {

    private final OpenAiChatClient client;
    private final PiiMasker masker;
    private final RenderedPrompt system;
    private final PromptCatalogue prompts;
    private final String promptRefs;

    public LlmComplianceJudge(OpenAiChatClient client, PromptCatalogue prompts, PiiMasker masker) {
        this.client = client;
        this.masker = masker;
        this.prompts = prompts;
        this.system = prompts.render(PromptCatalogue.COMPLIANCE_JUDGE);
        this.promptRefs = system.ref() + "+" + prompts.ref(PromptCatalogue.COMPLIANCE_JUDGE_TEXT);
    }

    @Override
    public Mono<Opinion> judge(String text, TextKind kind) {
        return Mono.defer(() -> {
            RenderedPrompt user = prompts.render(PromptCatalogue.COMPLIANCE_JUDGE_TEXT, Map.of(
                    "kind", kind == TextKind.AI_DRAFT ? "智能助理起草、准备发给客户的回复" : "客服人员准备发给客户的回复",
                    "fence", "f" + randomHex(6),
                    "text", frame(masker.mask(text))));
            return client.complete(system.text(), user.text())
                    .map(answer -> OpinionJson.read(answer.content(), promptRefs, answer.model()));
        });
    }

    /** The prompts' {@code id@version}, as recorded with each opinion. */
    public String prompts() {
        return promptRefs;
    }

    /** Text put inside our frame: no tags of its own, no template braces. */
    static String frame(String text) {
        return text.replace('<', '＜').replace('>', '＞').replace("{{", "｛｛").replace("}}", "｝｝");
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
