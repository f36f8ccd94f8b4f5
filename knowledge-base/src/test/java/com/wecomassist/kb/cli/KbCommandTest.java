package com.wecomassist.kb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.kb.KnowledgeBase;
import com.wecomassist.kb.eval.SyntheticEntries;
import com.wecomassist.kb.search.EmbeddingModels;
import com.wecomassist.kb.search.QueryAdapter;
import com.wecomassist.kb.search.SearchSettings;
import com.wecomassist.kb.store.EntryFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
        // under the query adapter's floor search fits the shared map and keeps the mapped index in the directory
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("fitting a shared map on 6 phrasings and answer openings",
                "the index's vectors were mapped");
        assertThat(kb.resolve("shared-map.bin")).isRegularFile();
        try (var indexes = Files.list(kb)) {
            assertThat(indexes.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("index")))
                    .singleElement().asString().matches("index-[0-9a-f]{16}");
        }
        // the same entries fit the same map: nothing is rebuilt
        assertThat(run("search", "--dir", kb.toString(), "--query", "我的卡被偷了")).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("were mapped");
        assertThat(out.toString(StandardCharsets.UTF_8).lines().skip(1).findFirst().orElseThrow()).contains("loss@1");

        Path export = dir.resolve("out.jsonl");
        assertThat(run("export", "--dir", kb.toString(), "--file", export.toString())).isZero();
        assertThat(Files.readAllLines(export)).hasSize(2).allSatisfy(l -> assertThat(l).contains("\"updatedBy\":\"ops\""));
    }

    /** A mistyped --dir used to create an empty knowledge base and answer "confidence 0.000". */
    @Test
    void searchAndExportRefuseADirectoryWithoutAKnowledgeBaseAndCreateNothing() throws Exception {
        Path missing = dir.resolve("data/kbb");
        assertThat(run("search", "--dir", missing.toString(), "--query", "转账限额")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).strip()).isEqualTo("kb: no knowledge base in " + missing + " ("
                + missing + "): the directory does not exist. The gateway keeps its own in data/kb under the "
                + "directory it runs in (assist.kb.dir).");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(missing).doesNotExist();

        Path export = dir.resolve("out.jsonl");
        assertThat(run("export", "--dir", missing.toString(), "--file", export.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("the directory does not exist");
        assertThat(export).doesNotExist();

        Path notAKnowledgeBase = Files.createDirectories(dir.resolve("docs"));
        assertThat(run("search", "--dir", notAKnowledgeBase.toString(), "--query", "转账限额")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("the directory holds no knowledge base (no entries.journal)");
        assertThat(notAKnowledgeBase).isEmptyDirectory();
    }

    /** ./assist kb search on data/kb while ./assist run holds it: said in words, not as a Lucene lock file. */
    @Test
    void aKnowledgeBaseOpenElsewhereIsNamedAsInUse() throws Exception {
        Path kb = dir.resolve("kb");
        try (KnowledgeBase gateway = KnowledgeBase.open(kb, EmbeddingModels.bgeSmallZh(), SearchSettings.defaults(),
                Clock.systemUTC())) {
            assertThat(gateway.entries()).isEmpty();
            assertThat(run("search", "--dir", kb.toString(), "--query", "转账限额")).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8).strip()).isEqualTo("kb: the knowledge base in " + kb
                    + " is open in another process (a running gateway?): stop it first, or search through the gateway "
                    + "(GET /api/kb/search?q=...)");
        }
    }

    @Test
    void importCreatesAKnowledgeBaseInANewOrEmptyDirectoryOnlyAndSaysSo() throws Exception {
        Path file = dir.resolve("in.jsonl");
        Files.writeString(file, "{\"id\":\"a\",\"question\":\"q\",\"answer\":\"x\",\"status\":\"published\"}\n");
        Path kb = dir.resolve("new-kb");
        assertThat(run("import", "--dir", kb.toString(), "--file", file.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("kb: created a new knowledge base in " + kb);
        assertThat(run("import", "--dir", kb.toString(), "--file", file.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("created a new").contains("1 unchanged");

        Path project = Files.createDirectories(dir.resolve("project"));
        Files.writeString(project.resolve("pom.xml"), "<project/>");
        assertThat(run("import", "--dir", project.toString(), "--file", file.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(project + " holds no knowledge base");
        assertThat(project.resolve("entries.journal")).doesNotExist();
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

    /** A KB with curated variants gets a query adapter written to a file, which search then uses. */
    @Test
    void fitAdapterWritesAMapThatSearchUses() throws Exception {
        Path kb = dir.resolve("kb");
        Path file = dir.resolve("synthetic.jsonl");
        // 350 entries with a variant each: 700 phrasings whose answer has another, enough to fit
        EntryFiles.write(file, SyntheticEntries.generate(350, 3));
        assertThat(run("import", "--dir", kb.toString(), "--file", file.toString())).isZero();
        Path adapter = dir.resolve("query-adapter.bin");

        assertThat(run("fit-adapter", "--dir", kb.toString(), "--file", adapter.toString())).isZero();

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("fitted a query adapter on 700 phrasings of 350 served entries");
        QueryAdapter fitted = QueryAdapter.read(adapter);
        assertThat(fitted.isIdentity()).isFalse();
        assertThat(fitted.modelName()).isEqualTo(EmbeddingModels.BGE_SMALL_ZH);
        assertThat(run("search", "--dir", kb.toString(), "--query", "北京理财怎么赎回", "--query-adapter",
                adapter.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines().count()).isGreaterThan(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("fitting");

        // without the option search fits one first, as the gateway does; off skips it
        out.reset();
        assertThat(run("search", "--dir", kb.toString(), "--query", "北京理财怎么赎回")).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("fitting a query adapter on 700 phrasings first");
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("confidence ");
        err.reset();
        assertThat(run("search", "--dir", kb.toString(), "--query", "北京理财怎么赎回", "--query-adapter", "off")).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("fitting");
    }

    @Test
    void fitAdapterWritesNothingWithoutEnoughVariantsAndSearchRefusesAMapOfOtherVectors() throws Exception {
        Path kb = dir.resolve("kb");
        Path file = dir.resolve("in.csv");
        Files.writeString(file, "id,question,variants,answer,status\r\n"
                + "loss,银行卡丢了怎么挂失？,卡不见了|卡被偷了,请立即办理临时挂失。,published\r\n");
        assertThat(run("import", "--dir", kb.toString(), "--file", file.toString())).isZero();
        Path adapter = dir.resolve("query-adapter.bin");

        assertThat(run("fit-adapter", "--dir", kb.toString(), "--file", adapter.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("too few variants to fit a query adapter (1 served entries, 3 phrasings");
        assertThat(adapter).doesNotExist();

        float[][] identity = new float[512][512];
        for (int i = 0; i < identity.length; i++) {
            identity[i][i] = 1;
        }
        QueryAdapter.of(identity, "some-other-model").write(adapter);
        assertThat(run("search", "--dir", kb.toString(), "--query", "卡丢了", "--query-adapter", adapter.toString()))
                .isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("fitted on vectors of 'some-other-model'")
                .contains("refit it");
    }
}
