package com.wecomassist.kb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.kb.eval.SyntheticEntries;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark harness runs end to end (its figures come from real runs, not from this test). */
class BenchCommandTest {

    @TempDir
    Path dir;

    @Test
    void smallRunReportsEveryFigure() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = BenchCommand.run(new String[] {"--entries", "40", "--searches", "20", "--threads", "2", "--dir",
            dir.resolve("kb").toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("entries=40 phrasings=80", "entries/s", "p50=",
                "p99=", "queries/s", "heap used after GC");
    }

    @Test
    void syntheticEntriesAreDistinct() {
        var entries = SyntheticEntries.generate(20_000, 1);
        assertThat(entries.stream().map(e -> e.question()).distinct().count()).isEqualTo(20_000);
    }
}
