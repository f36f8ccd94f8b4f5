package com.wecomassist.knowledge;

import com.wecomassist.cluster.DeadLetters;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Knowledge-base settings.
 *
 * @param dir                where the knowledge base keeps its journal and index; blank keeps it in
 *                           memory only (lost on restart, said in a warning at startup)
 * @param seedSample         when the knowledge base holds no entry at startup, load the project's
 *                           sample entries (89 demo entries) as published
 * @param searchThreads      threads that run knowledge-base calls (search, curation, replication);
 *                           unset means one per available processor
 * @param searchQueue        calls waiting for one of those threads; beyond it a call fails at once
 *                           as transient instead of queueing without bound
 * @param topK               distinct answers retrieved per customer message (and the search API's default)
 * @param maxImportSize      largest import body accepted
 * @param changesTopic       cluster mode: the compacted topic that carries what is served, keyed by
 *                           entry id ({@code <changesTopic>-dlt} takes records that cannot be read)
 * @param changesGroupPrefix cluster mode: every instance reads the whole topic in a consumer group
 *                           of its own, this prefix plus a random id
 * @param publishTimeout     cluster mode: how long an edit waits for Kafka to acknowledge its change
 *                           before the API answers 503 (the change is re-sent in the background)
 * @param resendInterval     cluster mode: how often changes Kafka did not acknowledge are sent again
 * @param queryEmbeddingCache distinct (masked) customer questions whose embeddings are remembered, so a
 *                           repeated question skips the model (about half of a search's cost); 0 turns it off
 * @param searchResultCache  distinct (masked) customer questions whose search results are remembered, so a
 *                           repeated question skips the index too; reused only while no entry changed and
 *                           none started or stopped being valid, so they are what a search would find; 0 turns it off
 * @param queryAdapter       the learned map on the query's embedding: {@code auto} fits one on the served
 *                           entries' phrasings in the background (the identity below 600 phrasings whose answer
 *                           has another), {@code off} uses none, anything else names a file written by
 *                           {@code ./assist kb fit-adapter}
 * @param sharedMap        with {@code queryAdapter=auto}: a knowledge base under the query adapter's floor gets a
 *                           shared map fitted on its own phrasings and answer openings, applied to its index's vectors
 *                           and the queries' (an index of mapped vectors is built in the background and swapped in
 *                           at each refit); false keeps plain vectors there
 * @param queryAdapterRefitInterval auto: how often the served phrasings are checked and, when they changed, the
 *                           map refitted (at most one fit per interval)
 * @param regression         the publish gate: which questions a change set is measured with, and how
 *                           much accuracy it may cost before publishing needs an override
 */
@ConfigurationProperties(prefix = "assist.kb", ignoreUnknownFields = false)
public record KnowledgeProperties(
        @DefaultValue("./data/kb") String dir,
        @DefaultValue("true") boolean seedSample,
        Integer searchThreads,
        @DefaultValue("10000") int searchQueue,
        @DefaultValue("3") int topK,
        @DefaultValue("32MB") DataSize maxImportSize,
        @DefaultValue("assist.kb-changes") String changesTopic,
        @DefaultValue("assist-kb-") String changesGroupPrefix,
        @DefaultValue("10s") Duration publishTimeout,
        @DefaultValue("5s") Duration resendInterval,
        @DefaultValue("10000") int queryEmbeddingCache,
        @DefaultValue("10000") int searchResultCache,
        @DefaultValue("auto") String queryAdapter,
        @DefaultValue("true") boolean sharedMap,
        @DefaultValue("10m") Duration queryAdapterRefitInterval,
        @DefaultValue Regression regression) {

    /**
     * The regression gate of change-set publishing.
     *
     * @param queries         JSONL file of labelled questions in the evaluation format
     *                        ({@code {"query", "expectedId", "answerId"}}); blank uses the project's 60
     *                        sample questions, which match the sample knowledge base
     * @param maxAccuracyDrop how far accuracy@1 may fall (0 to 1, e.g. 0.02 = two points) before
     *                        publishing is refused without an explicit override and its reason
     * @param required        true: content goes on air only through a measured change set; publishing
     *                        one entry and importing rows that would publish are refused (archiving stays open,
     *                        so an expired rate can still be taken off air at once)
     */
    public record Regression(@DefaultValue("") String queries, @DefaultValue("0.02") double maxAccuracyDrop,
                             @DefaultValue("false") boolean required) {

        public Regression {
            queries = queries == null ? "" : queries.strip();
            if (!(maxAccuracyDrop >= 0 && maxAccuracyDrop <= 1)) {
                throw new IllegalArgumentException("assist.kb.regression.max-accuracy-drop must be within 0..1 "
                        + "(a share of the questions, e.g. 0.02), not " + maxAccuracyDrop);
            }
        }
    }

    /** Most answers a search may ask for: more is never useful to a drafter or an editor. */
    public static final int MAX_K = 50;

    public KnowledgeProperties {
        dir = dir == null ? "" : dir.strip();
        if (searchThreads == null) {
            searchThreads = Runtime.getRuntime().availableProcessors();
        }
        if (searchThreads < 1) {
            throw new IllegalArgumentException("assist.kb.search-threads must be at least 1, not " + searchThreads);
        }
        if (searchQueue < 1) {
            throw new IllegalArgumentException("assist.kb.search-queue must be at least 1, not " + searchQueue);
        }
        if (topK < 1 || topK > MAX_K) {
            throw new IllegalArgumentException("assist.kb.top-k must be within 1.." + MAX_K + ", not " + topK);
        }
        if (maxImportSize == null || maxImportSize.toBytes() < 1 || maxImportSize.toBytes() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("assist.kb.max-import-size must be within 1B..2GB");
        }
        if (changesTopic == null || changesTopic.isBlank()) {
            throw new IllegalArgumentException("assist.kb.changes-topic must not be blank");
        }
        if (changesGroupPrefix == null || changesGroupPrefix.isBlank()) {
            throw new IllegalArgumentException("assist.kb.changes-group-prefix must not be blank");
        }
        if (publishTimeout == null || publishTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("assist.kb.publish-timeout must be at least 1ms");
        }
        if (queryEmbeddingCache < 0 || queryEmbeddingCache > 1_000_000) {
            throw new IllegalArgumentException("assist.kb.query-embedding-cache must be within 0..1000000 (0 turns it "
                    + "off; each remembered question takes about 2 KB), not " + queryEmbeddingCache);
        }
        if (searchResultCache < 0 || searchResultCache > 1_000_000) {
            throw new IllegalArgumentException("assist.kb.search-result-cache must be within 0..1000000 (0 turns it "
                    + "off; each remembered question takes about 1 KB), not " + searchResultCache);
        }
        queryAdapter = queryAdapter == null || queryAdapter.isBlank() ? "auto" : queryAdapter.strip();
        if (queryAdapterRefitInterval == null || queryAdapterRefitInterval.toMillis() < 1) {
            throw new IllegalArgumentException("assist.kb.query-adapter-refit-interval must be at least 1ms");
        }
        if (resendInterval == null || resendInterval.toMillis() < 1) {
            throw new IllegalArgumentException("assist.kb.resend-interval must be at least 1ms");
        }
        if (regression == null) {
            regression = new Regression("", 0.02, false);
        }
    }

    /** True when the knowledge base lives in memory only. */
    public boolean inMemory() {
        return dir.isEmpty();
    }

    public String changesDeadLetterTopic() {
        return DeadLetters.topicFor(changesTopic);
    }
}
