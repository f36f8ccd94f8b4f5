package com.wecomassist.kb.eval;

import java.util.List;

/**
 * Fits a logistic regression (intercept + weights) by Newton's method with a small ridge penalty:
 * the confidence model is a handful of features over a few thousand labelled questions, where
 * Newton converges in a dozen steps and needs no tuning.
 */
final class LogisticFit {

    private LogisticFit() {
    }

    static double[] fit(List<double[]> features, List<Boolean> labels, double ridge) {
        int n = features.size();
        int d = features.get(0).length + 1;
        double[] w = new double[d];
        for (int iter = 0; iter < 50; iter++) {
            double[] grad = new double[d];
            double[][] hess = new double[d][d];
            for (int i = 0; i < n; i++) {
                double[] x = withBias(features.get(i));
                double p = sigmoid(dot(w, x));
                double y = labels.get(i) ? 1 : 0;
                for (int a = 0; a < d; a++) {
                    grad[a] += (p - y) * x[a];
                    for (int b = 0; b < d; b++) {
                        hess[a][b] += p * (1 - p) * x[a] * x[b];
                    }
                }
            }
            for (int a = 1; a < d; a++) {
                grad[a] += ridge * w[a];
                hess[a][a] += ridge;
            }
            hess[0][0] += 1e-9;
            double[] step = solve(hess, grad);
            double max = 0;
            for (int a = 0; a < d; a++) {
                w[a] -= step[a];
                max = Math.max(max, Math.abs(step[a]));
            }
            if (max < 1e-7) {
                break;
            }
        }
        return w;
    }

    static double predict(double[] w, double[] features) {
        return sigmoid(dot(w, withBias(features)));
    }

    private static double[] withBias(double[] x) {
        double[] out = new double[x.length + 1];
        out[0] = 1;
        System.arraycopy(x, 0, out, 1, x.length);
        return out;
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Gaussian elimination with partial pivoting; the system is small (≤ 11 unknowns). */
    private static double[] solve(double[][] m, double[] v) {
        int n = v.length;
        double[][] a = new double[n][];
        double[] b = v.clone();
        for (int i = 0; i < n; i++) {
            a[i] = m[i].clone();
        }
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) {
                    piv = r;
                }
            }
            double[] t = a[c];
            a[c] = a[piv];
            a[piv] = t;
            double tb = b[c];
            b[c] = b[piv];
            b[piv] = tb;
            if (Math.abs(a[c][c]) < 1e-12) {
                continue;
            }
            for (int r = c + 1; r < n; r++) {
                double f = a[r][c] / a[c][c];
                for (int k = c; k < n; k++) {
                    a[r][k] -= f * a[c][k];
                }
                b[r] -= f * b[c];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = b[r];
            for (int k = r + 1; k < n; k++) {
                s -= a[r][k] * x[k];
            }
            x[r] = Math.abs(a[r][r]) < 1e-12 ? 0 : s / a[r][r];
        }
        return x;
    }
}
