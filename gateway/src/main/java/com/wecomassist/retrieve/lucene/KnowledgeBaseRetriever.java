package com.wecomassist.retrieve.lucene;

import com.wecomassist.kb.entry.Entry;
import com.wecomassist.kb.search.ScoredEntry;
import com.wecomassist.kb.search.SearchResult;
import com.wecomassist.knowledge.KnowledgeBaseAccess;
import com.wecomassist.retrieve.Retrieval;
import com.wecomassist.retrieve.Retriever;
import reactor.core.publisher.Mono;

/**
 * Retrieval by the knowledge base's hybrid search (Lucene BM25 + bge-small-zh vectors), run on the
 * knowledge base's own bounded scheduler. Only entries served now are found.
 */
public class KnowledgeBaseRetriever implements Retriever {

    private final KnowledgeBaseAccess kb;

    public KnowledgeBaseRetriever(KnowledgeBaseAccess kb) {
        this.kb = kb;
    }

    @Override
    public Mono<Retrieval> retrieve(String customerText, int k) {
        if (k < 1) {
            return Mono.error(new IllegalArgumentException("k must be at least 1, not " + k));
        }
        if (customerText == null || customerText.isBlank()) {
            // nothing to look for (an emoji-only message after masking, say): not an error
            return Mono.just(Retrieval.nothing());
        }
        return kb.call(base -> base.search(customerText, k)).map(KnowledgeBaseRetriever::toRetrieval);
    }

    @Override
    public Mono<Retrieval.RetrievedEntry> served(String entryId) {
        return kb.call(base -> base.served(entryId))
                .flatMap(found -> found.map(e -> Mono.just(new Retrieval.RetrievedEntry(e.id(), e.version(),
                        e.question(), e.answer(), e.category(), 0))).orElse(Mono.empty()));
    }

    static Retrieval toRetrieval(SearchResult result) {
        double confidence = result.confidence();
        // The module's confidence is calibrated to 0..1; a value outside it would be a bug there,
        // and the router must never see one: treat it as no confidence at all.
        if (!(confidence >= 0 && confidence <= 1)) {
            confidence = 0;
        }
        double menuConfidence = result.menuConfidence() >= confidence && result.menuConfidence() <= 1
                ? result.menuConfidence() : confidence;
        boolean none = result.ranked().isEmpty();
        return new Retrieval(result.ranked().stream().map(KnowledgeBaseRetriever::toEntry).toList(),
                none ? 0 : confidence, none ? 0 : menuConfidence, result.tookNanos());
    }

    private static Retrieval.RetrievedEntry toEntry(ScoredEntry scored) {
        Entry e = scored.entry();
        return new Retrieval.RetrievedEntry(e.id(), e.version(), e.question(), e.answer(), e.category(),
                scored.score());
    }
}
