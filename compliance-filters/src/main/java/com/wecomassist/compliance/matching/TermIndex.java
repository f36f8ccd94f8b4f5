package com.wecomassist.compliance.matching;

import com.hankcs.algorithm.AhoCorasickDoubleArrayTrie;

import java.util.Map;
import java.util.TreeMap;

/**
 * All terms of all rules in one Aho-Corasick automaton (hankcs' double-array trie), so a text is
 * scanned once whatever the number of terms: tens of thousands of terms cost the same pass as ten.
 * Terms must already be normalised with {@link TextNormaliser#normaliseTerm(String)}.
 *
 * <p>Immutable after construction; {@link #scan} keeps its state on the stack, so one index is
 * shared by all threads.
 *
 * @param <V> what a term stands for (for the rule engine: the rules that listed it)
 */
public final class TermIndex<V> {

    /**
     * Receives one match: span {@code [start, end)} and the term's value. It is the library's own
     * callback type so that the automaton calls the sink directly, without an adapter per scan.
     */
    @FunctionalInterface
    public interface MatchSink<V> extends AhoCorasickDoubleArrayTrie.IHit<V> {
    }

    private final AhoCorasickDoubleArrayTrie<V> trie;
    private final int size;

    public TermIndex(Map<String, V> terms) {
        this.trie = new AhoCorasickDoubleArrayTrie<>();
        this.size = terms.size();
        if (!terms.isEmpty()) {
            // The library requires a sorted key set for its double-array construction.
            trie.build(terms instanceof TreeMap ? terms : new TreeMap<>(terms));
        }
    }

    public int size() {
        return size;
    }

    /** Reports every occurrence of every term in {@code text}, overlapping ones included. */
    public void scan(char[] text, MatchSink<V> sink) {
        if (size == 0 || text.length == 0) return;
        trie.parseText(text, (AhoCorasickDoubleArrayTrie.IHit<V>) sink);
    }
}
