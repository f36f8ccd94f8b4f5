package com.wecomassist.kb.search;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The unmapped vectors of a knowledge base's texts (phrasings, answer openings), remembered by text:
 * what a shared map is fitted on ({@link QueryAdapter#fitShared}) is what the mapped index is then
 * built from ({@link com.wecomassist.kb.KnowledgeBase#useSharedMap}), and a refit after a few edits
 * embeds only the new texts. Thread-safe; {@link #retainOnly} forgets texts no longer served.
 */
public final class RememberedVectors extends ForwardingEmbeddingModel {

    private final Map<String, Embedding> vectors = new ConcurrentHashMap<>();
    private final AtomicLong embedded = new AtomicLong();

    public RememberedVectors(EmbeddingModel delegate) {
        super(delegate);
    }

    @Override
    public Response<Embedding> embed(String text) {
        return Response.from(embedAll(List.of(TextSegment.from(text))).content().get(0));
    }

    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
        List<TextSegment> missing = new ArrayList<>();
        Set<String> asked = new HashSet<>();
        for (TextSegment s : segments) {
            if (!vectors.containsKey(s.text()) && asked.add(s.text())) {
                missing.add(s);
            }
        }
        if (!missing.isEmpty()) {
            List<Embedding> computed = delegate.embedAll(missing).content();
            for (int i = 0; i < missing.size(); i++) {
                vectors.put(missing.get(i).text(), computed.get(i));
            }
            embedded.addAndGet(missing.size());
        }
        List<Embedding> out = new ArrayList<>(segments.size());
        for (TextSegment s : segments) {
            Embedding e = vectors.get(s.text());
            out.add(e != null ? e : delegate.embed(s.text()).content()); // forgotten meanwhile: embed again
        }
        return Response.from(out);
    }

    /** Texts the model was asked to embed since this was made (the ones found remembered not counted). */
    public long embedded() {
        return embedded.get();
    }

    /** Texts whose vectors are remembered now. */
    public int size() {
        return vectors.size();
    }

    /** Forgets every text but these (those still served), so edited-away texts do not pile up. */
    public void retainOnly(Collection<String> texts) {
        Set<String> keep = new HashSet<>(texts);
        vectors.keySet().retainAll(keep);
    }
}
