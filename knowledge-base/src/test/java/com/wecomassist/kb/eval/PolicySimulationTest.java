package com.wecomassist.kb.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.wecomassist.kb.policy.AnswerPolicy;
import com.wecomassist.kb.search.ConfidenceModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PolicySimulationTest {

    /** An outcome whose expected answer is at {@code rank} (0: absent) among {@code candidates} answers. */
    private static QueryOutcome outcome(int rank, int candidates) {
        List<String> answers = new ArrayList<>();
        for (int i = 1; i <= candidates; i++) {
            answers.add(i == rank ? "x" : "other" + i);
        }
        return new QueryOutcome(new EvalQuery("q", "e", "x"), answers, "e", "", rank, 0, 0, ConfidenceModel.Features.NONE,
                1_000_000, 0);
    }

    @Test
    void everyQuestionIsSentMenuedOrHandedOverOnce() {
        List<QueryOutcome> o = List.of(
                outcome(1, 5),   // auto, right
                outcome(2, 5),   // auto, wrong
                outcome(3, 5),   // menu holding it
                outcome(4, 5),   // menu without it (fourth is not offered)
                outcome(1, 1),   // one candidate: no menu of one, an agent
                outcome(0, 5),   // too unsure for a menu: an agent
                outcome(2, 5),   // menu holding it
                outcome(1, 5));  // menu holding it (not sure enough to send)
        double[] conf = {0.97, 0.95, 0.50, 0.60, 0.80, 0.10, 0.30, 0.70};
        double[] menu = {0.99, 0.99, 0.90, 0.80, 0.95, 0.40, 0.75, 0.90};
        PolicySimulation.Split s = PolicySimulation.simulate(new AnswerPolicy(0.9, 0.7, 3), o, conf, menu, "given");

        assertThat(s.questions()).isEqualTo(8);
        assertThat(s.autoShare()).isEqualTo(2 / 8.0);
        assertThat(s.autoPrecision()).isEqualTo(0.5);
        assertThat(s.menuShare()).isEqualTo(4 / 8.0);
        assertThat(s.menuSuccess()).isEqualTo(3 / 4.0);
        assertThat(s.humanShare()).isEqualTo(2 / 8.0);
        assertThat(s.selfServeShare()).isEqualTo((1 + 3) / 8.0);
        assertThat(s.autoShare() + s.menuShare() + s.humanShare()).isEqualTo(1.0);
        assertThat(s.autoSendAt()).isEqualTo(0.9);
        assertThat(s.menuAt()).isEqualTo(0.7);

        // a menu of two items no longer holds the third answer
        PolicySimulation.Split two = PolicySimulation.simulate(new AnswerPolicy(0.9, 0.7, 2), o, conf, menu, "given");
        assertThat(two.menuSuccess()).isEqualTo(2 / 4.0);
        // menus off: everything not auto-sent goes to a person
        PolicySimulation.Split off = PolicySimulation.simulate(new AnswerPolicy(0.9, PolicySimulation.MENUS_OFF, 3), o,
                conf, menu, "given");
        assertThat(off.menuShare()).isZero();
        assertThat(off.humanShare()).isEqualTo(6 / 8.0);
    }

    @Test
    void theAutoSendThresholdIsTheLowestThatKeepsThePrecision() {
        // by confidence: right, right, wrong, right, right, wrong, wrong
        List<QueryOutcome> o = List.of(outcome(1, 3), outcome(1, 3), outcome(2, 3), outcome(1, 3), outcome(1, 3),
                outcome(0, 3), outcome(3, 3));
        double[] conf = {0.99, 0.95, 0.90, 0.85, 0.80, 0.70, 0.60};
        // prefixes: 1/1, 2/2, 2/3, 3/4, 4/5, 4/6, 4/7
        assertThat(PolicySimulation.autoSendAt(o, conf, 0.75)).isEqualTo(0.80);
        assertThat(PolicySimulation.autoSendAt(o, conf, 0.97)).isEqualTo(0.95);
        assertThat(PolicySimulation.autoSendAt(o, conf, 0.5)).isEqualTo(0.60);

        // ties cannot be split: a wrong answer at the same confidence as a right one goes with it
        double[] tied = {0.99, 0.90, 0.90, 0.85, 0.80, 0.70, 0.60};
        assertThat(PolicySimulation.autoSendAt(o, tied, 0.97)).isEqualTo(0.99);
        // a wrong answer on top: no threshold reaches the target, nothing is auto-sent
        double[] wrongFirst = {0.60, 0.95, 0.99, 0.85, 0.80, 0.70, 0.65};
        assertThat(PolicySimulation.autoSendAt(o, wrongFirst, 0.97)).isEqualTo(1.0);
    }

    @Test
    void aLuckyRunOfRightAnswersDoesNotLowerTheThresholdBelowWhatTheConfidencesPredict() {
        // ten right answers at 0.99, then forty at 0.90 of which (by luck) all but one are right: counted, the
        // precision stays at 49/50 = 0.98 down to 0.90; the confidences say 0.918 for that set
        List<QueryOutcome> o = new ArrayList<>();
        double[] conf = new double[50];
        for (int i = 0; i < 50; i++) {
            conf[i] = i < 10 ? 0.99 : 0.90;
            o.add(outcome(i == 49 ? 2 : 1, 3));
        }
        assertThat(PolicySimulation.autoSendAt(o, conf, 0.97)).isEqualTo(0.99);
        // a target both meet: the lowest threshold is taken
        assertThat(PolicySimulation.autoSendAt(o, conf, 0.9)).isEqualTo(0.90);
        // the same for menus: counted 1.0 everywhere, predicted 0.918 below 0.99
        double[] low = new double[50];
        java.util.Arrays.fill(low, 0.1);
        assertThat(PolicySimulation.menuAt(o, low, conf, 0.5, 3, 0.95)).isEqualTo(0.99);
        // the menu confidence is about menus of three: for menus of five only the count decides
        assertThat(PolicySimulation.menuAt(o, low, conf, 0.5, 5, 0.95)).isEqualTo(0.90);
    }

    @Test
    void onHeldOutQuestionsTheChosenThresholdKeepsThePrecisionTargetOnAverage() {
        // Calibrated confidences bunched near the top as real ones are (most questions above 0.9): the
        // threshold for 0.97 is chosen where the precision curve is flat, so the lowest threshold whose
        // counted precision reaches the target follows the labels' noise and falls short on held-out folds.
        double sum = 0;
        int draws = 30;
        for (int seed = 0; seed < draws; seed++) {
            Random r = new Random(seed);
            int n = 2_000;
            List<QueryOutcome> o = new ArrayList<>();
            double[] conf = new double[n];
            double[] menu = new double[n];
            for (int i = 0; i < n; i++) {
                conf[i] = 1 - 0.2 * Math.pow(r.nextDouble(), 0.7);
                menu[i] = conf[i];
                o.add(outcome(r.nextDouble() < conf[i] ? 1 : 0, 5));
            }
            sum += PolicySimulation.crossFitted(o, conf, menu, 3, 0.97, 0.80, 5).autoPrecision();
        }
        assertThat(sum / draws).isGreaterThanOrEqualTo(0.969);
    }

    @Test
    void theMenuThresholdLooksOnlyAtQuestionsThatAreNotAutoSent() {
        List<QueryOutcome> o = List.of(
                outcome(5, 6),   // auto-sent (conf 0.95): not a menu question although the menu would fail
                outcome(2, 6),
                outcome(3, 6),
                outcome(1, 1),   // a single candidate: never a menu
                outcome(0, 6),
                outcome(2, 6));
        double[] conf = {0.95, 0.4, 0.3, 0.2, 0.3, 0.1};
        // menu confidences high enough that their mean never stops a choice here (that rule has its own test)
        double[] menu = {0.99, 0.99, 0.98, 0.99, 0.97, 0.96};
        // eligible by menu confidence: 0.99 ✓, 0.98 ✓, 0.97 ✗, 0.96 ✓ → prefixes 1/1, 2/2, 2/3, 3/4
        assertThat(PolicySimulation.menuAt(o, conf, menu, 0.9, 3, 0.95)).isEqualTo(0.98);
        assertThat(PolicySimulation.menuAt(o, conf, menu, 0.9, 3, 0.75)).isEqualTo(0.96);
        // two items do not hold the third answer: 1/1, 1/2, 1/3, 2/4
        assertThat(PolicySimulation.menuAt(o, conf, menu, 0.9, 2, 0.9)).isEqualTo(0.99);
        // with nothing auto-sent, the failing first question leads and no menu reaches 90%
        assertThat(PolicySimulation.menuAt(o, conf, menu, 1.0, 3, 0.9)).isEqualTo(PolicySimulation.MENUS_OFF);
    }

    @Test
    void crossFittedChoiceKeepsTheTargetsOnHeldOutQuestions() {
        // Calibrated synthetic outcomes: confidence uniform, right with that probability; otherwise the
        // answer is second with a probability that makes the menu confidence calibrated too.
        Random r = new Random(17);
        List<QueryOutcome> o = new ArrayList<>();
        int n = 20_000;
        double[] conf = new double[n];
        double[] menu = new double[n];
        for (int i = 0; i < n; i++) {
            conf[i] = r.nextDouble();
            menu[i] = Math.min(1, conf[i] + 0.3);
            double u = r.nextDouble();
            o.add(outcome(u < conf[i] ? 1 : u < menu[i] ? 2 : 0, 5));
        }
        PolicySimulation.Split s = PolicySimulation.crossFitted(o, conf, menu, 3, 0.9, 0.85, 5);
        // precision of {conf ≥ t} is (1 + t) / 2 for uniform calibrated confidence: 0.9 at t = 0.8
        assertThat(s.autoSendAt()).isCloseTo(0.8, within(0.03));
        assertThat(s.autoPrecision()).isCloseTo(0.9, within(0.015));
        assertThat(s.autoShare()).isCloseTo(0.2, within(0.03));
        // menus go to questions with conf < 0.8 and menu conf ≥ m, right with min(1, conf + 0.3): the mean
        // success over m - 0.3 ≤ conf < 0.8 is 0.85 at m ≈ 0.62 (solving (1 - m²)/2 + 0.1 = 0.85 (1.1 - m))
        assertThat(s.menuSuccess()).isCloseTo(0.85, within(0.015));
        assertThat(s.menuAt()).isCloseTo(0.62, within(0.04));
        assertThat(s.autoShare() + s.menuShare() + s.humanShare()).isCloseTo(1.0, within(1e-9));
        assertThat(s.selfServeShare()).isCloseTo(s.autoShare() * s.autoPrecision() + s.menuShare() * s.menuSuccess(),
                within(1e-9));
        assertThat(s.chosen()).contains("held-out");
    }
}
