package com.wecomassist.outreach;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.abtest.AbTest;
import com.wecomassist.outreach.memory.InMemoryOutreachLedger;
import com.wecomassist.strategy.Strategy;
import com.wecomassist.strategy.StrategyDesk;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The results read back from the ledger, on planted truths. */
class OutreachResultsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Strategy STRATEGY = StrategyDesk.parse("""
            {"id": "renewal", "name": "到期续作", "kind": "OUTREACH",
             "trigger": {"eventTypes": ["wealth_maturity"]},
             "message": {"template": "{{称呼}}好，您的产品即将到期。"},
             "arms": [{"name": "control", "control": true}, {"name": "a"}, {"name": "b"}],
             "conversion": {"eventType": "purchase", "windowDays": 14}}
            """);

    @Test
    void theArmsFiguresAndTheVerdictComeFromTheLedger() {
        InMemoryOutreachLedger ledger = new InMemoryOutreachLedger();
        OutreachResults results = new OutreachResults(ledger, AbTest.Rules.DEFAULT);
        String test = OutreachPlanner.testId(STRATEGY);
        Random random = new Random(11);
        Instant now = Instant.parse("2026-12-07T04:00:00Z");
        for (int i = 0; i < 30_000; i++) {
            String customer = "wm" + i;
            String arm = OutreachPlanner.arm(STRATEGY, test, customer).name();
            ledger.assign(test, customer, arm, now).block(WAIT);
            double truth = switch (arm) {
                case "a" -> 0.02;
                case "b" -> 0.03;
                default -> 0.01;
            };
            if (!arm.equals("control")) {
                ledger.mark(test, customer, Outcome.SENT, now).block(WAIT);
            }
            if (random.nextDouble() < truth) {
                ledger.mark(test, customer, Outcome.CONVERTED, now).block(WAIT);
            }
        }
        OutreachResults.Results read = results.of(STRATEGY).block(WAIT);
        assertThat(read.state()).isEqualTo(AbTest.State.WINNER);
        assertThat(read.winner()).isEqualTo("b");
        OutreachResults.ArmFigures b = read.arms().stream().filter(a -> a.arm().equals("b")).findFirst().orElseThrow();
        assertThat(b.ci95()[0]).isLessThan(0.03);
        assertThat(b.ci95()[1]).isGreaterThan(0.03);
        assertThat(b.liftCi95()[0]).isLessThan(0.02).isGreaterThan(0);
        assertThat(b.counts().get(Outcome.SENT)).isEqualTo(b.counts().get(Outcome.ASSIGNED));
        OutreachResults.ArmFigures control = read.arms().get(0);
        assertThat(control.control()).isTrue();
        assertThat(control.liftVsControl()).isNull();
        assertThat(control.counts()).doesNotContainKey(Outcome.SENT);
    }

    @Test
    void aTestNobodyIsInYetHasNotEnoughData() {
        OutreachResults results = new OutreachResults(new InMemoryOutreachLedger(), AbTest.Rules.DEFAULT);
        OutreachResults.Results read = results.of(STRATEGY).block(WAIT);
        assertThat(read.state()).isEqualTo(AbTest.State.NOT_ENOUGH_DATA);
        assertThat(read.arms()).hasSize(3).allSatisfy(a -> assertThat(a.conversionRate()).isZero());
    }
}
