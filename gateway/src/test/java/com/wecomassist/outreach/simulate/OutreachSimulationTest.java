package com.wecomassist.outreach.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The engine on a simulated bank with planted truths (the target): a realistic margin is found and
 * the intervals cover what the engine should measure (the truths, weighed by the share the message
 * reached); equal truths name no winner.
 */
class OutreachSimulationTest {

    private static final String STRATEGY = """
            {"id": "sim-offer", "name": "模拟：到账邀约", "kind": "OUTREACH",
             "trigger": {"eventTypes": ["large_transfer"], "conditions": [{"attribute": "amount", "op": "GE", "value": 100000}]},
             "message": {"template": "{{称呼}}好，我是您的客户经理{{员工}}。如需了解存款或理财的安排，回复我即可。理财非存款，产品有风险，投资须谨慎。"},
             "arms": [{"name": "control", "control": true}, {"name": "a"}, {"name": "b"}],
             "caps": {"perCustomerPerWeek": 1},
             "conversion": {"eventType": "purchase", "windowDays": 14}}
            """;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> strategy(Map<String, Object> summary) {
        return ((List<Map<String, Object>>) summary.get("strategies")).get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> arm(Map<String, Object> strategy, String name) {
        return ((List<Map<String, Object>>) strategy.get("arms")).stream().filter(a -> a.get("arm").equals(name))
                .findFirst().orElseThrow();
    }

    private static Map<String, Object> run(Map<String, Double> truth, long seed) {
        return OutreachSimulation.run(new OutreachSimulation.Settings(List.of(STRATEGY), 60_000, 20, seed,
                Map.of("sim-offer", truth), 1.0, 0.05, Path.of("target", "unused")));
    }

    @Test
    void aPlantedWinnerIsNamedAndTheIntervalsCoverTheTruth() {
        Map<String, Object> summary = run(Map.of("control", 0.02, "a", 0.02, "b", 0.04), 3);
        Map<String, Object> offer = strategy(summary);
        assertThat(offer.get("winner")).as(offer.toString()).isEqualTo("b");
        Map<String, Object> b = arm(offer, "b");
        assertThat((long) b.get("assigned")).isGreaterThan(5_000);
        // every task is confirmed in this run; customers nobody can reach are assigned but sent nothing
        assertThat((long) b.get("delivered")).isEqualTo((long) b.get("sent")).isLessThan((long) b.get("assigned"));
        double expected = (double) b.get("expectedRate");
        assertThat(expected).isGreaterThan(0.02).isLessThan(0.04);
        double[] ci = (double[]) b.get("ci95");
        assertThat(ci[0]).isLessThan(expected);
        assertThat(ci[1]).isGreaterThan(expected);
        Map<String, Object> control = arm(offer, "control");
        double[] controlCi = (double[]) control.get("ci95");
        assertThat(controlCi[0]).isLessThan(0.02);
        assertThat(controlCi[1]).isGreaterThan(0.02);
        assertThat(control.get("sent")).isEqualTo(0L);
        assertThat(((Number) ((Map<?, ?>) summary.get("run")).get("events")).longValue()).isPositive();
    }

    @Test
    void equalTruthsNameNoWinner() {
        Map<String, Object> offer = strategy(run(Map.of("control", 0.03, "a", 0.03, "b", 0.03), 5));
        assertThat(offer.get("winner")).as(offer.toString()).isNull();
    }
}
