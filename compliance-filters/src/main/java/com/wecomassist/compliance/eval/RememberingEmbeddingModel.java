package com.wecomassist.compliance.eval;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers every embedding it made, without bound: the folds of a cross-validation embed the
 * same exemplar sentences again and again. For evaluation runs only, never for serving.
 */
final class RememberingEmbeddingModel implements EmbeddingModel {

    private final EmbeddingModel delegate;
    private final Map<String, Embedding> seen = new ConcurrentHashMap<>();

    RememberingEmbeddingModel(EmbeddingModel delegate) {
        this.delegate = delegate;
    }

    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
        List<TextSegment> missing = new ArrayList<>();
        for (TextSegment s : segments) if (!seen.containsKey(s.text())) missing.add(s);
        if (!missing.isEmpty()) {
            List<Embedding> made = delegate.embedAll(missing).content();
            for (int i = 0; i < missing.size(); i++) seen.put(missing.get(i).text(), made.get(i));
        }
        return Response.from(segments.stream().map(s -> seen.get(s.text())).toList());
    }

    @Override
    public int dimension() {
        return delegate.dimension();
    }
}
