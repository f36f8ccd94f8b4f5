package com.wecomassist.comply;

import com.wecomassist.AssistProperties;
import com.wecomassist.ConditionalOnAssistMode;
import com.wecomassist.compliance.ComplianceChecker;
import com.wecomassist.compliance.pii.PiiMasker;
import com.wecomassist.compliance.semantic.ExemplarSet;
import com.wecomassist.compliance.semantic.SemanticLayer;
import com.wecomassist.comply.judge.ComplianceJudge;
import com.wecomassist.comply.judge.LlmComplianceJudge;
import com.wecomassist.comply.memory.InMemoryFlaggedDrafts;
import com.wecomassist.comply.redis.RedisFlaggedDrafts;
import com.wecomassist.draft.LlmProperties;
import com.wecomassist.draft.PromptCatalogue;
import com.wecomassist.draft.openai.OpenAiChatClient;
import dev.langchain4j.model.embedding.EmbeddingModel;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * The compliance stage: the bank's rule packs (compliance-filters module), then the semantic layer
 * (sentence embeddings against curated exemplars), then, with a model configured, the LLM judge's
 * second opinion check every text that can reach a customer, the machine's drafts and the agents'
 * edits alike ({@link LayeredComplianceReview}). The personal-data masker masks customers' messages
 * before retrieval, drafting, storage and the audit trail; it is pure CPU work in memory (hundreds
 * of MB/s), so it runs inline on the caller's thread.
 */
