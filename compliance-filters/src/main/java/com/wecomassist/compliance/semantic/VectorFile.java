package com.wecomassist.compliance.semantic;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exemplar sentence vectors kept on disk between runs: embedding the ~1,900 shipped exemplar
 * sentences takes 10–30 s of CPU, reading them back milliseconds. The file starts with the vector
 * of a fixed probe sentence; if the model in use embeds the probe differently (another model, a
 * changed tokenizer), the file is ignored and rewritten. A file that cannot be read is ignored
 * too: it is a cache, never the source of truth.
 */
final class VectorFile {

    /**
     * Embedded at every build and compared with the file's first vector. Longer than any sensible
     * {@link SentenceVectors#MAX_CHARS}, so a file written under another cap is detected too.
     */
    static final String PROBE = "理财非存款，产品有风险，投资须谨慎。过往业绩不代表未来表现，请您根据自身的风险承受能力审慎选择适合的产品，并仔细阅读产品说明书和风险揭示书。";
    private static final int MAGIC = 0x53454d31; // "SEM1"

    private VectorFile() {
    }

    /** Folded sentence → unit vector, or an empty map when the file is missing, unreadable or from another model. */
    static Map<String, float[]> read(Path file, float[] probe) {
        Map<String, float[]> out = new LinkedHashMap<>();
        if (file == null || !Files.isRegularFile(file)) return out;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC) return out;
            int dim = in.readInt();
            if (dim != probe.length) return out;
            float[] stored = readVector(in, dim);
            for (int i = 0; i < dim; i++) {
                if (Math.abs(stored[i] - probe[i]) > 1e-4) return out;
            }
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                String s = in.readUTF();
                out.put(s, readVector(in, dim));
            }
            return out;
        } catch (IOException | RuntimeException e) {
            return new LinkedHashMap<>();
        }
    }

    /** Writes atomically (a temporary file moved into place), so a reader never sees half a file. */
    static void write(Path file, float[] probe, Map<String, float[]> vectors) {
        if (file == null) return;
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                out.writeInt(MAGIC);
                out.writeInt(probe.length);
                writeVector(out, probe);
                out.writeInt(vectors.size());
                for (Map.Entry<String, float[]> e : vectors.entrySet()) {
                    out.writeUTF(e.getKey());
                    writeVector(out, e.getValue());
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // A cache that cannot be written only costs the next build its time.
        }
    }

    private static float[] readVector(DataInputStream in, int dim) throws IOException {
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) v[i] = in.readFloat();
        return v;
    }

    private static void writeVector(DataOutputStream out, float[] v) throws IOException {
        for (float x : v) out.writeFloat(x);
    }
}
