package com.wecomassist.compliance.semantic;

import java.util.ArrayList;
import java.util.List;

/**
 * The exemplars cut into sentences, each with its folded text, character grams and embedding:
 * what the models are trained on. Computed once per build (embedding every sentence is most of
 * the build's cost) and shared by every fold of the cross-validation.
 */
final class Corpus {

    final List<Exemplar> exemplars;
    /** Per sentence: the index of its exemplar. */
    final int[] owner;
    final String[] sentence;
    final String[] folded;
    final CharGrams.Features[] grams;
    final float[][] vectors;
    /** Per exemplar: its sentences' indexes. */
    final int[][] sentencesOf;

    private Corpus(List<Exemplar> exemplars, int[] owner, String[] sentence, String[] folded,
                   CharGrams.Features[] grams, float[][] vectors, int[][] sentencesOf) {
        this.exemplars = exemplars;
        this.owner = owner;
        this.sentence = sentence;
        this.folded = folded;
        this.grams = grams;
        this.vectors = vectors;
        this.sentencesOf = sentencesOf;
    }

    static Corpus of(List<Exemplar> exemplars, SentenceVectors embed) {
        return of(exemplars, embed, null);
    }

    /** As {@link #of(List, SentenceVectors)}, reading and updating the vectors of {@code vectorFile} (may be null). */
    static Corpus of(List<Exemplar> exemplars, SentenceVectors embed, java.nio.file.Path vectorFile) {
        List<Integer> owner = new ArrayList<>();
        List<String> sentence = new ArrayList<>();
        List<String> folded = new ArrayList<>();
        int[][] sentencesOf = new int[exemplars.size()][];
        for (int e = 0; e < exemplars.size(); e++) {
            List<Sentences.Span> spans = Sentences.split(exemplars.get(e).text());
            if (spans.isEmpty()) spans = List.of(new Sentences.Span(exemplars.get(e).text(), 0, exemplars.get(e).text().length()));
            sentencesOf[e] = new int[spans.size()];
            for (int s = 0; s < spans.size(); s++) {
                sentencesOf[e][s] = sentence.size();
                owner.add(e);
                sentence.add(spans.get(s).text());
                folded.add(Sentences.fold(spans.get(s).text()));
            }
        }
        int n = sentence.size();
        CharGrams.Features[] grams = new CharGrams.Features[n];
        for (int i = 0; i < n; i++) grams[i] = CharGrams.of(folded.get(i));
        float[][] vectors = new float[n][];
        java.util.Map<String, float[]> known = new java.util.LinkedHashMap<>();
        float[] probe = null;
        if (vectorFile != null) {
            probe = embed.ofAll(List.of(Sentences.fold(VectorFile.PROBE))).get(0);
            known.putAll(VectorFile.read(vectorFile, probe));
        }
        List<String> missing = new ArrayList<>();
        for (String f : folded) if (!known.containsKey(f) && !missing.contains(f)) missing.add(f);
        if (!missing.isEmpty()) {
            List<float[]> made = embed.ofAll(missing);
            for (int i = 0; i < missing.size(); i++) known.put(missing.get(i), made.get(i));
            if (vectorFile != null) VectorFile.write(vectorFile, probe, known);
        }
        for (int i = 0; i < n; i++) vectors[i] = known.get(folded.get(i));
        return new Corpus(exemplars, owner.stream().mapToInt(Integer::intValue).toArray(), sentence.toArray(new String[0]),
                folded.toArray(new String[0]), grams, vectors, sentencesOf);
    }

    int size() {
        return sentence.length;
    }

    boolean violation(int sentenceIndex) {
        return exemplars.get(owner[sentenceIndex]).label() == Label.VIOLATION;
    }
}
