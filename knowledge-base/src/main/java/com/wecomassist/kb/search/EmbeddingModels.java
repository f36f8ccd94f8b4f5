package com.wecomassist.kb.search;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallzhv15q.BgeSmallZhV15QuantizedEmbeddingModel;

/**
 * The embedding model the knowledge base is built and measured with: bge-small-zh-v1.5
 * (quantised ONNX, shipped inside the LangChain4j artifact, runs offline, 512 dimensions).
 */
public final class EmbeddingModels {

    private static volatile EmbeddingModel shared;

    private EmbeddingModels() {
    }

    /** One instance per JVM: loading the model takes about a second and the session is thread-safe. */
    public static EmbeddingModel bgeSmallZh() {
        EmbeddingModel m = shared;
        if (m == null) {
            synchronized (EmbeddingModels.class) {
                m = shared;
                if (m == null) {
                    m = new BgeSmallZhV15QuantizedEmbeddingModel();
                    shared = m;
                }
            }
        }
        return m;
    }
}
