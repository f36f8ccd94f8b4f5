package com.wecomassist.compliance.semantic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Binary logistic regression over sparse features with L2 regularisation, fitted by full-batch
 * L-BFGS to the minimum of its (strictly convex) objective:
 *
 * <pre>  (1 / Σ c) · Σ c·logloss(y, w·x + b)  +  (l2 / 2) · |w|²     (the bias is not regularised)</pre>
 *
 * <p>Why not stochastic gradient descent, as before: SGD stops wherever its last epoch leaves it,
 * and that depends on the order of the examples, so the same exemplars in another order gave
 * another model and another threshold (0.706–0.771 on the 7 Dec exemplars). Here the answer is the
 * objective's unique minimum, and the examples are summed in a canonical order (sorted by content)
 * so even the floating-point rounding is the same: the same exemplars give the same weights, bit for
 * bit, whatever order they come in. A compliance officer can rebuild a layer and get the same verdicts.
 *
 * <p>Dense vectors (embeddings) are passed as sparse with every index. Training works on the
 * features that occur (compacted), so the 2^18 hashed gram buckets cost nothing when unused; an
 * unused feature's optimal weight is 0 anyway (only the L2 term acts on it).
 */
final class Logistic {

    /** Stop when the gradient's largest component is below this (the objective is O(1)). */
    static final double TOLERANCE = 1e-6;
    /** Most L-BFGS iterations; reached only when l2 is tiny and the classes are separable. */
    static final int MAX_ITERATIONS = 400;
    private static final int HISTORY = 8;

    private final float[] weights;
    private final float bias;
    /** Iterations the optimiser took, and whether it met {@link #TOLERANCE} (for tests and the README). */
    final int iterations;
    final boolean converged;

    private Logistic(float[] weights, float bias, int iterations, boolean converged) {
        this.weights = weights;
        this.bias = bias;
        this.iterations = iterations;
        this.converged = converged;
    }

    /** A model fitted earlier, read back from {@link FittedModelFile}. */
    static Logistic restored(float[] weights, float bias, int iterations, boolean converged) {
        return new Logistic(weights, bias, iterations, converged);
    }

    float[] weights() {
        return weights;
    }

    float bias() {
        return bias;
    }

    /** One training example: sorted distinct feature indexes and their values. */
    record Example(int[] index, float[] value, boolean positive, double weight) {
    }

    /** Canonical order: by content, so the order the examples come in changes nothing. */
    private static final Comparator<Example> CANONICAL = (a, b) -> {
        int c = Boolean.compare(a.positive(), b.positive());
        if (c != 0) return c;
        c = Double.compare(a.weight(), b.weight());
        if (c != 0) return c;
        c = Arrays.compare(a.index(), b.index());
        if (c != 0) return c;
        return Arrays.compare(a.value(), b.value());
    };

    static Logistic train(List<Example> examples, int dimensions, double l2) {
        List<Example> sorted = new ArrayList<>(examples);
        sorted.sort(CANONICAL);
        // Compact the feature space to the features that occur (ascending, so the mapping is canonical too).
        boolean[] used = new boolean[dimensions];
        for (Example e : sorted) for (int i : e.index()) used[i] = true;
        int[] compact = new int[dimensions];
        int d = 0;
        for (int i = 0; i < dimensions; i++) compact[i] = used[i] ? d++ : -1;
        int n = sorted.size();
        int[][] idx = new int[n][];
        float[][] val = new float[n][];
        double[] y = new double[n];
        double[] c = new double[n];
        double total = 0;
        for (int k = 0; k < n; k++) {
            Example e = sorted.get(k);
            idx[k] = new int[e.index().length];
            for (int j = 0; j < idx[k].length; j++) idx[k][j] = compact[e.index()[j]];
            val[k] = e.value();
            y[k] = e.positive() ? 1 : 0;
            c[k] = e.weight();
            total += e.weight();
        }
        Objective f = new Objective(idx, val, y, c, total == 0 ? 1 : total, l2, d);
        double[] x = new double[d + 1]; // weights, then the bias
        Result r = minimise(f, x);
        float[] w = new float[dimensions];
        for (int i = 0; i < dimensions; i++) if (compact[i] >= 0) w[i] = (float) x[compact[i]];
        return new Logistic(w, (float) x[d], r.iterations, r.converged);
    }

