package com.wecomassist.compliance.semantic;

import java.util.List;
import java.util.Random;

/**
 * Binary logistic regression over sparse features, trained with AdaGrad and L2 decay: small,
 * deterministic (fixed seed) and fast enough to retrain at every build and in every fold of the
 * cross-validation. Dense vectors (embeddings) are passed as sparse with every index.
 */
final class Logistic {

    private final float[] weights;
    private final float bias;

    private Logistic(float[] weights, float bias) {
        this.weights = weights;
        this.bias = bias;
    }

    /** One training example. */
    record Example(int[] index, float[] value, boolean positive, double weight) {
    }

    static Logistic train(List<Example> examples, int dimensions, int epochs, double l2, double rate) {
        float[] w = new float[dimensions];
        double[] g2 = new double[dimensions];
        double b = 0, gb2 = 0;
        int n = examples.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Random random = new Random(15);
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int oi : order) {
                Example e = examples.get(oi);
                double z = b;
                for (int k = 0; k < e.index().length; k++) z += w[e.index()[k]] * e.value()[k];
                double p = sigmoid(z);
                double g = (p - (e.positive() ? 1 : 0)) * e.weight();
                for (int k = 0; k < e.index().length; k++) {
                    int idx = e.index()[k];
                    double gi = g * e.value()[k] + l2 * w[idx];
                    g2[idx] += gi * gi;
                    w[idx] -= (float) (rate * gi / (Math.sqrt(g2[idx]) + 1e-8));
                }
                gb2 += g * g;
                b -= rate * g / (Math.sqrt(gb2) + 1e-8);
            }
        }
        return new Logistic(w, (float) b);
    }

    double score(int[] index, float[] value) {
        double z = bias;
        for (int k = 0; k < index.length; k++) z += weights[index[k]] * value[k];
        return sigmoid(z);
    }

    double scoreDense(float[] x) {
        double z = bias;
        for (int k = 0; k < x.length; k++) z += weights[k] * x[k];
        return sigmoid(z);
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }
}
