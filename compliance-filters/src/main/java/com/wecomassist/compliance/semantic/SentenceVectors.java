package com.wecomassist.compliance.semantic;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Sentence embeddings (folded text, unit length) with a bounded LRU cache: drafts built from
 * knowledge-base templates repeat the same sentences, and an embedding costs 1.5–3 ms of one core
 * while a cache hit costs microseconds. The cache keeps each sentence's SHA-256, never the sentence:
 * agents' and drafts' words (which may repeat a customer's) must not outlive the customer's erasure
 * in a per-instance cache.
 */
final class SentenceVectors {

    /**
     * At most this many characters of a (folded) sentence are embedded; the character grams still
     * see all of it. An embedding's cost grows with its length (bge-small-zh, one core: about 1.2 ms
     * plus 0.1 ms per character under load), and the sentences the layer embeds are already cut at
     * clause punctuation, so the cap only shortens run-on sentences. The exemplars are embedded with
     * the same cap, so training and checking see the same kind of vector. 40 lost nothing in
     * cross-validation on the tune part (7 Dec: recall 0.671 against 0.672 uncapped); 32 lost 0.03,
     * 24 lost 0.06 (module README).
     */
    static final int MAX_CHARS = 40;

    private final EmbeddingModel model;
    private final Map<String, float[]> cache;

    SentenceVectors(EmbeddingModel model, int capacity) {
        this.model = Objects.requireNonNull(model, "model");
        this.cache = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The unit vector of an already folded sentence. Blocking (ONNX inference) on a cache miss. */
    float[] of(String folded) {
        String key = digest(folded);
        synchronized (cache) {
            float[] v = cache.get(key);
            if (v != null) return v;
        }
        float[] v = unit(model.embed(capped(folded)).content().vector());
        synchronized (cache) {
            cache.put(key, v);
        }
        return v;
    }

    /** What the cache keeps of a sentence: its SHA-256, hex. */
    static String digest(String sentence) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(sentence.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Vectors of many folded sentences in one call (the model may batch them); not cached. */
    List<float[]> ofAll(List<String> folded) {
        List<float[]> out = new ArrayList<>(folded.size());
        int batch = 64;
        for (int i = 0; i < folded.size(); i += batch) {
            List<TextSegment> segments = folded.subList(i, Math.min(folded.size(), i + batch)).stream()
                    .map(f -> TextSegment.from(capped(f))).toList();
            for (Embedding e : model.embedAll(segments).content()) out.add(unit(e.vector()));
        }
        return out;
    }

    /** The part of a folded sentence that is embedded: its first {@link #MAX_CHARS} characters (whole code points). */
    static String capped(String folded) {
        if (folded.codePointCount(0, folded.length()) <= MAX_CHARS) return folded;
        return folded.substring(0, folded.offsetByCodePoints(0, MAX_CHARS));
    }

    int cached() {
        synchronized (cache) {
            return cache.size();
        }
    }

    static float[] unit(float[] v) {
        double n = 0;
        for (float x : v) n += x * x;
        float inv = n == 0 ? 0f : (float) (1 / Math.sqrt(n));
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i] * inv;
        return out;
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
