package com.wecomassist.kb.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.kb.search.ConfidenceModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CalibrationTest {

    /** Outcomes whose true probability of being right is known: sigmoid(6·cosine − 3). */
    private static List<QueryOutcome> synthetic(int n, long seed) {
        Random r = new Random(seed);
        List<QueryOutcome> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double cos = r.nextDouble();
            double p = 1 / (1 + Math.exp(-(6 * cos - 3)));
            boolean right = r.nextDouble() < p;
            var f = new ConfidenceModel.Features(cos, 0, cos, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
            out.add(new QueryOutcome(new EvalQuery("q" + i, "e", "a"), List.of(right ? "a" : "b"), "e", "",
                    right ? 1 : 0, 0, 0, f, 1_000_000, 0));
        }
        return out;
    }

    @Test
    void fittedConfidenceIsCalibrated() {
        List<QueryOutcome> outcomes = synthetic(20000, 7);
        double[] conf = Calibration.crossFitted(outcomes, 5);
        EvalSummary s = EvalSummary.of("synthetic", outcomes, conf);
        for (EvalSummary.CalibrationBin b : s.calibration()) {
            if (b.count() > 1000) {
                assertThat(b.accuracy()).as("bin %.1f", b.from()).isCloseTo(b.meanConfidence(), org.assertj.core.data.Offset.offset(0.06));
            }
        }
        ConfidenceModel m = Calibration.fit(outcomes);
        var high = new ConfidenceModel.Features(0.95, 0, 0.95, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(m.probability(high)).isCloseTo(1 / (1 + Math.exp(-(6 * 0.95 - 3))), org.assertj.core.data.Offset.offset(0.05));
    }

    @Test
    void perCategoryOffsetsLearnWhatTheFeaturesMiss() {
        // The same evidence is right half as often in a category of near-twin entries.
        Random r = new Random(3);
        List<QueryOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 20000; i++) {
            double cos = r.nextDouble();
            String category = i % 2 == 0 ? "twins" : "plain";
            double p = 1 / (1 + Math.exp(-(6 * cos - 3))) * (category.equals("twins") ? 0.5 : 1);
            boolean right = r.nextDouble() < p;
            var f = new ConfidenceModel.Features(cos, 0, cos, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
            outcomes.add(new QueryOutcome(new EvalQuery("q" + i, "e", "a"), List.of(right ? "a" : "b"), "e", category,
                    right ? 1 : 0, 0, 0, f, 1_000_000, 0));
        }
        ConfidenceModel m = Calibration.fit(outcomes, QueryOutcome::correct, true);
        assertThat(m.offset("twins")).isLessThan(-0.3);
        assertThat(m.offset("plain")).isGreaterThan(0.3);
        assertThat(m.offset("never seen")).isZero();
        var f = new ConfidenceModel.Features(0.9, 0, 0.9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        double truth = 1 / (1 + Math.exp(-(6 * 0.9 - 3)));
        assertThat(m.probability(f, "plain")).isCloseTo(truth, org.assertj.core.data.Offset.offset(0.05));
        assertThat(m.probability(f, "twins")).isCloseTo(truth / 2, org.assertj.core.data.Offset.offset(0.08));
        // without the stage both categories get the same, wrong for each
        ConfidenceModel flat = Calibration.fit(outcomes, QueryOutcome::correct, false);
        assertThat(flat.categoryOffsets()).isEmpty();
        assertThat(flat.probability(f, "twins")).isEqualTo(flat.probability(f, "plain"));
    }

    @Test
    void theMenuModelPredictsTheRightAnswerAmongTheFirstThree() {
        // right first with sigmoid(6·cos − 3); otherwise second or third half of the time
        Random r = new Random(5);
        List<QueryOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 20000; i++) {
            double cos = r.nextDouble();
            double p = 1 / (1 + Math.exp(-(6 * cos - 3)));
            double u = r.nextDouble();
            int rank = u < p ? 1 : u < p + (1 - p) / 2 ? 2 + i % 2 : 0;
            var f = new ConfidenceModel.Features(cos, 0, cos, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
            outcomes.add(new QueryOutcome(new EvalQuery("q" + i, "e", "a"), List.of("x", "y", "z"), "e", "", rank, 0, 0,
                    f, 1_000_000, 0));
        }
        ConfidenceModel menu = Calibration.fitMenu(outcomes, false);
        var f = new ConfidenceModel.Features(0.5, 0, 0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(menu.probability(f)).isCloseTo(0.75, org.assertj.core.data.Offset.offset(0.05));
        double[] conf = Calibration.crossFitted(outcomes, 5);
        double[] menuConf = Calibration.crossFittedMenu(outcomes, 5, conf, false);
        for (int i = 0; i < conf.length; i++) {
            assertThat(menuConf[i]).isGreaterThanOrEqualTo(conf[i]);
        }
    }

    @Test
    void summaryCountsRanksAndTheAutoSendCurve() {
        List<QueryOutcome> outcomes = List.of(
                new QueryOutcome(new EvalQuery("a", "e", "x"), List.of("x"), "e", "", 1, 0.95, 0.95, ConfidenceModel.Features.NONE, 1_000_000, 0),
                new QueryOutcome(new EvalQuery("b", "e", "x"), List.of("y", "x"), "f", "", 2, 0.92, 0.92, ConfidenceModel.Features.NONE, 3_000_000, 0),
                new QueryOutcome(new EvalQuery("c", "e", "x"), List.of("y"), "f", "", 0, 0.40, 0.40, ConfidenceModel.Features.NONE, 2_000_000, 0),
                new QueryOutcome(new EvalQuery("d", "e", "x"), List.of("x"), "e", "", 1, 0.60, 0.60, ConfidenceModel.Features.NONE, 9_000_000, 0));
        EvalSummary s = EvalSummary.of("t", outcomes);
        assertThat(s.accuracyAt1()).isEqualTo(0.5);
        assertThat(s.hitAt3()).isEqualTo(0.75);
        assertThat(s.mrr()).isEqualTo((1 + 0.5 + 0 + 1) / 4);
        assertThat(s.latencyMsP50()).isEqualTo(2.0);
        assertThat(s.latencyMsP99()).isEqualTo(9.0);
        assertThat(s.at(0.9).coverage()).isEqualTo(0.5);
        assertThat(s.at(0.9).precision()).isEqualTo(0.5);
        assertThat(s.at(0.5).coverage()).isEqualTo(0.75);
        assertThat(s.at(0.99).precision()).isEqualTo(1.0);
    }

    @Test
    void foldsAreBalancedAndStable() {
        int[] a = Evaluation.assignFolds(103, 5);
        int[] b = Evaluation.assignFolds(103, 5);
        assertThat(a).isEqualTo(b);
        int[] counts = new int[5];
        for (int f : a) {
            counts[f]++;
        }
        assertThat(counts).containsOnly(20, 21);
    }
}
