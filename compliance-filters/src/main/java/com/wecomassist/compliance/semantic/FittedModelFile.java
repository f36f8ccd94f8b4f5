package com.wecomassist.compliance.semantic;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The fitted part of a semantic layer (the three logistic models, the kNN's neighbour sentences,
 * the gate, the threshold and the cross-validated figures) kept on disk beside the exemplar vector
 * file, so a start with nothing changed reads it in milliseconds instead of fitting 10–45 s.
 *
 * <p>A cache, never the source of truth. The file is used only when its key equals the key of the
 * build asking for it, and the key is a SHA-256 of everything the fit depends on:
 * <ul>
 *   <li>every exemplar in order (text, label, category) and every sentence the corpus made of it:
 *       its folded text, its character-gram features and the exact bits of its vector — so a changed
 *       exemplar, another embedding model, another sentence splitter, fold or gram hashing all
 *       change the key without anyone remembering to bump a version;</li>
 *   <li>the build options that shape the fit (method, clean pass, embedding budget) and the
 *       training constants (L2 strengths, the embedding's weight, gram order and buckets, K, the
 *       veto, the gate's loss, the folds, L-BFGS tolerance and iteration limit);</li>
 *   <li>the bytes of the classes that fit and featurise ({@link #FITTING_CLASSES}): a change to the
 *       training code refits.</li>
 * </ul>
 * The file also ends with a SHA-256 of its body, so a truncated or damaged file is detected. A file
 * that is missing, damaged or for another key is ignored (with a log line saying which) and the
 * layer is fitted and the file rewritten.
 */
final class FittedModelFile {

    private static final System.Logger LOG = System.getLogger(FittedModelFile.class.getName());
    private static final int MAGIC = 0x53454d46; // "SEMF"
    /** Bumped when the file layout changes (the key covers what the fit depends on). */
    private static final int FORMAT = 1;

    /** Classes whose code decides the fitted numbers; their bytes are part of the key. */
    static final Class<?>[] FITTING_CLASSES = {Logistic.class, Model.class, CrossValidation.class, SemanticLayer.class,
            CharGrams.class, Sentences.class, Corpus.class, SentenceVectors.class};

    /** What a fit produced: enough to make the layer again without fitting. */
    record Fitted(Model model, double threshold, double gate, SemanticLayer.CrossValidated crossValidated) {
    }

    private FittedModelFile() {
    }

    /** Where the fitted models are kept for a vector file: beside it ({@code exemplar-vectors.bin} → {@code exemplar-vectors.fitted.bin}). */
    static Path beside(Path vectorFile) {
        String name = vectorFile.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return vectorFile.resolveSibling(stem + ".fitted.bin");
    }

    /** The key of a build: hex SHA-256 of everything the fit depends on (see the class comment). */
    static byte[] key(Corpus c, SemanticLayer.Options options) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(FORMAT);
            out.writeUTF(options.method().name());
            out.writeDouble(options.cleanPass());
            out.writeInt(options.embedBudget());
            for (double constant : new double[]{Model.fastL2, Model.denseL2, Model.jointDenseScale, Model.jointL2, Model.K,
                    CharGrams.maxOrder, CharGrams.DIMENSIONS, SemanticLayer.VETO_BELOW, SemanticLayer.GATE_LOSS,
                    CrossValidation.FOLDS, Logistic.TOLERANCE, Logistic.MAX_ITERATIONS, Sentences.MIN_CJK,
                    SentenceVectors.MAX_CHARS}) {
                out.writeDouble(constant);
            }
            for (Class<?> k : FITTING_CLASSES) {
                out.writeUTF(k.getName());
                out.write(classBytes(k));
            }
            out.writeInt(c.exemplars.size());
            for (Exemplar e : c.exemplars) {
                writeLong(out, e.text());
                out.writeUTF(e.label().name());
                out.writeUTF(e.category());
            }
            out.writeInt(c.size());
            for (int s = 0; s < c.size(); s++) {
                out.writeInt(c.owner[s]);
                writeLong(out, c.folded[s]);
                int[] idx = c.grams[s].index();
                float[] val = c.grams[s].value();
                out.writeInt(idx.length);
                for (int i = 0; i < idx.length; i++) {
                    out.writeInt(idx[i]);
                    out.writeInt(Float.floatToRawIntBits(val[i]));
                }
                out.writeInt(c.vectors[s].length);
                for (float x : c.vectors[s]) out.writeInt(Float.floatToRawIntBits(x));
                // hash as we go: the corpus is a few megabytes
                if (bytes.size() > (1 << 16)) {
                    out.flush();
                    d.update(bytes.toByteArray());
                    bytes.reset();
                }
            }
            out.flush();
            d.update(bytes.toByteArray());
            return d.digest();
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot compute the semantic layer's fit key", e);
        }
    }

    /** The fitted models of {@code file} when it holds the fit for {@code key}; null otherwise (logged). */
    static Fitted read(Path file, byte[] key, Corpus c) {
        if (!Files.isRegularFile(file)) {
            LOG.log(System.Logger.Level.INFO, "Semantic layer: no fitted models at {0} yet: fitting", file);
            return null;
        }
        try {
            byte[] all = Files.readAllBytes(file);
            if (all.length < 32 + 8) throw new IOException("too short (" + all.length + " bytes)");
            byte[] body = Arrays.copyOf(all, all.length - 32);
            byte[] check = Arrays.copyOfRange(all, all.length - 32, all.length);
            if (!MessageDigest.isEqual(sha256(body), check)) throw new IOException("its checksum does not match its content");
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(body));
            if (in.readInt() != MAGIC || in.readInt() != FORMAT) throw new IOException("not a fitted-model file of this format");
            byte[] stored = in.readNBytes(32);
            if (!MessageDigest.isEqual(stored, key)) {
                LOG.log(System.Logger.Level.INFO, "Semantic layer: fitted models at {0} are for other exemplars, vectors, "
                        + "settings or code (key {1}, this build {2}): ignored, fitting", file, hex(stored), hex(key));
                return null;
            }
            double threshold = in.readDouble();
            double gate = in.readDouble();
            SemanticLayer.CrossValidated cv = new SemanticLayer.CrossValidated(SemanticLayer.Method.valueOf(in.readUTF()),
                    in.readDouble(), in.readDouble(), in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readDouble(),
                    in.readInt(), in.readLong(), in.readLong());
            int[] neighbours = new int[in.readInt()];
            for (int i = 0; i < neighbours.length; i++) {
                neighbours[i] = in.readInt();
                if (neighbours[i] < 0 || neighbours[i] >= c.size()) throw new IOException("a neighbour outside the corpus");
            }
            Logistic fast = readLogistic(in);
            Logistic dense = readLogistic(in);
            Logistic joint = readLogistic(in);
            if (fast == null || in.available() != 0) throw new IOException("unexpected layout");
            return new Fitted(Model.restored(c, fast, dense, joint, neighbours), threshold, gate, cv);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Semantic layer: fitted models at {0} unreadable ({1}): ignored, fitting",
                    file, e.toString());
            return null;
        }
    }

    /** Writes atomically (a temporary file moved into place); a cache that cannot be written only costs the next start its fit. */
    static void write(Path file, byte[] key, Fitted f) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 20);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            out.write(key);
            out.writeDouble(f.threshold());
            out.writeDouble(f.gate());
            SemanticLayer.CrossValidated cv = f.crossValidated();
            out.writeUTF(cv.method().name());
            out.writeDouble(cv.threshold());
            out.writeDouble(cv.gate());
            out.writeInt(cv.violations());
            out.writeInt(cv.caught());
            out.writeInt(cv.clean());
            out.writeInt(cv.passed());
            out.writeDouble(cv.embedShare());
            out.writeInt(cv.sentences());
            out.writeLong(cv.embedMillis());
            out.writeLong(cv.fitMillis());
            int[] neighbours = f.model().neighbours;
            out.writeInt(neighbours.length);
            for (int s : neighbours) out.writeInt(s);
            writeLogistic(out, f.model().fast);
            writeLogistic(out, f.model().dense);
            writeLogistic(out, f.model().joint);
            out.flush();
            byte[] body = bytes.toByteArray();
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try {
                try (var o = Files.newOutputStream(tmp)) {
                    o.write(body);
                    o.write(sha256(body));
                }
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            LOG.log(System.Logger.Level.INFO, "Semantic layer: fitted models written to {0} ({1} bytes, key {2})",
                    file, body.length + 32, hex(key));
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Semantic layer: cannot write fitted models to {0} ({1}): the next start fits again",
                    file, e.toString());
        }
    }

    /** Weights are written sparsely: the gram models use a few ten thousand of their 2^18 buckets. */
    private static void writeLogistic(DataOutputStream out, Logistic l) throws IOException {
        if (l == null) {
            out.writeBoolean(false);
            return;
        }
        out.writeBoolean(true);
        float[] w = l.weights();
        out.writeInt(w.length);
        out.writeFloat(l.bias());
        out.writeInt(l.iterations);
        out.writeBoolean(l.converged);
        int nonZero = 0;
        for (float x : w) if (x != 0) nonZero++;
        out.writeInt(nonZero);
        for (int i = 0; i < w.length; i++) {
            if (w[i] == 0) continue;
            out.writeInt(i);
            out.writeFloat(w[i]);
        }
    }

    private static Logistic readLogistic(DataInputStream in) throws IOException {
        if (!in.readBoolean()) return null;
        int length = in.readInt();
        if (length <= 0 || length > CharGrams.DIMENSIONS + 4096) throw new IOException("a model of " + length + " weights");
        float[] w = new float[length];
        float bias = in.readFloat();
        int iterations = in.readInt();
        boolean converged = in.readBoolean();
        int nonZero = in.readInt();
        for (int k = 0; k < nonZero; k++) {
            int i = in.readInt();
            if (i < 0 || i >= length) throw new IOException("a weight outside the model");
            w[i] = in.readFloat();
        }
        return Logistic.restored(w, bias, iterations, converged);
    }

    private static byte[] classBytes(Class<?> k) throws IOException {
        try (InputStream in = k.getResourceAsStream(k.getSimpleName() + ".class")) {
            // Without the bytes (an unusual class loader) the fit is keyed by its inputs and constants only.
            return in == null ? new byte[0] : in.readAllBytes();
        }
    }

    /** writeUTF stops at 65,535 bytes; exemplar texts are short, but a key must not fail on a long one. */
    private static void writeLong(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] key) {
        return HexFormat.of().formatHex(key, 0, 8);
    }
}
