package com.wecomassist.kb.search;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.util.List;

/**
 * An embedding model that passes every call to another one: the base of the decorators (case
 * folding, remembered query embeddings, the evaluation's cache), which override only what they change.
 * A single text ({@link #embed(String)}) is the query path, batches ({@link #embedAll}) the document path.
 */
public abstract class ForwardingEmbeddingModel implements EmbeddingModel {

    protected final EmbeddingModel delegate;

    protected ForwardingEmbeddingModel(EmbeddingModel delegate) {
        this.delegate = delegate;
    }

    @Override
    public Response<Embedding> embed(String text) {
        return delegate.embed(text);
    }

    @Override
    public final Response<Embedding> embed(TextSegment segment) {
        return embed(segment.text());
    }

    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
        return delegate.embedAll(segments);
    }

    @Override
    public int dimension() {
        return delegate.dimension();
    }

    @Override
    public String modelName() {
        return delegate.modelName();
    }
}
