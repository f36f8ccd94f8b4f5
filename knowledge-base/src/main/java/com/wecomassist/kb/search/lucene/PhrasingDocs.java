package com.wecomassist.kb.search.lucene;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;

/**
 * Which entry and phrasing a document is, remembered per segment. Reading the stored fields of
 * every hit decompresses a block of documents each time (profiling a load test showed it as the
 * largest single cost of a search after the query embedding); segments never change once written,
 * so each document is read once per segment and kept until the segment is closed (merged away).
 */
final class PhrasingDocs {

    /** One document's identity: the entry it belongs to and its phrasing number. */
    record Ref(String entryId, int phrasing) {
    }

    private static final Set<String> WANTED = Set.of(LuceneEntryIndex.F_ENTRY, LuceneEntryIndex.F_PHRASING);

    private final Map<IndexReader.CacheKey, AtomicReferenceArray<Ref>> bySegment = new ConcurrentHashMap<>();

    Ref of(LeafReaderContext leaf, int localDoc) throws IOException {
        LeafReader reader = leaf.reader();
        IndexReader.CacheHelper helper = reader.getCoreCacheHelper();
        if (helper == null) {
            return read(reader, localDoc); // a reader that cannot say when it closes: nothing is kept
        }
        AtomicReferenceArray<Ref> refs = bySegment.get(helper.getKey());
        if (refs == null) {
            refs = bySegment.computeIfAbsent(helper.getKey(), key -> {
                helper.addClosedListener(bySegment::remove);
                return new AtomicReferenceArray<>(reader.maxDoc());
            });
        }
        Ref ref = refs.get(localDoc);
        if (ref == null) {
            ref = read(reader, localDoc); // two threads may both read it: the result is the same
            refs.set(localDoc, ref);
        }
        return ref;
    }

    private static Ref read(LeafReader reader, int localDoc) throws IOException {
        Document d = reader.storedFields().document(localDoc, WANTED);
        return new Ref(d.get(LuceneEntryIndex.F_ENTRY), d.getField(LuceneEntryIndex.F_PHRASING).numericValue().intValue());
    }
}
