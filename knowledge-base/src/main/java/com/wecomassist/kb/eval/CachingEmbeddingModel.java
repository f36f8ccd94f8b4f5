package com.wecomassist.kb.eval;

import com.wecomassist.kb.search.ForwardingEmbeddingModel;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers embeddings across the many small indexes an evaluation builds (k folds, several
 * configurations), so each distinct sentence is embedded once. Single-text calls — the query path
 * — are always computed (and remembered) so measured query latency includes real inference.
 */
final class CachingEmbeddingModel extends ForwardingEmbeddingModel {

    private final Map<String, Embedding> cache = new ConcurrentHashMap<>();

    CachingEmbeddingModel(EmbeddingModel delegate) {
        super(delegate);
    }

    @Override
    public Response<Embedding> embed(String text) {
        Embedding e = delegate.embed(text).content();
        cache.put(text, e);
        return Response.from(e);
    }

    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
        List<TextSegment> missing = new ArrayList<>();
        for (TextSegment s : segments) {
            if (!cache.containsKey(s.text())) {
                missing.add(s);
            }
        }
        if (!missing.isEmpty()) {
            List<Embedding> computed = delegate.embedAll(missing).content();
            for (int i = 0; i < missing.size(); i++) {
                cache.put(missing.get(i).text(), computed.get(i));
            }
        }
        List<Embedding> out = new ArrayList<>(segments.size());
        for (TextSegment s : segments) {
            out.add(cache.get(s.text()));
        }
        return Response.from(out);
    }
}
