package com.wecomassist.draft;

import com.wecomassist.compliance.ComplianceChecker;
import com.wecomassist.compliance.pii.PiiDetector;
import com.wecomassist.compliance.pii.PiiMasker;
import com.wecomassist.draft.kb.KbTemplateDrafter;
import com.wecomassist.draft.openai.LlmDrafter;
import com.wecomassist.draft.openai.OpenAiChatClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Which drafter proposes replies: the LLM drafter when {@code assist.llm.base-url} is set (with the
 * knowledge-base drafter as its fallback), the knowledge-base drafter alone otherwise. Chosen by
 * configuration and stated in the log at startup.
 */
@Configuration(proxyBeanMethods = false)
class DraftConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DraftConfiguration.class);

    @Bean
    PromptCatalogue promptCatalogue() {
        return PromptCatalogue.load();
    }

    /**
     * The client of the configured model, one per gateway: the drafter and the compliance judge share
     * its connection pool and circuit breaker (one model server, one view of its health). Absent
     * without {@code assist.llm.base-url}.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("'${assist.llm.base-url:}'.trim() != ''")
    OpenAiChatClient openAiChatClient(LlmProperties llm, WebClient.Builder http, MeterRegistry meters, Clock clock) {
        return new OpenAiChatClient(http, llm, OpenAiChatClient.breaker(llm), meters, clock);
    }

    @Bean
    Drafter drafter(LlmProperties llm, DraftProperties draft, PromptCatalogue prompts,
                    ObjectProvider<OpenAiChatClient> model, ObjectProvider<ComplianceChecker> compliance,
                    ObjectProvider<PiiMasker> masker, MeterRegistry meters) {
        KbTemplateDrafter kb = new KbTemplateDrafter(prompts);
        if (!llm.configured()) {
            log.info("Drafting: no LLM configured (assist.llm.base-url / ASSIST_LLM_BASE_URL is empty): replies are "
                    + "drafted from the knowledge base's curated answers (kb-template drafter).");
            return new MeteredDrafter(kb, meters);
        }
        OpenAiChatClient client = model.getObject();
        log.info("Drafting: model {} at {} (streaming {}, API key {}), prompts {} and {}; the kb-template drafter "
                        + "answers when the model fails.", llm.model(), llm.chatCompletionsUrl(), llm.stream() ? "on" : "off",
                llm.apiKey().isEmpty() ? "not set" : "set", prompts.ref(PromptCatalogue.DRAFT_SYSTEM),
                prompts.ref(PromptCatalogue.DRAFT_ANSWER));
        LlmDrafter drafter = new LlmDrafter(client, kb, prompts,
                // the gateway's masker: the bank's detector, and the texts intake found clean are not looked at again
                masker.getIfAvailable(() -> new PiiMasker(PiiDetector.standard(), PiiMasker.SERVER_CLEAN_TEXTS)),
                compliance.getIfAvailable(ComplianceChecker::bankDefault), draft, llm.model(), meters);
        return new MeteredDrafter(drafter, meters);
    }
}
