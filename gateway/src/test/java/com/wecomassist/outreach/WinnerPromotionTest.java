package com.wecomassist.outreach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wecomassist.abtest.AbTest;
import com.wecomassist.compliance.ComplianceChecker;
import com.wecomassist.comply.ComplianceReview;
import com.wecomassist.error.Refused;
import com.wecomassist.outreach.memory.InMemoryOutreachLedger;
import com.wecomassist.strategy.Strategy;
import com.wecomassist.strategy.StrategyDesk;
import com.wecomassist.strategy.StrategyStore;
import com.wecomassist.strategy.memory.InMemoryStrategyStore;
import com.wecomassist.testing.RecordingAuditTrail;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** A winner promoted into a draft: the control group kept as a holdout, the winner's words to the rest. */
class WinnerPromotionTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String ID = "large-transfer-wealth";
    private static final Instant NOW = Instant.parse("2026-12-07T04:00:00Z");

    final ComplianceChecker bank = ComplianceChecker.bankDefault();
    final ComplianceReview compliance = (text, kind) -> Mono.fromSupplier(() -> bank.check(text, kind));
    final StrategyStore store = new InMemoryStrategyStore();
    final StrategyDesk desk = new StrategyDesk(store, compliance, new RecordingAuditTrail(),
            Clock.fixed(NOW, ZoneOffset.UTC));
    final InMemoryOutreachLedger ledger = new InMemoryOutreachLedger();
    final WinnerPromotion promotion = new WinnerPromotion(store, new OutreachResults(ledger, AbTest.Rules.DEFAULT), desk);

    static String sample() throws IOException {
        try (InputStream in = WinnerPromotionTest.class.getResourceAsStream("/strategies/" + ID + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** {@code n} customers in the arm, the first {@code converted} of them converted. */
    private void seed(String testId, String arm, int n, int converted) {
        for (int i = 0; i < n; i++) {
            String customer = "wm-" + arm + "-" + i;
            ledger.assign(testId, customer, arm, NOW).block(WAIT);
            if (i < converted) {
                ledger.mark(testId, customer, Outcome.CONVERTED, NOW).block(WAIT);
            }
        }
    }

    @Test
    void theWinnerIsDraftedWithTheControlGroupAsAHoldoutForAColleagueToPublish() throws IOException {
        desk.draft(ID, sample(), "olga").block(WAIT);
        desk.publish(ID, 1, "otto").block(WAIT);
        assertThatThrownBy(() -> promotion.promote(ID, "olga").block(WAIT))
                .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.reason()).isEqualTo("NO_WINNER"));

        String testId = OutreachPlanner.testId(StrategyDesk.parse(sample()));
        seed(testId, "control", 300, 15);
        seed(testId, "plain", 300, 15);
        seed(testId, "planning", 300, 60);
        StrategyDesk.Drafted drafted = promotion.promote(ID, "olga").block(WAIT);

        assertThat(drafted.draft().version()).isEqualTo(2);
        assertThat(drafted.draft().author()).isEqualTo("olga");
        Strategy promoted = StrategyDesk.parse(drafted.draft().spec());
        Strategy before = StrategyDesk.parse(sample());
        assertThat(promoted.arms()).extracting(Strategy.Arm::name, Strategy.Arm::share, Strategy.Arm::isControl)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("control", 1.0, true),
                        org.assertj.core.groups.Tuple.tuple("planning", 9.0, false));
        assertThat(promoted.arms().get(1).message()).isEqualTo(before.arms().get(2).message());
        // everything else as published
        assertThat(promoted.trigger()).isEqualTo(before.trigger());
        assertThat(promoted.conversion()).isEqualTo(before.conversion());
        assertThat(promoted.quietHours()).isEqualTo(before.quietHours());
        assertThat(promoted.name()).isEqualTo(before.name());
        assertThat(drafted.checks()).containsOnlyKeys("arms[1].message");
        assertThat(drafted.checks().get("arms[1].message").action()).isEqualTo("PASS");
        // a draft like any other: its author cannot publish it, a colleague can; a new test begins
        assertThatThrownBy(() -> desk.publish(ID, 2, "olga").block(WAIT))
                .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.reason()).isEqualTo("SAME_PERSON"));
        desk.publish(ID, 2, "otto").block(WAIT);
        assertThat(OutreachPlanner.testId(promoted)).isNotEqualTo(testId);
        assertThatThrownBy(() -> promotion.promote(ID, "olga").block(WAIT))
                .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.reason()).isEqualTo("NO_WINNER"));
    }

    @Test
    void aStrategyNeverPublishedHasNothingToPromote() {
        assertThatThrownBy(() -> promotion.promote("never", "olga").block(WAIT))
                .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.reason()).isEqualTo("NOT_PUBLISHED"));
    }
}
