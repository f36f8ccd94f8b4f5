package com.wecomassist.kb.search;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Remembers the embeddings of the most recent distinct queries. Customers of a bank ask the same
 * short questions over and over (查余额, 信用卡还款, 人工), and the query embedding is about half of
 * what a search costs (profiled under load), so a repeated question skips the model. Only the
 * single-text path (queries) is remembered; documents are embedded in batches when entries change
 * and pass straight through. The texts asked are what the gateway searches with: customer text
 * after PII masking. The cache keeps each text's SHA-256, never the text: erasing a customer's data
 * must not leave their words in a per-instance cache nobody can reach.
 */
public final class RecentQueryEmbeddings extends ForwardingEmbeddingModel {

    private final int capacity;
    private final Map<String, Embedding> recent;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    /** @param capacity how many distinct queries are remembered (least recently used go first); at least 1 */
    public RecentQueryEmbeddings(EmbeddingModel delegate, int capacity) {
        super(delegate);
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        this.capacity = capacity;
        this.recent = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Embedding> eldest) {
                return size() > RecentQueryEmbeddings.this.capacity;
            }
        };
    }

    @Override
    public Response<Embedding> embed(String text) {
        String key = digest(text);
        Embedding known;
        synchronized (recent) {
            known = recent.get(key);
        }
        if (known != null) {
            hits.increment();
            return Response.from(known);
        }
        misses.increment();
        // computed outside the lock: two threads asking the same new question both compute it once
        Embedding computed = delegate.embed(text).content();
        synchronized (recent) {
            recent.put(key, computed);
        }
        return Response.from(computed);
    }

    /** What the cache keeps of a text: its SHA-256, hex (a collision would take 2^128 questions). */
    static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Queries answered from memory since the start. */
    public long hits() {
        return hits.sum();
    }

    /** Queries the model embedded since the start. */
    public long misses() {
        return misses.sum();
    }

    /** Distinct queries remembered now. */
    public int size() {
        synchronized (recent) {
            return recent.size();
        }
    }
}
