package com.wecomassist.kb.search;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallzhv15q.BgeSmallZhV15QuantizedEmbeddingModel;

/**
 * The embedding model the knowledge base is built and measured with: bge-small-zh-v1.5
 * (quantised ONNX, shipped inside the LangChain4j artifact, runs offline, 512 dimensions), fed
 * case-folded text ({@link CaseFoldingEmbeddingModel} says why), one inference on one thread
 * ({@link SingleThreadedBgeSmallZh} says why).
 */
public final class EmbeddingModels {

    private static volatile EmbeddingModel shared;

    private EmbeddingModels() {
    }

    /** Names the vectors this model makes; an index built with another model is rebuilt on open. */
    public static final String BGE_SMALL_ZH = "bge-small-zh-v1.5-q+casefold";

    /** One instance per JVM: loading the model takes about a second and the session is thread-safe. */
    public static EmbeddingModel bgeSmallZh() {
        EmbeddingModel m = shared;
        if (m == null) {
            synchronized (EmbeddingModels.class) {
                m = shared;
                if (m == null) {
                    m = new CaseFoldingEmbeddingModel(new SingleThreadedBgeSmallZh(), BGE_SMALL_ZH);
                    shared = m;
                }
            }
        }
        return m;
    }

    /**
     * The model exactly as the artifact ships it, without case folding: only for measuring what the
     * folding gains ({@code ./assist eval --compare}); never index or search with it. A new instance
     * per call (it is rarely wanted).
     */
    public static EmbeddingModel bgeSmallZhAsShipped() {
        return new BgeSmallZhV15QuantizedEmbeddingModel();
    }
}
