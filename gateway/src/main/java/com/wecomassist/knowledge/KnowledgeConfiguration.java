package com.wecomassist.knowledge;

import com.wecomassist.audit.AuditTrail;
import com.wecomassist.AssistProperties;
import com.wecomassist.ConditionalOnAssistMode;
import com.wecomassist.cluster.DeadLetters;
import com.wecomassist.cluster.KafkaProperties;
import com.wecomassist.kb.KnowledgeBase;
import com.wecomassist.kb.entry.Entry;
import com.wecomassist.kb.entry.EntryStatus;
import com.wecomassist.kb.search.EmbeddingModels;
import com.wecomassist.kb.search.QueryAdapter;
import com.wecomassist.kb.search.RecentQueryEmbeddings;
import dev.langchain4j.model.embedding.EmbeddingModel;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import com.wecomassist.kb.search.SearchSettings;
import com.wecomassist.kb.store.EntryJson;
import com.wecomassist.knowledge.kafka.KafkaKbChangeBus;
import com.wecomassist.knowledge.kafka.KafkaKbChangeListener;
import com.wecomassist.knowledge.memory.InProcessKbChangeBus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Opens the knowledge base (in either mode: every instance keeps a local index), seeds it with the
 * sample entries when it is empty, and closes it on shutdown. Replication: nothing to send in the
 * embedded mode; a compacted Kafka topic in a cluster ({@code assist.mode}).
 */
