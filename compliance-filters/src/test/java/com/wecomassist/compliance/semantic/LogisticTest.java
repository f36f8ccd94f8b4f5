package com.wecomassist.compliance.semantic;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The logistic models are fitted to their objective's minimum, whatever order the examples come in. */
class LogisticTest {

    /** Examples from character grams of short made-up sentences: violations mention 亏/补, clean ones 风险/谨慎. */
    private static List<Logistic.Example> examples() {
        List<Logistic.Example> out = new ArrayList<>();
        String[] bad = {"亏了我补给您", "亏多少我补多少", "亏损算我的", "本金亏了我来补", "放心亏不了", "亏了找我补"};
        String[] good = {"理财有风险投资须谨慎", "产品有风险请谨慎", "可能亏损请谨慎选择", "基金有风险", "存在本金损失的风险", "请谨慎投资"};
        for (String s : bad) {
            CharGrams.Features f = CharGrams.of(s);
            out.add(new Logistic.Example(f.index(), f.value(), true, 1.0));
        }
        for (String s : good) {
            CharGrams.Features f = CharGrams.of(s);
            out.add(new Logistic.Example(f.index(), f.value(), false, 1.0));
        }
        return out;
    }

    @Test
    void theSameExamplesInAnotherOrderGiveTheSameModelBitForBit() {
        List<Logistic.Example> ex = examples();
        Logistic a = Logistic.train(ex, CharGrams.DIMENSIONS, 1e-3);
        for (long seed = 1; seed <= 5; seed++) {
            List<Logistic.Example> shuffled = new ArrayList<>(ex);
            Collections.shuffle(shuffled, new Random(seed));
            Logistic b = Logistic.train(shuffled, CharGrams.DIMENSIONS, 1e-3);
            for (String probe : List.of("亏了我补", "请谨慎投资", "您好")) {
                CharGrams.Features f = CharGrams.of(probe);
                assertThat(b.score(f.index(), f.value())).as(probe).isEqualTo(a.score(f.index(), f.value()));
            }
        }
    }

    @Test
    void convergesAndSeparatesTheClasses() {
        Logistic m = Logistic.train(examples(), CharGrams.DIMENSIONS, 1e-3);
        assertThat(m.converged).isTrue();
        CharGrams.Features bad = CharGrams.of("亏了我补给您"), good = CharGrams.of("理财有风险投资须谨慎");
        assertThat(m.score(bad.index(), bad.value())).isGreaterThan(0.5);
        assertThat(m.score(good.index(), good.value())).isLessThan(0.5);
    }

    @Test
    void strongerRegularisationGivesLessExtremeScores() {
        CharGrams.Features bad = CharGrams.of("亏了我补给您");
        double weak = Logistic.train(examples(), CharGrams.DIMENSIONS, 1e-4).score(bad.index(), bad.value());
        double strong = Logistic.train(examples(), CharGrams.DIMENSIONS, 1e-1).score(bad.index(), bad.value());
        assertThat(strong).isLessThan(weak);
    }
}
