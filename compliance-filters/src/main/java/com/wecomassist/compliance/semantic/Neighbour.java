package com.wecomassist.compliance.semantic;

/**
 * An exemplar close to a sentence of the checked text.
 *
 * @param exemplar   the exemplar
 * @param similarity cosine similarity of the two sentence embeddings (1 = same meaning)
 * @param sentence   the sentence of the checked text it is close to
 */
public record Neighbour(Exemplar exemplar, double similarity, String sentence) {
}
