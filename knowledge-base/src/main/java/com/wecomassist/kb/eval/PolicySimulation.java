package com.wecomassist.kb.eval;

import com.wecomassist.kb.policy.AnswerPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Simulates the answer policy ({@link AnswerPolicy}: auto-send, 猜你想问 menu or an agent) over
 * labelled questions, and chooses its thresholds from precision targets.
 *
 * <p>Thresholds are chosen by targets a bank can state, not by hand: the auto-send threshold is the
 * lowest confidence at which the answers sent are right at least {@code autoPrecision} of the time;
 * the menu threshold is the lowest menu confidence at which the menus offered (to the questions not
 * auto-sent) hold the right answer at least {@code menuSuccess} of the time. Chosen and measured on
 * the same questions, both would flatter the policy, so {@link #crossFitted} chooses them on the
 * other folds and applies them to each held-out fold.
 */
public final class PolicySimulation {

    /** A menu threshold no menu confidence reaches (menus off): what is chosen when no target can be met. */
    public static final double MENUS_OFF = 1.01;

    private PolicySimulation() {
    }

    /**
     * The split of the questions under one policy.
     *
     * @param autoShare      share of questions whose top answer is sent without a person
     * @param autoPrecision  share of those that were right (1 when none was sent)
     * @param menuShare      share of questions offered a menu
     * @param menuSuccess    share of the menus offered that held the right answer (1 when none was offered)
     * @param humanShare     share of questions that go to an agent at once
     * @param selfServeShare share of all questions answered rightly without a person: auto-sent and right,
     *                       plus menus holding the right answer (assuming the customer picks it)
     * @param autoSendAt     the auto-send threshold used
     * @param menuAt         the menu threshold used (above 1: menus off)
     * @param menuItems      how many candidates a menu offers
     * @param chosen         how the thresholds were obtained, for the report
     * @param menuCalibration reliability of the menu confidence: mean menu confidence against the share of
     *                       questions whose right answer is among the first {@code menuItems}, per bin
     */
    public record Split(int questions, double autoShare, double autoPrecision, double menuShare, double menuSuccess,
            double humanShare, double selfServeShare, double autoSendAt, double menuAt, int menuItems, String chosen,
            List<EvalSummary.CalibrationBin> menuCalibration) {
    }

    /** Applies the policy to every outcome with the given confidences (parallel to the outcomes). */
    public static Split simulate(AnswerPolicy policy, List<QueryOutcome> outcomes, double[] confidence,
            double[] menuConfidence, String chosen) {
        Counts c = new Counts();
        for (int i = 0; i < outcomes.size(); i++) {
            c.add(policy, outcomes.get(i), confidence[i], menuConfidence[i]);
        }
        return c.split(policy, chosen, menuReliability(outcomes, menuConfidence, policy.menuItems()));
    }

    /**
     * The lowest auto-send threshold at which the answers sent are right at least {@code precision} of
     * the time, both as counted on the labels and as the calibrated confidences of the answers sent
     * predict (their mean); 1 when no threshold reaches it.
     *
     * <p>Why both: the lowest threshold whose counted precision just reaches the target is picked where
     * the running count happens to be high — near the target the precision curve is flat over a wide
     * range of thresholds, and its noise decides how low the choice goes — so on questions it was not
     * chosen on the precision fell short (UnionPay dev, held-out folds: 0.965 with variants and 0.962
     * standard for a 0.97 target; module README). The mean confidence is the model's own estimate of
     * that precision, smooth in the threshold and not fitted on the labels being counted; requiring it
     * too stops the choice from following a lucky run of right answers.
     */
    public static double autoSendAt(List<QueryOutcome> outcomes, double[] confidence, double precision) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            all.add(i);
        }
        return Math.max(lowestMeeting(all, confidence, i -> outcomes.get(i).correct() ? 1 : 0, precision, 1.0),
                lowestMeeting(all, confidence, i -> confidence[i], precision, 1.0));
    }

    /**
     * The lowest menu threshold at which the menus offered hold the right answer at least
     * {@code success} of the time, counted and (for menus of {@link AnswerPolicy#MENU_ITEMS}, what the menu
     * confidence is about) as their mean menu confidence predicts (as {@link #autoSendAt}), given the
     * auto-send threshold (auto-sent questions get no menu, nor do questions with fewer than two
     * candidates); {@link #MENUS_OFF} when none reaches it.
     */
    public static double menuAt(List<QueryOutcome> outcomes, double[] confidence, double[] menuConfidence,
            double autoSendAt, int menuItems, double success) {
        List<Integer> eligible = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            if (confidence[i] < autoSendAt && outcomes.get(i).candidates() >= 2) {
                eligible.add(i);
            }
        }
        double counted = lowestMeeting(eligible, menuConfidence, i -> outcomes.get(i).within(menuItems) ? 1 : 0,
                success, MENUS_OFF);
        // the menu confidence predicts the success of menus of AnswerPolicy.MENU_ITEMS, not of other sizes
        return menuItems != AnswerPolicy.MENU_ITEMS ? counted
                : Math.max(counted, lowestMeeting(eligible, menuConfidence, i -> menuConfidence[i], success, MENUS_OFF));
    }

    /**
     * Chooses both thresholds on the other folds and applies them to each held-out fold; the split
     * pools the held-out decisions. The thresholds reported are those chosen on all the questions
     * (what a bank would deploy); each fold's own choice is what was measured.
     */
    public static Split crossFitted(List<QueryOutcome> outcomes, double[] confidence, double[] menuConfidence,
            int menuItems, double autoPrecision, double menuSuccess, int folds) {
        int[] foldOf = Evaluation.assignFolds(outcomes.size(), folds);
        Counts c = new Counts();
        for (int f = 0; f < folds; f++) {
            List<QueryOutcome> train = new ArrayList<>();
            List<Integer> trainIdx = new ArrayList<>();
            for (int i = 0; i < outcomes.size(); i++) {
                if (foldOf[i] != f) {
                    train.add(outcomes.get(i));
                    trainIdx.add(i);
                }
            }
            double[] conf = pick(confidence, trainIdx);
            double[] menu = pick(menuConfidence, trainIdx);
            double auto = autoSendAt(train, conf, autoPrecision);
            AnswerPolicy p = new AnswerPolicy(auto, menuAt(train, conf, menu, auto, menuItems, menuSuccess), menuItems);
            for (int i = 0; i < outcomes.size(); i++) {
                if (foldOf[i] == f) {
                    c.add(p, outcomes.get(i), confidence[i], menuConfidence[i]);
                }
            }
        }
        double auto = autoSendAt(outcomes, confidence, autoPrecision);
        AnswerPolicy all = new AnswerPolicy(auto, menuAt(outcomes, confidence, menuConfidence, auto, menuItems,
                menuSuccess), menuItems);
        return c.split(all, String.format(java.util.Locale.ROOT,
                "auto precision >= %.2f, menu success >= %.2f; chosen on %d-1 folds, measured on the held-out one",
                autoPrecision, menuSuccess, folds), menuReliability(outcomes, menuConfidence, menuItems));
    }

    private static List<EvalSummary.CalibrationBin> menuReliability(List<QueryOutcome> outcomes, double[] menuConfidence,
            int menuItems) {
        boolean[] within = new boolean[outcomes.size()];
        for (int i = 0; i < within.length; i++) {
            within[i] = outcomes.get(i).within(menuItems);
        }
        return EvalSummary.reliability(menuConfidence, within);
    }

    private static double[] pick(double[] values, List<Integer> idx) {
        double[] out = new double[idx.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[idx.get(i)];
        }
        return out;
    }

    /**
     * Over the given indices (into {@code score}) sorted by score (highest first), the lowest score whose prefix (every
     * index scoring at least that) has a mean {@code value} (1 for a positive, 0 for a negative; or a
     * predicted probability) of at least {@code target}; ties are taken together, since a threshold
     * cannot split them.
     */
    private static double lowestMeeting(List<Integer> idx, double[] score, java.util.function.IntToDoubleFunction value,
            double target, double none) {
        Integer[] order = idx.toArray(new Integer[0]);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -score[i]));
        double best = none;
        int taken = 0;
        double right = 0;
        for (int k = 0; k < order.length; k++) {
            taken++;
            right += value.applyAsDouble(order[k]);
            double s = score[order[k]];
            boolean lastOfTie = k + 1 == order.length || score[order[k + 1]] != s;
            // the tolerance keeps a mean of probabilities exactly at the target (0.99 and 0.95 for 0.97) meeting it
            if (lastOfTie && right >= target * taken - 1e-9) {
                best = s;
            }
        }
        return best;
    }

    /** Decisions tallied while a policy is applied. */
    private static final class Counts {

        int n;
        int auto;
        int autoRight;
        int menu;
        int menuRight;
        int human;

        void add(AnswerPolicy policy, QueryOutcome o, double confidence, double menuConfidence) {
            n++;
            switch (policy.choose(confidence, menuConfidence, o.candidates())) {
                case AUTO -> {
                    auto++;
                    autoRight += o.correct() ? 1 : 0;
                }
                case MENU -> {
                    menu++;
                    menuRight += o.within(policy.menuItems()) ? 1 : 0;
                }
                case AGENT -> human++;
            }
        }

        Split split(AnswerPolicy policy, String chosen, List<EvalSummary.CalibrationBin> menuCalibration) {
            return new Split(n, share(auto), auto == 0 ? 1 : (double) autoRight / auto, share(menu),
                    menu == 0 ? 1 : (double) menuRight / menu, share(human), share(autoRight + menuRight),
                    policy.autoSendAt(), policy.menuAt(), policy.menuItems(), chosen, menuCalibration);
        }

        private double share(int k) {
            return n == 0 ? 0 : (double) k / n;
        }
    }
}
