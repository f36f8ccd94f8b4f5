package com.wecomassist.compliance.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CheckCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return CheckCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void writesVerdictAndHitsAndPassesOtherFieldsThrough() throws IOException {
        Path in = dir.resolve("texts.jsonl");
        Path outFile = dir.resolve("verdicts.jsonl");
        Files.writeString(in, """
                {"id": 1, "text": "这款理财保本保息", "channel": "kf"}

                {"id": 2, "text": "您好，请问有什么可以帮您？"}
                {"id": 3, "text": "推荐您这款理财产品，年化3%"}
                """);
        assertThat(run("--in", in.toString(), "--out", outFile.toString())).isZero();
        List<String> lines = Files.readAllLines(outFile);
        assertThat(lines).hasSize(3);
        JsonMapper json = JsonMapper.builder().build();
        JsonNode first = json.readTree(lines.get(0));
        assertThat(first.get("id").asInt()).isEqualTo(1);
        assertThat(first.get("channel").asString()).isEqualTo("kf");
        assertThat(first.get("verdict").asString()).isEqualTo("BLOCK");
        JsonNode hit = first.get("hits").get(0);
        assertThat(hit.get("rule").asString()).isEqualTo("return-promise.guarantee");
        assertThat(hit.get("start").asInt()).isEqualTo(4);
        assertThat(hit.get("matched").asString()).isEqualTo("保本保息");
        assertThat(hit.get("legalBasis").asString()).contains("广告法");
        assertThat(first.get("packs").get(0).asString()).startsWith("bank-default@");
        assertThat(json.readTree(lines.get(1)).get("verdict").asString()).isEqualTo("PASS");
        assertThat(json.readTree(lines.get(1)).get("hits").size()).isZero();
        JsonNode third = json.readTree(lines.get(2));
        assertThat(third.get("verdict").asString()).isEqualTo("APPEND_NOTICE");
        assertThat(third.get("checkedText").asString()).endsWith("投资须谨慎。");
        assertThat(stderr()).contains("3 texts checked").contains("BLOCK 1").contains("flagged 2 (66.67%)");
    }

    @Test
    void kindAndTextFieldOptions() throws IOException {
        Path in = dir.resolve("q.jsonl");
        Files.writeString(in, "{\"query\": \"我的手机13812345678\"}\n");
        assertThat(run("--in", in.toString(), "--kind", "customer-message", "--text-field", "query")).isZero();
        JsonNode line = JsonMapper.builder().build().readTree(out.toString(StandardCharsets.UTF_8).strip());
        assertThat(line.get("verdict").asString()).isEqualTo("REWRITE");
        assertThat(line.get("checkedText").asString()).isEqualTo("我的手机*******5678");
    }

    @Test
    void invalidJsonNamesTheLine() throws IOException {
        Path in = dir.resolve("bad.jsonl");
        Files.writeString(in, "{\"text\": \"ok\"}\n{\"text\": oops}\n");
        assertThat(run("--in", in.toString())).isEqualTo(1);
        assertThat(stderr()).contains("bad.jsonl:2: not valid JSON");
    }

    @Test
    void missingTextNamesTheLine() throws IOException {
        Path in = dir.resolve("bad.jsonl");
        Files.writeString(in, "{\"text\": \"ok\"}\n{\"body\": \"x\"}\n");
        assertThat(run("--in", in.toString())).isEqualTo(1);
        assertThat(stderr()).contains("bad.jsonl:2: missing string field 'text'");
        Files.writeString(in, "[1, 2]\n");
        assertThat(run("--in", in.toString())).isEqualTo(1);
        assertThat(stderr()).contains("bad.jsonl:1: expected a JSON object");
    }

    @Test
    void missingFileAndBadOptions() {
        assertThat(run("--in", dir.resolve("nope.jsonl").toString())).isEqualTo(1);
        assertThat(stderr()).contains("no such file");
        assertThat(run("--in")).isEqualTo(2);
        assertThat(run("--frobnicate")).isEqualTo(2);
        assertThat(run("--in", "x", "--kind", "robot")).isEqualTo(2);
        assertThat(stderr()).contains("unknown --kind 'robot'");
        assertThat(run()).isEqualTo(2);
        assertThat(stderr()).contains("--in is required");
    }

    @Test
    void evalMaskingPrintsRecallPerKindAndTheMisses() throws IOException {
        Path set = dir.resolve("masking.jsonl");
        Files.writeString(set, """
                {"id":"p1","text":"我叫王小明，手机13812345678","pii":[{"kind":"PERSON_NAME","start":2,"end":5},{"kind":"MOBILE","start":8,"end":19}]}
                {"id":"p2","text":"昨天石磊陪我去网点","pii":[{"kind":"PERSON_NAME","start":2,"end":4}]}
                {"id":"c1","text":"招商银行金葵花客户有什么权益","pii":[]}
                """, StandardCharsets.UTF_8);
        assertThat(run("--eval-masking", set.toString())).isZero();
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("| PERSON_NAME | 2 | 1 | 0.500 | 0 |", "| MOBILE | 1 | 1 | 1.000 | 0 |",
                "clean texts with a mask: 0 of 1", "missed p2 PERSON_NAME 石磊");
        assertThat(run("--eval-masking", dir.resolve("nope.jsonl").toString())).isEqualTo(2);
        Files.writeString(set, "{\"id\":\"x\",\"text\":\"abc\",\"pii\":[{\"kind\":\"NAME\",\"start\":0,\"end\":1}]}\n");
        assertThat(run("--eval-masking", set.toString())).isEqualTo(1);
        assertThat(stderr()).contains("masking.jsonl:1: unknown kind");
    }

    @Test
    void helpPrintsUsage() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("usage: ./assist check --in texts.jsonl");
    }

    @Test
    void listRulesPrintsTheCatalogue() {
        assertThat(run("--list-rules")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("# bank-default@").contains("credentials.request")
                .contains("legal basis: ");
    }

    @Test
    void customPackDirectoryAndInvalidPack() throws IOException {
        Path packs = Files.createDirectory(dir.resolve("packs"));
        Files.writeString(packs.resolve("mine.yaml"), com.wecomassist.compliance.rules.RulePackReaderTest.VALID);
        Path in = dir.resolve("t.jsonl");
        Files.writeString(in, "{\"text\": \"保本\"}\n");
        assertThat(run("--in", in.toString(), "--pack", packs.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"verdict\":\"BLOCK\"").contains("test-pack@1.0");
        Files.writeString(packs.resolve("mine.yaml"), com.wecomassist.compliance.rules.RulePackReaderTest.VALID.replace("BLOCK", "BLOK"));
        assertThat(run("--in", in.toString(), "--pack", packs.toString())).isEqualTo(2);
        assertThat(stderr()).contains("mine.yaml:12:").contains("BLOK");
    }
    private Path resource(String name) throws IOException {
        Path p = dir.resolve(name.substring(name.lastIndexOf('/') + 1));
        try (var in = getClass().getResourceAsStream(name)) {
            Files.copy(in, p);
        }
        return p;
    }

    @Test
    void evalPrintsRecallPerCategoryCleanPassAndConfusionAndWritesJson() throws IOException {
        Path set = resource("/semantic/test-labelled.jsonl");
        Path report = dir.resolve("report.json");
        assertThat(run("--eval", set.toString(), "--no-semantic", "--out", report.toString())).isZero();
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("41 rows (23 violations, 18 clean); rules only").contains("recall ").contains("clean pass ")
                .contains("return-promise").contains("credentials-request").contains("confusion (rows: expected action")
                .contains("caught violations decided by: RULES");
        JsonNode j = JsonMapper.builder().build().readTree(Files.readString(report));
        assertThat(j.get("violations").asInt()).isEqualTo(23);
        assertThat(j.get("clean").asInt()).isEqualTo(18);
        assertThat(j.get("perCategory").get("pressure").get("violations").asInt()).isEqualTo(4);
        assertThat(j.get("confusion").get("BLOCK")).isNotNull();
        double recall = j.get("recall").asDouble();
        assertThat(printed).contains(String.format(java.util.Locale.ROOT, "recall %.3f", recall));
    }

    @Test
    void evalWithTheSemanticLayerSaysWhichLayerDecidedAndWarnsAboutItsOwnExemplars() throws IOException {
        Path set = resource("/semantic/test-labelled.jsonl");
        Path exemplars = resource("/semantic/test-exemplars.jsonl");
        Path pack = dir.resolve("layers-test.yaml");
        Files.writeString(pack, com.wecomassist.compliance.TestPacks.LAYERS);
        assertThat(run("--eval", set.toString(), "--exemplars", exemplars.toString(), "--vector-cache", "none",
                "--pack", pack.toString())).isZero();
        assertThat(stderr()).contains("41 of the 41 rows are exemplars of the semantic layer").contains("cross-validated");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("rules + semantic (exemplars test-exemplars.jsonl)")
                .containsPattern("decided by:.* SEMANTIC \\d+");
    }

    @Test
    void crossValidatedEvalBuildsEachFoldFromTheOtherFolds() throws IOException {
        Path set = resource("/semantic/test-labelled.jsonl");
        Path service = dir.resolve("service.jsonl");
        Files.writeString(service, "{\"text\":\"您好，请问有什么可以帮您？\",\"label\":\"clean\",\"category\":\"service\"}\n");
        Path report = dir.resolve("cv.json");
        assertThat(run("--eval", set.toString(), "--cross-validate", "--exemplars", service.toString(), "--out", report.toString(),
                "--vector-cache", dir.resolve("vectors.bin").toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("5-fold cross-validation");
        assertThat(stderr()).doesNotContain("are exemplars of the semantic layer");
        JsonNode j = JsonMapper.builder().build().readTree(Files.readString(report));
        assertThat(j.get("violations").asInt() + j.get("clean").asInt()).isEqualTo(41);
        assertThat(Files.size(dir.resolve("vectors.bin"))).isGreaterThan(0);
    }

    @Test
    void checkedLinesSayWhichLayerDecidedAndNameTheNearestExemplars() throws IOException {
        Path exemplars = resource("/semantic/test-exemplars.jsonl");
        // With the shipped ordinary service sentences, as the default exemplars have them.
        try (var w = Files.newBufferedWriter(exemplars, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND)) {
            new com.wecomassist.compliance.semantic.ExemplarSet("s", com.wecomassist.compliance.semantic.ExemplarSet.ordinaryService()).writeJsonl(w);
        }
        Path in = dir.resolve("t.jsonl");
        Files.writeString(in, """
                {"text": "您就放心买吧，要是亏了差额我自己出钱补给您"}
                {"text": "您好，请问有什么可以帮您？"}
                """);
        // A small pack of our own, so the text below stays one the rules miss whatever the bank pack learns.
        Path pack = dir.resolve("layers-test.yaml");
        Files.writeString(pack, com.wecomassist.compliance.TestPacks.LAYERS);
        assertThat(run("--in", in.toString(), "--exemplars", exemplars.toString(), "--vector-cache", "none",
                "--pack", pack.toString())).isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        JsonMapper json = JsonMapper.builder().build();
        JsonNode flagged = json.readTree(lines.get(0));
        assertThat(flagged.get("verdict").asString()).isEqualTo("REVIEW");
        assertThat(flagged.get("decidedBy").asString()).isEqualTo("SEMANTIC");
        assertThat(flagged.get("hits").get(0).get("rule").asString()).isEqualTo("semantic.return-promise");
        assertThat(flagged.get("nearest").size()).isGreaterThan(0);
        assertThat(flagged.get("nearest").get(0).get("similarity").asDouble()).isBetween(0.0, 1.0);
        JsonNode clean = json.readTree(lines.get(1));
        assertThat(clean.get("decidedBy").asString()).isEqualTo("NONE");
        assertThat(clean.has("nearest")).isFalse();
        assertThat(stderr()).contains("(rules + semantic)").contains("decided by SEMANTIC 1 NONE 1");
    }

    @Test
    void evalOptionErrors() throws IOException {
        assertThat(run("--cross-validate", "--in", "x")).isEqualTo(2);
        assertThat(stderr()).contains("--cross-validate goes with --eval");
        assertThat(run("--eval", "tune", "--in", "x")).isEqualTo(2);
        assertThat(run("--eval", "tune", "--method", "magic")).isEqualTo(2);
        assertThat(stderr()).contains("unknown --method 'magic'");
        assertThat(run("--eval", "tune", "--clean-pass", "2")).isEqualTo(2);
        // a mistyped set is a bad option (2), named, before anything loads
        assertThat(run("--eval", dir.resolve("none.jsonl").toString(), "--no-semantic")).isEqualTo(2);
        assertThat(stderr()).contains("--eval " + dir.resolve("none.jsonl") + ": no such file or directory");
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"text\":\"x\",\"label\":\"violation\",\"expected\":\"PASS\",\"category\":\"c\",\"kind\":\"ai-draft\"}\n");
        assertThat(run("--eval", bad.toString(), "--no-semantic")).isEqualTo(1);
        assertThat(stderr()).contains("bad.jsonl:1: a violation cannot expect PASS");
    }
}
