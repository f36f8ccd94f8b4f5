package com.wecomassist.kb.search;

/**
 * Which Chinese text analysis the lexical (BM25) side uses. Chosen by measurement on real bank
 * questions (see the module README): the choices are kept selectable so the evaluation harness
 * can compare them on a bank's own data.
 */
public enum ChineseAnalysis {
    /** Lucene's SmartChineseAnalyzer: HMM word segmentation with its general-news dictionary. */
    SMARTCN,
    /** Overlapping character bigrams (Lucene's CJK bigram filter), no dictionary. */
    CJK_BIGRAM,
    /**
     * Character bigrams plus single characters, after rewriting banking synonyms to one canonical
     * spelling (丢失/遗失 → 挂失 context, APP → 手机银行, ...) so different wordings share terms.
     */
    BANKING,
    /** SmartChineseAnalyzer's word segmentation after the same banking synonym rewriting. */
    BANKING_WORDS
}