    /** The weighted mean log-loss plus the L2 term, and its gradient. */
    private record Objective(int[][] idx, float[][] val, double[] y, double[] c, double total, double l2, int d) {
        double valueAndGradient(double[] x, double[] g) {
            Arrays.fill(g, 0);
            double loss = 0;
            double b = x[d];
            for (int k = 0; k < idx.length; k++) {
                double z = b;
                int[] ik = idx[k];
                float[] vk = val[k];
                for (int j = 0; j < ik.length; j++) z += x[ik[j]] * vk[j];
                // log(1 + e^z) - y z, computed without overflow
                double softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
                loss += c[k] * (softplus - y[k] * z);
                double r = c[k] * (sigmoid(z) - y[k]) / total;
                for (int j = 0; j < ik.length; j++) g[ik[j]] += r * vk[j];
                g[d] += r;
            }
            loss /= total;
            double sq = 0;
            for (int i = 0; i < d; i++) {
                sq += x[i] * x[i];
                g[i] += l2 * x[i];
            }
            return loss + 0.5 * l2 * sq;
        }
    }

    private record Result(int iterations, boolean converged) {
    }

    /** L-BFGS (two-loop recursion) with a backtracking Armijo line search; deterministic. */
    private static Result minimise(Objective f, double[] x) {
        int m = x.length;
        double[] g = new double[m];
        double fx = f.valueAndGradient(x, g);
        double[][] s = new double[HISTORY][], yv = new double[HISTORY][];
        double[] rho = new double[HISTORY];
        int stored = 0, head = 0;
        double[] dir = new double[m], xNew = new double[m], gNew = new double[m];
        double[] alpha = new double[HISTORY];
        int it = 0;
        for (; it < MAX_ITERATIONS; it++) {
            if (maxAbs(g) < TOLERANCE) return new Result(it, true);
            // direction = -H g (two-loop recursion)
            for (int i = 0; i < m; i++) dir[i] = -g[i];
            for (int k = 0; k < stored; k++) {
                int j = Math.floorMod(head - 1 - k, HISTORY);
                alpha[j] = rho[j] * dot(s[j], dir);
                axpy(-alpha[j], yv[j], dir);
            }
            if (stored > 0) {
                int last = Math.floorMod(head - 1, HISTORY);
                double gamma = dot(s[last], yv[last]) / dot(yv[last], yv[last]);
                for (int i = 0; i < m; i++) dir[i] *= gamma;
            } else {
                double scale = 1 / Math.max(1e-12, Math.sqrt(dot(g, g)));
                for (int i = 0; i < m; i++) dir[i] *= scale;
            }
            for (int k = stored - 1; k >= 0; k--) {
                int j = Math.floorMod(head - 1 - k, HISTORY);
                double beta = rho[j] * dot(yv[j], dir);
                axpy(alpha[j] - beta, s[j], dir);
            }
            double slope = dot(g, dir);
            if (slope >= 0) { // not a descent direction (numerical trouble): restart from steepest descent
                stored = 0;
                for (int i = 0; i < m; i++) dir[i] = -g[i];
                slope = -dot(g, g);
            }
            double step = 1, fNew;
            while (true) {
                for (int i = 0; i < m; i++) xNew[i] = x[i] + step * dir[i];
                fNew = f.valueAndGradient(xNew, gNew);
                if (fNew <= fx + 1e-4 * step * slope || step < 1e-12) break;
                step *= 0.5;
            }
            double[] sk = new double[m], yk = new double[m];
            for (int i = 0; i < m; i++) {
                sk[i] = xNew[i] - x[i];
                yk[i] = gNew[i] - g[i];
            }
            double sy = dot(sk, yk);
            boolean stalled = fx - fNew <= 1e-15 * Math.max(1, Math.abs(fx));
            System.arraycopy(xNew, 0, x, 0, m);
            System.arraycopy(gNew, 0, g, 0, m);
            fx = fNew;
            if (sy > 1e-12) {
                s[head] = sk;
                yv[head] = yk;
                rho[head] = 1 / sy;
                head = (head + 1) % HISTORY;
                stored = Math.min(stored + 1, HISTORY);
            }
            if (stalled) return new Result(it + 1, maxAbs(g) < TOLERANCE);
        }
        return new Result(it, maxAbs(g) < TOLERANCE);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) y[i] += a * x[i];
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) m = Math.max(m, Math.abs(v));
        return m;
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
