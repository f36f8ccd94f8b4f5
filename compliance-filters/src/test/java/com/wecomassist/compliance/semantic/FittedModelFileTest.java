package com.wecomassist.compliance.semantic;

import com.wecomassist.compliance.rules.TextKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The fitted models kept beside the vector file: read only when nothing the fit depends on changed. */
class FittedModelFileTest {

    @TempDir
    Path dir;

    private static final List<String> TEXTS = List.of(
            "您就放心买吧，要是亏了差额我自己出钱补给您",
            "您把卡片背后那几位数字念给我听一下，我帮您处理",
            "理财产品不是存款，存在本金亏损的可能，请您谨慎投资。",
            "您好，信用卡的还款日是每月五号，可以设置自动还款。");

    @Test
    void aSecondBuildReadsTheSameModelsAndAChangedExemplarRefits() throws Exception {
        Path vectors = dir.resolve("exemplar-vectors.bin");
        SemanticLayer.Options options = SemanticLayer.Options.defaults().withVectorFile(vectors);
        ExemplarSet exemplars = TestLayers.exemplars();

        SemanticLayer fitted = SemanticLayer.build(exemplars, BgeSmallZh.shared(), options);
        Path file = FittedModelFile.beside(vectors);
        assertThat(fitted.fittedModelsRead()).isFalse();
        assertThat(file).exists().hasFileName("exemplar-vectors.fitted.bin");

        SemanticLayer read = SemanticLayer.build(exemplars, BgeSmallZh.shared(), options);
        assertThat(read.fittedModelsRead()).isTrue();
        assertSameLayer(read, fitted);

        // one more clean exemplar: another key, so the models are fitted again and the file rewritten
        List<Exemplar> more = new ArrayList<>(exemplars.exemplars());
        more.add(new Exemplar("您好，手机银行的转账限额可以在安全中心里自行调整，调整后次日生效。", Label.CLEAN, "service", "", "test"));
        SemanticLayer changed = SemanticLayer.build(new ExemplarSet("test-more", more), BgeSmallZh.shared(), options);
        assertThat(changed.fittedModelsRead()).isFalse();
        assertThat(SemanticLayer.build(new ExemplarSet("test-more", more), BgeSmallZh.shared(), options).fittedModelsRead()).isTrue();

        // a relabelled exemplar (same texts) refits too
        List<Exemplar> relabelled = new ArrayList<>(exemplars.exemplars());
        Exemplar first = relabelled.get(0);
        relabelled.set(0, new Exemplar(first.text(), first.label() == Label.CLEAN ? Label.VIOLATION : Label.CLEAN,
                first.category(), first.basis(), first.source()));
        assertThat(SemanticLayer.build(new ExemplarSet("test-relabelled", relabelled), BgeSmallZh.shared(), options)
                .fittedModelsRead()).isFalse();

        // another setting that shapes the fit refits
        SemanticLayer.Options stricter = options.withCleanPass(0.99);
        assertThat(SemanticLayer.build(exemplars, BgeSmallZh.shared(), stricter).fittedModelsRead()).isFalse();
    }

    @Test
    void aDamagedFileIsIgnoredAndRewritten() throws Exception {
        Path vectors = dir.resolve("v.bin");
        SemanticLayer.Options options = SemanticLayer.Options.defaults().withVectorFile(vectors);
        ExemplarSet exemplars = TestLayers.exemplars();
        SemanticLayer fitted = SemanticLayer.build(exemplars, BgeSmallZh.shared(), options);
        Path file = FittedModelFile.beside(vectors);

        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x5a; // one weight changed: the checksum must notice
        Files.write(file, bytes);
        SemanticLayer afterDamage = SemanticLayer.build(exemplars, BgeSmallZh.shared(), options);
        assertThat(afterDamage.fittedModelsRead()).isFalse();
        assertSameLayer(afterDamage, fitted);
        // rewritten whole
        assertThat(SemanticLayer.build(exemplars, BgeSmallZh.shared(), options).fittedModelsRead()).isTrue();

        Files.write(file, java.util.Arrays.copyOf(bytes, 100)); // truncated
        assertThat(SemanticLayer.build(exemplars, BgeSmallZh.shared(), options).fittedModelsRead()).isFalse();
    }

    @Test
    void withoutAVectorFileNothingIsKept() {
        assertThat(TestLayers.layer().fittedModelsRead()).isFalse();
    }

    @Test
    void aThrowAwayBuildKeepsTheVectorsButNotItsModels() {
        // cross-validation folds: they must not overwrite the file the layer in force reads
        Path vectors = dir.resolve("fold-vectors.bin");
        SemanticLayer.Options options = SemanticLayer.Options.defaults().withVectorFile(vectors).withFittedModelsKept(false);
        SemanticLayer fold = SemanticLayer.build(TestLayers.exemplars(), BgeSmallZh.shared(), options);
        assertThat(fold.fittedModelsRead()).isFalse();
        assertThat(vectors).exists();
        assertThat(FittedModelFile.beside(vectors)).doesNotExist();
    }

    private static void assertSameLayer(SemanticLayer a, SemanticLayer b) {
        assertThat(a.threshold()).isEqualTo(b.threshold());
        assertThat(a.gate()).isEqualTo(b.gate());
        // the figures, not the times (two fits take different times)
        assertThat(a.crossValidated()).usingRecursiveComparison().ignoringFields("embedMillis", "fitMillis")
                .isEqualTo(b.crossValidated());
        assertThat(a.model().neighbours).containsExactly(b.model().neighbours);
        assertThat(a.model().fast.weights()).containsExactly(b.model().fast.weights());
        assertThat(a.model().fast.bias()).isEqualTo(b.model().fast.bias());
        assertThat(a.model().joint.weights()).containsExactly(b.model().joint.weights());
        assertThat(a.model().joint.bias()).isEqualTo(b.model().joint.bias());
        for (String text : TEXTS) {
            for (TextKind kind : List.of(TextKind.AI_DRAFT, TextKind.AGENT_REPLY)) {
                SemanticFinding x = a.assess(text, kind), y = b.assess(text, kind);
                assertThat(x.flagged()).as(text).isEqualTo(y.flagged());
                assertThat(x.score()).as(text).isEqualTo(y.score());
                assertThat(x.category()).as(text).isEqualTo(y.category());
            }
        }
    }
}