@Configuration(proxyBeanMethods = false)
class KnowledgeConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KnowledgeConfiguration.class);
    static final String SAMPLE = "/com/wecomassist/kb/sample/sample-kb.jsonl";

    @Bean(destroyMethod = "close")
    KnowledgeBaseAccess knowledgeBaseAccess(KnowledgeProperties settings, Clock clock, MeterRegistry meters) {
        KnowledgeBase kb = open(settings, embeddings(settings, meters), clock);
        try {
            rememberResults(kb, settings, meters);
            kb.sharedMapNotice().ifPresent(notice -> log.warn("knowledge base: {}", notice));
            if (!kb.sharedMap().isIdentity()) {
                log.info("knowledge base: searching through the shared map stored with it ({})",
                        kb.sharedMap().fingerprint());
            }
            if (kb.reindexedForOtherVectors()) {
                log.info("knowledge base: the index held vectors of another embedding model; every entry was re-embedded");
            }
            int entries = kb.entries().size();
            if (entries == 0 && settings.seedSample()) {
                List<Entry> sample = readSample();
                kb.loadPublished(sample, "sample");
                log.info("knowledge base was empty: loaded the project's {} sample entries as published "
                        + "(assist.kb.seed-sample=false turns this off)", sample.size());
                entries = sample.size();
            }
            long served = kb.entries().stream().filter(e -> kb.served(e.id()).isPresent()).count();
            log.info("knowledge base: {}, {} entries, {} served; {} threads, {} calls may wait",
                    settings.inMemory() ? "in memory" : "dir " + Path.of(settings.dir()).toAbsolutePath().normalize(),
                    entries, served, settings.searchThreads(), settings.searchQueue());
            return new KnowledgeBaseAccess(kb, settings.searchThreads(), settings.searchQueue());
        } catch (RuntimeException e) {
            kb.close();
            throw e;
        }
    }

    /**
     * The query adapter as {@code assist.kb.query-adapter} says (auto: refitted in the background as the
     * variants change); a bad file stops the gateway here. Fitted on the model the index embeds with.
     */
    @Bean(destroyMethod = "close")
    QueryAdapterRefits queryAdapterRefits(KnowledgeBaseAccess access, KnowledgeProperties settings) {
        return QueryAdapterRefits.start(settings.queryAdapter(), access.knowledgeBase(), EmbeddingModels.bgeSmallZh(),
                EmbeddingModels.BGE_SMALL_ZH, settings.queryAdapterRefitInterval(), QueryAdapter.Fitting.defaults(),
                settings.sharedMap() ? QueryAdapter.Fitting.shared() : null);
    }

    /**
     * The gateway's one embedding model (bge-small-zh, loaded once per JVM), for whoever needs
     * sentence vectors besides the knowledge base: the compliance semantic layer and its publish gate.
     */
    @Bean
    EmbeddingModel embeddingModel() {
        return EmbeddingModels.bgeSmallZh();
    }

    /** The bge model, remembering recent questions unless {@code assist.kb.query-embedding-cache} is 0. */
    private static EmbeddingModel embeddings(KnowledgeProperties settings, MeterRegistry meters) {
        EmbeddingModel model = EmbeddingModels.bgeSmallZh();
        if (settings.queryEmbeddingCache() == 0) {
            return model;
        }
        RecentQueryEmbeddings recent = new RecentQueryEmbeddings(model, settings.queryEmbeddingCache());
        FunctionCounter.builder("assist.kb.query_embeddings", recent, RecentQueryEmbeddings::hits)
                .tag("result", "remembered").description("questions whose embedding was remembered").register(meters);
        FunctionCounter.builder("assist.kb.query_embeddings", recent, RecentQueryEmbeddings::misses)
                .tag("result", "computed").description("questions the model embedded").register(meters);
        return recent;
    }

    /** Results of repeated questions remembered unless {@code assist.kb.search-result-cache} is 0. */
    private static void rememberResults(KnowledgeBase kb, KnowledgeProperties settings, MeterRegistry meters) {
        if (settings.searchResultCache() == 0) {
            return;
        }
        kb.rememberRecentResults(settings.searchResultCache());
        FunctionCounter.builder("assist.kb.search_results", kb, KnowledgeBase::rememberedResults)
                .tag("result", "remembered").description("questions whose search results were remembered")
                .register(meters);
        FunctionCounter.builder("assist.kb.search_results", kb, KnowledgeBase::searchedResults)
                .tag("result", "searched").description("questions searched in the index while results are remembered")
                .register(meters);
    }

    private static KnowledgeBase open(KnowledgeProperties settings, EmbeddingModel embeddings, Clock clock) {
        if (settings.inMemory()) {
            log.warn("assist.kb.dir is blank: the knowledge base is kept in memory only, and every entry and "
                    + "edit is lost when the gateway stops. Set assist.kb.dir (ASSIST_KB_DIR) to keep it.");
            return KnowledgeBase.inMemory(embeddings, SearchSettings.defaults(), clock);
        }
        try {
            return KnowledgeBase.open(Path.of(settings.dir()), embeddings,
                    SearchSettings.defaults(), clock);
        } catch (RuntimeException e) {
            throw new IllegalStateException("assist.kb.dir=" + settings.dir() + ": the knowledge base cannot be "
                    + "opened there: " + e.getMessage(), e);
        }
    }

    /** The sample read line by line from the classpath: inside the fat jar it is not a file. */
    static List<Entry> readSample() {
        try (InputStream in = KnowledgeConfiguration.class.getResourceAsStream(SAMPLE)) {
            if (in == null) {
                throw new IllegalStateException("the sample knowledge base " + SAMPLE + " is not on the classpath");
            }
            List<Entry> entries = new ArrayList<>();
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.isBlank()) {
                    entries.add(EntryJson.fromJson(line, EntryStatus.PUBLISHED));
                }
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Bean
    KnowledgeCuration knowledgeCuration(KnowledgeBaseAccess access, KbChangeBus bus, AuditTrail audit, Clock clock) {
        return new KnowledgeCuration(access, bus, audit, clock);
    }

    @Bean
    CurationDesk curationDesk(KnowledgeCuration curation, KnowledgeProperties settings) {
        return new CurationDesk(curation, settings.regression().required());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnAssistMode(AssistProperties.Mode.EMBEDDED)
    static class Embedded {

        @Bean
        KbChangeBus kbChangeBus() {
            return new InProcessKbChangeBus();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnAssistMode(AssistProperties.Mode.CLUSTER)
    static class Cluster {

        @Bean(destroyMethod = "close")
        KafkaKbChangeBus kbChangeBus(KafkaTemplate<String, String> kafka, KnowledgeProperties settings,
                                     KnowledgeBaseAccess access, JsonMapper json) {
            return new KafkaKbChangeBus(kafka, settings.changesTopic(), settings.publishTimeout(),
                    settings.resendInterval(), access, json);
        }

        @Bean
        KafkaKbChangeListener kafkaKbChangeListener(KnowledgeBaseAccess access, JsonMapper json,
                                                    DeadLetters deadLetters, KnowledgeProperties settings,
                                                    KafkaProperties topics, MeterRegistry meters) {
            // A group of its own per instance and per start: every instance must read every change,
            // from the beginning of the compacted topic.
            String group = settings.changesGroupPrefix() + UUID.randomUUID();
            log.info("knowledge-base changes: reading {} from the beginning as consumer group {}",
                    settings.changesTopic(), group);
            return new KafkaKbChangeListener(access, json, deadLetters, group, topics.deliveryAttempts(),
                    topics.retryBackoff(), meters);
        }

        /** Compacted: Kafka keeps the latest change of every entry, so a new instance can catch up from it. */
        @Bean
        NewTopic kbChangesTopic(KnowledgeProperties settings, KafkaProperties topics) {
            return topics.compactedTopic(settings.changesTopic());
        }

        @Bean
        NewTopic kbChangesDeadLetterTopic(KnowledgeProperties settings, KafkaProperties topics) {
            return topics.topic(settings.changesDeadLetterTopic(), topics.deadLetterRetention());
        }
    }
}
