package com.wecomassist.kb.search;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.util.List;

/**
 * Applies a shared map ({@link QueryAdapter#fitShared}) to every vector the model makes — the
 * phrasings and answers the index holds and the queries alike — so both sides of every cosine live in
 * the mapped space. A knowledge base opened with it indexes mapped vectors; its name carries the map's
 * fingerprint, so an index built with another map (or none) is re-embedded on open.
 */
public final class MappedEmbeddingModel extends ForwardingEmbeddingModel {

    private final QueryAdapter map;
    private final String name;

    public MappedEmbeddingModel(EmbeddingModel delegate, QueryAdapter map) {
        super(delegate);
        if (!map.isIdentity() && !map.isShared()) {
            throw new IllegalArgumentException("a query-side map belongs in SearchSettings.withQueryAdapter, "
                    + "not on the index's vectors");
        }
        this.map = map.requireModel(delegate.modelName());
        this.name = map.isIdentity() ? delegate.modelName() : delegate.modelName() + "+map:" + map.fingerprint();
    }

    @Override
    public Response<Embedding> embed(String text) {
        Response<Embedding> r = delegate.embed(text);
        return Response.from(Embedding.from(map.apply(UnitVectors.of(r.content().vector()))), r.tokenUsage());
    }

    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
        Response<List<Embedding>> r = delegate.embedAll(segments);
        List<Embedding> mapped = r.content().stream()
                .map(e -> Embedding.from(map.apply(UnitVectors.of(e.vector())))).toList();
        return Response.from(mapped, r.tokenUsage());
    }

    @Override
    public String modelName() {
        return name;
    }
}
