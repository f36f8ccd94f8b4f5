package com.wecomassist.kb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KbCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return KbCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void importSearchAndExportADurableKnowledgeBase() throws Exception {
        Path kb = dir.resolve("kb");
        Path file = dir.resolve("in.csv");
        Files.writeString(file, "id,question,variants,answer,status\r\n"
                + "loss,银行卡丢了怎么挂失？,卡不见了|卡被偷了,请立即办理临时挂失。,published\r\n"
                + "limit,手机银行转账限额是多少？,,默认单日20万元。,published\r\n");
        assertThat(run("import", "--dir", kb.toString(), "--file", file.toString(), "--editor", "ops")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("2 created, 0 updated, 0 unchanged");

        assertThat(run("search", "--dir", kb.toString(), "--query", "我的卡被偷了")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines().skip(1).findFirst().orElseThrow()).contains("loss@1");

        Path export = dir.resolve("out.jsonl");
        assertThat(run("export", "--dir", kb.toString(), "--file", export.toString())).isZero();
        assertThat(Files.readAllLines(export)).hasSize(2).allSatisfy(l -> assertThat(l).contains("\"updatedBy\":\"ops\""));
    }

    @Test
    void aBadRowImportsNothingAndNamesTheLine() throws Exception {
        Path kb = dir.resolve("kb");
        Path file = dir.resolve("in.jsonl");
        Files.writeString(file, "{\"id\":\"a\",\"question\":\"q\",\"answer\":\"x\"}\n{\"id\":\"b\",\"answer\":\"y\"}\n");
        assertThat(run("import", "--dir", kb.toString(), "--file", file.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("line 2 (b): missing field 'question'");
        Path export = dir.resolve("out.jsonl");
        assertThat(run("export", "--dir", kb.toString(), "--file", export.toString())).isZero();
        assertThat(Files.readString(export)).isEmpty();
        assertThat(run("frobnicate")).isEqualTo(2);
    }
}
