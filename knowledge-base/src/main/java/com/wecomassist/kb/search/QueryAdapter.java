package com.wecomassist.kb.search;

import com.wecomassist.kb.entry.Entry;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A learned linear map {@code W} applied to the query's embedding before it is compared with the
 * phrasings and answers: {@code q' = W q / |W q|}. The index's vectors stay as the model made them.
 *
 * <p>Why: bge-small-zh was not trained on how bank customers phrase things, and the curated
 * variants (相似问) are exactly that knowledge — pairs of "a customer's phrasing → the entry it
 * means". Variants already help by being matched; fitting {@code W} on them also moves an unseen
 * phrasing towards the entries that similar phrasings belonged to, which nearest-phrasing matching
 * alone cannot do. {@code W} starts at the identity and is pulled back to it (ridge); a KB with too
 * few variants to learn from gets the identity ({@link Fitting#minTraining()}): fitted on a few
 * hundred phrasings the map learns those and costs accuracy on everything else.
 *
 * <p>How it is fitted ({@link #fit(List, int[], Fitting)}): every phrasing whose answer has another
 * phrasing is a training query; a softmax over all phrasings (its own left out) is pushed towards
 * the other phrasings of its answer (multi-positive contrastive loss at temperature
 * {@link Fitting#temperature()}), in batches, with Adam. Contrasting with every phrasing, not only
 * the nearest ones, matters: with only the 100 nearest other answers' phrasings the map gained a
 * third as much (module README).
 */
public final class QueryAdapter {

    private static final int MAGIC = 0x57514131; // "WQA1"
    private static final int MAGIC_SHARED = 0x57514132; // "WQA2": a map of both sides
    private static final QueryAdapter IDENTITY = new QueryAdapter(0, null, "", false);

    /**
     * How a map is fitted. The defaults are what measured best on the UnionPay dev questions (module README).
     *
     * @param iterations   Adam steps, each over a fresh batch of training queries
     * @param learningRate Adam step size
     * @param ridge        pull of {@code W} back towards the identity (gradient {@code ridge · (W − I)})
     * @param temperature  softmax temperature over cosines
     * @param batch        training queries per step
     * @param minTraining  fewer training queries than this: the identity. Measured: fitted on 160 (entries
     *                     sharing answers, no variants) the map cost 0.04 accuracy@1; on 400 it was neutral, on
     *                     730 +0.014, on 2,350 +0.033 (module README)
     * @param maxContrast  phrasings each step contrasts with at most (a large KB's are sampled afresh each
     *                     step): the cost of a step is batch × contrast × dimensions
     */
    public record Fitting(int iterations, double learningRate, double ridge, double temperature, int batch,
            int minTraining, int maxContrast) {

        public static Fitting defaults() {
            return new Fitting(100, 1e-3, 1e-2, 0.05, 256, 600, 20_000);
        }

        /**
         * The map of both sides a KB without enough variants gets ({@link #fitShared}): the same steps
         * as {@link #defaults()} but only 20 of them and no floor. Measured on the UnionPay standard
         * questions (module README): 10–30 steps gained 0.02–0.03 accuracy@1, 50 steps 0, 100 steps
         * cost 0.03 — the KB's own pairs are few and unlike customers' wording, so the map must stay
         * near the identity.
         */
        public static Fitting shared() {
            return new Fitting(20, 1e-3, 1e-2, 0.05, 256, 0, 20_000);
        }
    }

    private final int dim;
    /** {@code W} column by column ({@code W x = Σ_k x_k · column k}); null for the identity. */
    private final float[] columns;
    private final String modelName;
    /** Whether the map is meant for both sides (phrasings and answers too): {@link #fitShared}. */
    private final boolean shared;

    private QueryAdapter(int dim, float[] columns, String modelName, boolean shared) {
        this.dim = dim;
        this.columns = columns;
        this.modelName = modelName;
        this.shared = shared;
    }

    /** The map that changes nothing (the default). */
    public static QueryAdapter identity() {
        return IDENTITY;
    }

    /** The map {@code W} given row by row ({@code rows[i][k]} = {@code W_ik}), for vectors of the named model. */
    public static QueryAdapter of(float[][] rows, String modelName) {
        int d = rows.length;
        float[] w = new float[d * d];
        for (int i = 0; i < d; i++) {
            if (rows[i].length != d) {
                throw new IllegalArgumentException("the map must be square");
            }
            for (int k = 0; k < d; k++) {
                w[k * d + i] = rows[i][k];
            }
        }
        return new QueryAdapter(d, w, modelName, false);
    }

    /** The same map, marked for both sides ({@link #isShared()}): for maps made by hand ({@link #of}). */
    public QueryAdapter forBothSides() {
        return columns == null ? this : new QueryAdapter(dim, columns, modelName, true);
    }

    /**
     * This map, if it was fitted on the named model's vectors (the identity fits any): a map fitted
     * on other vectors would scramble the query, so it is refused.
     */
    public QueryAdapter requireModel(String expected) {
        if (columns != null && !modelName.equals(expected)) {
            throw new IllegalArgumentException("the query adapter was fitted on vectors of '" + modelName
                    + "', the knowledge base embeds with '" + expected + "': refit it");
        }
        return this;
    }

    public boolean isIdentity() {
        return columns == null;
    }

    /**
     * Whether this map was fitted for both sides ({@link #fitShared}): it must be applied to the
     * index's vectors as well ({@link MappedEmbeddingModel}), never to the query alone — measured, its
     * query-side use lost what the shared use gained (module README).
     */
    public boolean isShared() {
        return shared;
    }

    /**
     * This map, to be applied to queries alone. A shared map is refused: against the index's unmapped
     * vectors what it gains would be lost (open the knowledge base with a {@link MappedEmbeddingModel}).
     */
    public QueryAdapter requireQuerySide() {
        if (shared) {
            throw new IllegalArgumentException("a shared map is not a query adapter: it applies to the index's "
                    + "vectors too (open the knowledge base with a MappedEmbeddingModel)");
        }
        return this;
    }

    /** A short digest of the map, naming the vectors it makes (an index built with another map is rebuilt). */
    public String fingerprint() {
        if (columns == null) {
            return "identity";
        }
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            ByteBuffer b = ByteBuffer.allocate(columns.length * 4);
            for (float f : columns) {
                b.putFloat(f);
            }
            md.update(b.array());
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The embedding model whose vectors the map was fitted on ("" for the identity). */
    public String modelName() {
        return modelName;
    }

    /** The adapted query as a unit vector; the identity returns its argument. */
    public float[] apply(float[] unitQuery) {
        if (columns == null) {
            return unitQuery;
        }
        if (unitQuery.length != dim) {
            throw new IllegalArgumentException("query adapter fitted for " + dim + " dimensions, query has "
                    + unitQuery.length);
        }
        float[] z = new float[dim];
        multiply(columns, unitQuery, z, dim);
        return UnitVectors.of(z);
    }

    /**
     * Fits a map from the entries' phrasings (standard question and variants), embedded with the
     * model that the index uses. Entries sharing an answer ({@link Entry#answerKey()}) are one class.
     */
    public static QueryAdapter fit(List<Entry> entries, EmbeddingModel embeddings, String modelName, Fitting fitting) {
        if (trainingPhrasings(entries) < fitting.minTraining()) {
            return IDENTITY; // decided before embedding anything: a small KB costs nothing to "fit"
        }
        List<String> texts = new ArrayList<>();
        List<String> answers = new ArrayList<>();
        addPhrasings(entries, texts, answers);
        QueryAdapter fitted = fit(unitVectors(texts, embeddings), labelsOf(answers), fitting);
        return fitted.isIdentity() ? fitted : new QueryAdapter(fitted.dim, fitted.columns, modelName, false);
    }

    /**
     * Fits a map for both sides from what a knowledge base without curated variants still has: each
     * answer's phrasings (standard questions, any variants) and the opening of its answer text (as the
     * index embeds it), all labelled by the answer. Applied to queries, phrasings and answers alike
     * ({@link MappedEmbeddingModel}), it moves a question towards the wording of its own answer and
     * away from other answers' — learned from the KB alone, never from customers' questions.
     *
     * <p>Why both sides: the same pairs fitted as a query-side map (the KB's phrasings stay as the
     * model made them) cost accuracy; a shared map only re-weighs the space both sides live in, which
     * the phrasing-to-phrasing match survives (module README: +0.03 accuracy@1 on the UnionPay standard
     * questions, dense evidence). Returns the identity for a KB with fewer than two answers.
     *
     * @param answerChars how much of each answer's opening is embedded (the index's own length)
     */
    public static QueryAdapter fitShared(List<Entry> entries, EmbeddingModel embeddings, String modelName,
            Fitting fitting, int answerChars) {
        List<String> texts = new ArrayList<>();
        List<String> answers = new ArrayList<>();
        Map<String, String> openings = new LinkedHashMap<>();
        addPhrasings(entries, texts, answers);
        for (Entry e : entries) {
            String a = e.answer();
            openings.putIfAbsent(e.answerKey(), a.length() > answerChars ? a.substring(0, answerChars) : a);
        }
        if (openings.size() < 2) {
            return IDENTITY;
        }
        openings.forEach((key, opening) -> {
            texts.add(opening);
            answers.add(key);
        });
        QueryAdapter fitted = fit(unitVectors(texts, embeddings), labelsOf(answers), fitting, true);
        return fitted.isIdentity() ? fitted : new QueryAdapter(fitted.dim, fitted.columns, modelName, true);
    }

    /** Every phrasing of every entry (standard question, variants), labelled by the entry's answer. */
    private static void addPhrasings(List<Entry> entries, List<String> texts, List<String> answers) {
        for (Entry e : entries) {
            for (String p : e.phrasings()) {
                texts.add(p);
                answers.add(e.answerKey());
            }
        }
    }

    /**
     * A map of both sides fitted on a knowledge base's phrasings alone (labelled by answer, as
     * {@link #fit(List, EmbeddingModel, String, Fitting)} learns the query adapter, but applied to the index's
     * vectors too): measured by the evaluation harness against the query adapter (module README); not used
     * by the product. The identity below {@link Fitting#minTraining()} training phrasings.
     */
    public static QueryAdapter fitBothSides(List<Entry> entries, EmbeddingModel embeddings, String modelName,
            Fitting fitting) {
        if (trainingPhrasings(entries) < fitting.minTraining()) {
            return IDENTITY;
        }
        List<String> texts = new ArrayList<>();
        List<String> answers = new ArrayList<>();
        addPhrasings(entries, texts, answers);
        QueryAdapter fitted = fit(unitVectors(texts, embeddings), labelsOf(answers), fitting, true);
        return fitted.isIdentity() ? fitted : new QueryAdapter(fitted.dim, fitted.columns, modelName, true);
    }

    /** The texts {@link #fitShared} embeds: every phrasing and the opening of every distinct answer. */
    public static List<String> sharedTexts(List<Entry> entries, int answerChars) {
        List<String> texts = new ArrayList<>();
        Map<String, String> openings = new LinkedHashMap<>();
        for (Entry e : entries) {
            texts.addAll(e.phrasings());
            String a = e.answer();
            openings.putIfAbsent(e.answerKey(), a.length() > answerChars ? a.substring(0, answerChars) : a);
        }
        texts.addAll(openings.values());
        return texts;
    }

    /** The vectors' positions per label. */
    private static Map<Integer, List<Integer>> membersByLabel(int[] labels, int n) {
        Map<Integer, List<Integer>> members = new HashMap<>();
        for (int i = 0; i < n; i++) {
            members.computeIfAbsent(labels[i], c -> new ArrayList<>()).add(i);
        }
        return members;
    }

    /** The positions whose label has another vector: the training queries (a lone one has no positive). */
    private static List<Integer> withAnotherOfTheirLabel(int[] labels, Map<Integer, List<Integer>> members) {
        List<Integer> training = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            if (members.get(labels[i]).size() > 1) {
                training.add(i);
            }
        }
        return training;
    }

    /** One class number per distinct answer key, in order of first appearance. */
    private static int[] labelsOf(List<String> answers) {
        Map<String, Integer> classes = new HashMap<>();
        int[] labels = new int[answers.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = classes.computeIfAbsent(answers.get(i), a -> classes.size());
        }
        return labels;
    }

    /** The texts' embeddings, normalised, in batches of 256 (the model's batch calls). */
    private static List<float[]> unitVectors(List<String> texts, EmbeddingModel embeddings) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i += 256) {
            List<TextSegment> batch = texts.subList(i, Math.min(texts.size(), i + 256)).stream()
                    .map(TextSegment::from).toList();
            for (Embedding emb : embeddings.embedAll(batch).content()) {
                vectors.add(UnitVectors.of(emb.vector()));
            }
        }
        return vectors;
    }

    /**
     * The phrasings a fit would learn from: those whose answer ({@link Entry#answerKey()}) has another
     * phrasing. Below {@link Fitting#minTraining()} of them a fit returns the identity.
     */
    public static int trainingPhrasings(List<Entry> entries) {
        Map<String, Integer> perAnswer = new HashMap<>();
        for (Entry e : entries) {
            perAnswer.merge(e.answerKey(), e.phrasings().size(), Integer::sum);
        }
        return perAnswer.values().stream().filter(n -> n > 1).mapToInt(Integer::intValue).sum();
    }

    /**
     * Fits a map from unit vectors labelled by class (answer): see the class comment. Returns the
     * identity when fewer than {@link Fitting#minTraining()} vectors have another of their class.
     */
    public static QueryAdapter fit(List<float[]> vectors, int[] labels, Fitting fitting) {
        return fit(vectors, labels, fitting, false);
    }

    /**
     * As {@link #fit(List, int[], Fitting)}; with {@code shared} the map is applied to the phrasings
     * contrasted with as well (cosine of {@code Wx} and {@code Wp}, both normalised) and the gradient
     * flows through both sides.
     */
    public static QueryAdapter fit(List<float[]> vectors, int[] labels, Fitting fitting, boolean shared) {
        int n = vectors.size();
        if (n == 0) {
            return IDENTITY;
        }
        int d = vectors.get(0).length;
        Map<Integer, List<Integer>> members = membersByLabel(labels, n);
        List<Integer> training = withAnotherOfTheirLabel(labels, members);
        if (training.size() < fitting.minTraining()) {
            return IDENTITY;
        }
        Random rnd = new Random(20261207L);
        float[] w = new float[d * d];
        for (int k = 0; k < d; k++) {
            w[k * d + k] = 1f;
        }
        float[] m = new float[d * d];
        float[] v = new float[d * d];
        float[] grad = new float[d * d];
        double tau = fitting.temperature();
        int batch = Math.min(fitting.batch(), training.size());
        int[] pool = contrastPool(n, fitting.maxContrast(), rnd);
        for (int step = 1; step <= fitting.iterations(); step++) {
            Arrays.fill(grad, 0f);
            java.util.Collections.shuffle(training, rnd);
            if (pool.length < n) {
                pool = contrastPool(n, fitting.maxContrast(), rnd);
            }
            batchGradient(vectors, labels, members, training.subList(0, batch), pool, w, tau, shared, grad);
            double lr = fitting.learningRate();
            double c1 = 1 - Math.pow(0.9, step);
            double c2 = 1 - Math.pow(0.999, step);
            for (int i = 0; i < w.length; i++) {
                double identity = (i / d == i % d) ? 1 : 0;
                double g = grad[i] + fitting.ridge() * (w[i] - identity);
                m[i] = (float) (0.9 * m[i] + 0.1 * g);
                v[i] = (float) (0.999 * v[i] + 0.001 * g * g);
                w[i] -= (float) (lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + 1e-8));
            }
        }
        return new QueryAdapter(d, w, "", shared);
    }

    /**
     * The contrasted side of a shared fit for one step: each vector's image {@code W p / |W p|},
     * made when first needed, and the loss's gradient with respect to it, taken back to {@code W}.
     */
    private static final class Sides {
        private final List<float[]> vectors;
        private final float[] w;
        private final int d;
        private final Map<Integer, float[]> units = new HashMap<>();
        private final Map<Integer, Double> norms = new HashMap<>();
        private final Map<Integer, float[]> pulls = new HashMap<>();

        Sides(List<float[]> vectors, float[] w, int d) {
            this.vectors = vectors;
            this.w = w;
            this.d = d;
        }

        float[] unit(int j) {
            float[] u = units.get(j);
            if (u == null) {
                u = new float[d];
                multiply(w, vectors.get(j), u, d);
                double norm = Math.sqrt(dot(u, u));
                for (int k = 0; k < d; k++) {
                    u[k] /= (float) norm;
                }
                units.put(j, u);
                norms.put(j, norm);
            }
            return u;
        }

        /** d loss / d unit(j) += g · (the query's unit image {@code z / |z|}). */
        void pull(int j, float g, float[] z, double zNorm) {
            axpy((float) (g / zNorm), z, pulls.computeIfAbsent(j, k -> new float[d]), d);
        }

        /** Back through {@code u = y / |y|}, {@code y = W p}: grad W += ((dU − u (u·dU)) / |y|) pᵀ. */
        void addGradient(float[] grad) {
            float[] dy = new float[d];
            pulls.forEach((j, du) -> {
                float[] u = units.get(j);
                double norm = norms.get(j);
                double uDu = dot(u, du);
                for (int k = 0; k < d; k++) {
                    dy[k] = (float) ((du[k] - u[k] * uDu) / norm);
                }
                float[] p = vectors.get(j);
                for (int k = 0; k < d; k++) {
                    if (p[k] != 0) {
                        axpy(p[k], dy, grad, k * d, d);
                    }
                }
            });
        }
    }

    /**
     * The loss over every training vector against all the others and its gradient with respect to
     * {@code w} (column by column, without the ridge), added to {@code grad}: what one full-batch step
     * sees. For checking the gradient against finite differences.
     */
    static double lossAndGradient(List<float[]> vectors, int[] labels, float[] w, double tau, boolean shared,
            float[] grad) {
        int n = vectors.size();
        Map<Integer, List<Integer>> members = membersByLabel(labels, n);
        List<Integer> training = withAnotherOfTheirLabel(labels, members);
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        return batchGradient(vectors, labels, members, training, all, w, tau, shared, grad);
    }

    /**
     * Adds the mean gradient of the batch's loss to {@code grad} and returns the mean loss: each query
     * is pushed, by a softmax at temperature {@code tau} over the pool's other answers and its own
     * answer's other phrasings, towards the latter. With {@code shared} the contrasted side is mapped too
     * and the gradient flows through it.
     */
    private static double batchGradient(List<float[]> vectors, int[] labels, Map<Integer, List<Integer>> members,
            List<Integer> queries, int[] pool, float[] w, double tau, boolean shared, float[] grad) {
        int d = vectors.get(0).length;
        int batch = queries.size();
        float[] z = new float[d];
        float[] dU = new float[d];
        double[] s = new double[pool.length];
        double loss = 0;
        // the other side as this step's W sees it: the vectors themselves, or (shared) W p / |W p|
        Sides side = shared ? new Sides(vectors, w, d) : null;
        for (int query : queries) {
            float[] x = vectors.get(query);
            multiply(w, x, z, d);
            double norm = Math.sqrt(dot(z, z));
            List<Integer> positives = members.get(labels[query]);
            // scores over the pool's other answers (negatives) and the query's other phrasings (positives)
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < pool.length; c++) {
                int j = pool[c];
                s[c] = labels[j] == labels[query] ? Double.NEGATIVE_INFINITY
                        : dot(z, side == null ? vectors.get(j) : side.unit(j)) / norm / tau;
                max = Math.max(max, s[c]);
            }
            double[] sp = new double[positives.size()];
            for (int c = 0; c < sp.length; c++) {
                int j = positives.get(c);
                sp[c] = j == query ? Double.NEGATIVE_INFINITY
                        : dot(z, side == null ? vectors.get(j) : side.unit(j)) / norm / tau;
                max = Math.max(max, sp[c]);
            }
            double pos = 0;
            for (int c = 0; c < sp.length; c++) {
                sp[c] = Math.exp(sp[c] - max);
                pos += sp[c];
            }
            double all = pos;
            for (int c = 0; c < pool.length; c++) {
                s[c] = Math.exp(s[c] - max);
                all += s[c];
            }
            loss += (Math.log(all) - Math.log(pos)) / batch;
            // d loss / d cosine = (softmax over all − softmax over positives) / τ, averaged over the batch
            double scale = 1 / tau / batch;
            Arrays.fill(dU, 0f);
            for (int c = 0; c < pool.length; c++) {
                double g = s[c] / all;
                if (g > 1e-7) { // the far phrasings move nothing measurable: skip their products
                    int j = pool[c];
                    axpy((float) (g * scale), side == null ? vectors.get(j) : side.unit(j), dU, d);
                    if (side != null) {
                        side.pull(j, (float) (g * scale), z, norm);
                    }
                }
            }
            for (int c = 0; c < sp.length; c++) {
                if (sp[c] > 0) {
                    int j = positives.get(c);
                    float g = (float) ((sp[c] / all - sp[c] / pos) * scale);
                    axpy(g, side == null ? vectors.get(j) : side.unit(j), dU, d);
                    if (side != null) {
                        side.pull(j, g, z, norm);
                    }
                }
            }
            // back through the normalisation u = z / |z|: (dU − u (u·dU)) / |z|
            double uDotDu = dot(z, dU) / norm;
            for (int k = 0; k < d; k++) {
                dU[k] = (float) ((dU[k] - z[k] / norm * uDotDu) / norm);
            }
            // grad W += dZ xᵀ: column k gets x_k · dZ
            for (int k = 0; k < d; k++) {
                if (x[k] != 0) {
                    axpy(x[k], dU, grad, k * d, d);
                }
            }
        }
        if (side != null) {
            side.addGradient(grad);
        }
        return loss;
    }

    /** The phrasings a step contrasts with: all of them, or a fresh random sample of a large KB's. */
    private static int[] contrastPool(int n, int max, Random rnd) {
        if (n <= max) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        return rnd.ints(0, n).distinct().limit(max).toArray();
    }

    /** {@code out = W x} for {@code W} stored column by column. */
    private static void multiply(float[] columns, float[] x, float[] out, int d) {
        Arrays.fill(out, 0f);
        for (int k = 0; k < d; k++) {
            if (x[k] != 0) {
                axpy(x[k], columns, k * d, out, d);
            }
        }
    }

    /** {@code out[i] += a · x[i]}. */
    private static void axpy(float a, float[] x, float[] out, int d) {
        for (int i = 0; i < d; i++) {
            out[i] += a * x[i];
        }
    }

    /** {@code out[offset + i] += a · x[i]}. */
    private static void axpy(float a, float[] x, float[] out, int offset, int d) {
        for (int i = 0; i < d; i++) {
            out[offset + i] += a * x[i];
        }
    }

    /** {@code out[i] += a · x[offset + i]}. */
    private static void axpy(float a, float[] x, int offset, float[] out, int d) {
        for (int i = 0; i < d; i++) {
            out[i] += a * x[offset + i];
        }
    }

    private static double dot(float[] a, float[] b) {
        // four partial sums: the JIT does not reorder float additions, this lets it pipeline them
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (; i + 3 < a.length; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < a.length; i++) {
            s0 += a[i] * b[i];
        }
        return (double) s0 + s1 + s2 + s3;
    }

    /** Writes the map (binary: magic, model name, dimension, {@code W} column by column). */
    public void write(Path file) {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(shared ? MAGIC_SHARED : MAGIC);
            out.writeUTF(modelName);
            out.writeInt(columns == null ? 0 : dim);
            if (columns != null) {
                for (float f : columns) {
                    out.writeFloat(f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a map {@link #write} wrote; a file of any other shape is refused. */
    public static QueryAdapter read(Path file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            int magic = in.readInt();
            if (magic != MAGIC && magic != MAGIC_SHARED) {
                throw new IOException(file + " is not a query adapter");
            }
            String model = in.readUTF();
            int d = in.readInt();
            if (d == 0) {
                return IDENTITY;
            }
            if (d < 0 || d > 8192) {
                throw new IOException(file + ": bad dimension " + d);
            }
            float[] w = new float[d * d];
            for (int i = 0; i < w.length; i++) {
                w[i] = in.readFloat();
            }
            if (in.read() != -1) {
                throw new IOException(file + ": trailing bytes");
            }
            return new QueryAdapter(d, w, model, magic == MAGIC_SHARED);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
