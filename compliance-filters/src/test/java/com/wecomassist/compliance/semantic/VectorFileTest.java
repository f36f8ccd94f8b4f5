package com.wecomassist.compliance.semantic;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class VectorFileTest {

    @TempDir
    Path dir;

    @Test
    void roundTripAndAFileFromAnotherModelIsIgnored() throws Exception {
        Path file = dir.resolve("v.bin");
        float[] probe = {0.6f, 0.8f};
        Map<String, float[]> vectors = new LinkedHashMap<>();
        vectors.put("亏了我补", new float[]{1, 0});
        vectors.put("理财非存款", new float[]{0, 1});
        VectorFile.write(file, probe, vectors);
        Map<String, float[]> back = VectorFile.read(file, probe);
        assertThat(back).containsOnlyKeys("亏了我补", "理财非存款");
        assertThat(back.get("理财非存款")).containsExactly(0f, 1f);
        assertThat(VectorFile.read(file, new float[]{0.8f, 0.6f})).isEmpty();
        assertThat(VectorFile.read(file, new float[]{0.6f, 0.8f, 0f})).isEmpty();
        Files.writeString(file, "garbage");
        assertThat(VectorFile.read(file, probe)).isEmpty();
        assertThat(VectorFile.read(dir.resolve("missing.bin"), probe)).isEmpty();
    }
}
