package com.wecomassist.kb.search;

import com.wecomassist.kb.entry.Entry;

/**
 * One ranked answer: the best-matching entry for that answer, with the evidence behind its rank.
 *
 * @param entry           the entry (its id and version are what an audit trail records)
 * @param score           fused score used for ranking (higher is better)
 * @param lexical         BM25 evidence relative to the best lexical match of the query, 0..1
 * @param cosine          best cosine similarity between the query and one of the entry's phrasings
 * @param matchedPhrasing the phrasing (standard question or variant) that matched best
 * @param contradiction   true when the query and the phrasing disagree on something that changes the
 *                        answer (an error code, 开通 vs 关闭, 信用卡 vs 借记卡)
 */
public record ScoredEntry(Entry entry, double score, double lexical, double cosine, String matchedPhrasing,
        boolean contradiction) {
}
