package com.wecomassist.kb.search;

/**
 * Embeddings scaled to length 1: the index stores phrasings' vectors so and compares them with a
 * dot product, so the query's vector must be scaled the same way for the product to be a cosine.
 */
public final class UnitVectors {

    private UnitVectors() {
    }

    /** The vector scaled to length 1; the zero vector is returned as it is. */
    public static float[] of(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        n = Math.sqrt(n);
        if (n == 0) {
            return v;
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / n);
        }
        return out;
    }
}