@Configuration(proxyBeanMethods = false)
class ComplianceConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ComplianceConfiguration.class);

    @Bean
    ComplianceChecker complianceChecker() {
        ComplianceChecker checker = ComplianceChecker.bankDefault();
        log.info("Compliance: rule packs {} ({} terms)", checker.rules().packLabels(), checker.rules().termCount());
        return checker;
    }

    /**
     * The rules plus, unless {@code assist.compliance.semantic.enabled=false}, the semantic layer
     * built once from the base exemplars (the shipped ones unless {@code assist.compliance.exemplars}
     * names others) with the knowledge base's embedding model (the same
     * instance: the model is loaded once). A publication replaces it whole.
     */
    @Bean
    ComplianceInForce complianceInForce(ComplianceChecker checker, ComplianceProperties settings,
                                        EmbeddingModel embeddings) {
        if (!settings.semantic().enabled()) {
            log.warn("Compliance: semantic layer off (assist.compliance.semantic.enabled=false): the rule packs "
                    + "alone check texts, and violations worded in ways no rule lists pass");
            return new ComplianceInForce(checker);
        }
        long started = System.nanoTime();
        // the configured base exemplars (assist.compliance.exemplars), the same a publication adds to
        ExemplarSet exemplars = ComplianceGateConfiguration.baseExemplars(settings.exemplars());
        // A layer that cannot be built stops the gateway: running on the rules alone while the
        // settings say otherwise would pass what the officer believes is caught.
        SemanticLayer.Options options = SemanticLayer.Options.defaults();
        if (!settings.semantic().vectorFile().isEmpty()) {
            options = options.withVectorFile(Path.of(settings.semantic().vectorFile()));
        }
        SemanticLayer layer = built(exemplars, embeddings, options);
        SemanticLayer.CrossValidated cv = layer.crossValidated();
        log.info("Compliance: semantic layer {} ({} exemplars, threshold {}, cross-validated recall {} and clean "
                        + "pass {}), built in {} ms ({})", exemplars.version(), exemplars.exemplars().size(),
                String.format("%.3f", layer.threshold()), String.format("%.3f", cv.recall()),
                String.format("%.3f", cv.cleanPass()), (System.nanoTime() - started) / 1_000_000,
                layer.fittedModelsRead() ? "fitted models read from the file beside the vector file"
                        : "models fitted" + (options.vectorFile() == null ? "" : " and kept beside the vector file"));
        return new ComplianceInForce(checker.withSemanticLayer(layer));
    }

    /** The semantic layer built last in this JVM, with what it was built from. */
    private record Built(String version, EmbeddingModel model, SemanticLayer layer) {
    }

    private static final AtomicReference<Built> LAST_BUILT = new AtomicReference<>();

    /**
     * Building embeds every exemplar sentence (unless the vector file has them) and cross-validates
     * the threshold: 18–44 s measured on two busy cores without the files; with the vector file and
     * the fitted models kept beside it (same exemplars, settings and code) about 2 s. The result depends only on
     * the exemplars, the model and the options, so a second application context in the same JVM (the
     * tests start many) takes the layer already built instead of building it again.
     */
    private static SemanticLayer built(ExemplarSet exemplars, EmbeddingModel model, SemanticLayer.Options options) {
        Built last = LAST_BUILT.get();
        if (last != null && last.version().equals(exemplars.version()) && last.model() == model
                && last.layer().options().equals(options)) {
            return last.layer();
        }
        SemanticLayer layer = SemanticLayer.build(exemplars, model, options);
        LAST_BUILT.set(new Built(exemplars.version(), model, layer));
        return layer;
    }

    @Bean(destroyMethod = "close")
    LayeredComplianceReview complianceReview(ComplianceInForce inForce, ComplianceProperties settings,
                                             LlmProperties llm, ObjectProvider<OpenAiChatClient> model,
                                             PromptCatalogue prompts, PiiMasker masker, MeterRegistry meters) {
        ComplianceJudge judge = null;
        if (settings.judge().enabledWith(llm.configured())) {
            LlmComplianceJudge asking = new LlmComplianceJudge(model.getObject(), prompts, masker);
            log.info("Compliance: LLM judge on (model {}, prompts {}, timeout {}): REVIEW verdicts and thin passes "
                    + "get a second opinion that can only make them stricter", llm.model(), asking.prompts(),
                    settings.judge().timeout());
            judge = asking;
        } else {
            log.info("Compliance: LLM judge off ({})", llm.configured() ? "assist.compliance.judge.enabled=false"
                    : "no LLM configured");
        }
        log.info("Compliance: checks on {} threads, {} may wait (beyond that a text goes to a person)",
                settings.checkThreads(), settings.checkQueue());
        return new LayeredComplianceReview(inForce, settings.checkThreads(), settings.checkQueue(), judge,
                settings.judge().timeout(), meters);
    }

    @Bean
    PiiMasker piiMasker(ComplianceChecker checker) {
        return new PiiMasker(checker.detector(), PiiMasker.SERVER_CLEAN_TEXTS);
    }

    @Bean
    FlaggedDraftRecorder flaggedDraftRecorder(RecentTexts lists, ComplianceProperties settings, PiiMasker masker,
                                              Clock clock) {
        return new FlaggedDraftRecorder(lists, settings.passedSampleRate(), masker, clock);
    }

    /**
     * The compliance officer's recent blocked and reviewed texts, and those that passed: in memory,
     * or in Redis for a cluster.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnAssistMode(AssistProperties.Mode.EMBEDDED)
    static class Embedded {

        @Bean
        RecentTexts recentTexts(ComplianceProperties settings) {
            return new RecentTexts(new InMemoryFlaggedDrafts(settings.recentCapacity()),
                    new InMemoryFlaggedDrafts(settings.recentCapacity()), settings.recentCapacity());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnAssistMode(AssistProperties.Mode.CLUSTER)
    static class Cluster {

        @Bean
        RecentTexts recentTexts(ReactiveStringRedisTemplate redis, AssistProperties assist,
                                ComplianceProperties settings) {
            return new RecentTexts(new RedisFlaggedDrafts(redis, assist.keyPrefix(), RedisFlaggedDrafts.FLAGGED,
                    settings.recentCapacity()), new RedisFlaggedDrafts(redis, assist.keyPrefix(),
                    RedisFlaggedDrafts.PASSED, settings.recentCapacity()), settings.recentCapacity());
        }
    }
}
