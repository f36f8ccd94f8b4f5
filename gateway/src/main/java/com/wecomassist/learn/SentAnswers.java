package com.wecomassist.learn;

import com.wecomassist.kb.entry.Entry;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which knowledge-base entry's answer a customer received, judged from the text that was sent and
 * the entries the draft rested on. Only that entry may take the customer's question as a variant:
 * an agent who rewrote the answer said, in effect, that the entry did not answer the question.
 *
 * <p>The measure is how much of the entry's answer the sent text carries: the share of the answer's
 * character pairs (Chinese has no spaces; pairs stand in for words, as in {@link Phrasings}) found in
 * the sent text, after the same normalising. One-sided on purpose: a draft wraps the answer in a
 * greeting and an offer of further help, and an agent may add a sentence, and the customer has still
 * received the entry's answer. At least {@link #KEPT} of the answer must be there. On the sample
 * knowledge base (89 entries, answers of 41 to about 100 characters) that keeps an answer through
 * three to four changed characters (a corrected word or figure: 0.82 at worst with three), while no
 * entry's answer carries another's beyond 0.71 — the wealth-management answers, which share a long
 * risk notice; most pairs of answers share almost nothing (median 0.03). A rewritten answer shares
 * little more than common words. When two sources are both carried the text is no one entry's answer,
 * and none is named.
 */
public final class SentAnswers {

    /** The share of an entry's answer the sent text must carry to count as that answer. */
    public static final double KEPT = 0.8;

    private SentAnswers() {
    }

    /** The one source whose answer {@code sentText} carries, or empty (none, or more than one). */
    public static Optional<Entry> received(String sentText, List<Entry> sources) {
        Set<String> sent = Phrasings.pairs(Phrasings.normalise(sentText));
        List<Entry> carried = sources.stream()
                .filter(entry -> carried(entry.answer(), sent))
                .toList();
        return carried.size() == 1 ? Optional.of(carried.get(0)) : Optional.empty();
    }

    private static boolean carried(String answer, Set<String> sent) {
        return Phrasings.coverage(Phrasings.pairs(Phrasings.normalise(answer)), sent) >= KEPT;
    }
}
