package com.wecomassist.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wecomassist.audit.AuditEvent;
import com.wecomassist.compliance.ComplianceChecker;
import com.wecomassist.comply.ComplianceReview;
import com.wecomassist.error.Refused;
import com.wecomassist.strategy.memory.InMemoryStrategyStore;
import com.wecomassist.testing.RecordingAuditTrail;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Every step of a strategy on the audit trail, refusals included, on the bank's own rule pack. */
class StrategyDeskTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    final ComplianceChecker bank = ComplianceChecker.bankDefault();
    final ComplianceReview compliance = (text, kind) -> Mono.fromSupplier(() -> bank.check(text, kind));
    final RecordingAuditTrail audit = new RecordingAuditTrail();
    final StrategyStore store = new InMemoryStrategyStore();
    final StrategyDesk desk = new StrategyDesk(store, compliance, audit,
            Clock.fixed(Instant.parse("2026-12-07T01:00:00Z"), ZoneOffset.UTC));

    private static String sample(String file) {
        return StrategyController.readSamples().stream().filter(s -> s.file().equals(file)).findFirst().orElseThrow()
                .spec();
    }

    @Test
    void theTrailHoldsTheDraftTheRefusalThePublicationAndTheStop() {
        desk.draft("wealth-maturity-renewal", sample("wealth-maturity-renewal.json"), "olga").block(WAIT);
        assertThatThrownBy(() -> desk.publish("wealth-maturity-renewal", 1, "olga").block(WAIT))
                .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.reason()).isEqualTo("SAME_PERSON"));
        desk.publish("wealth-maturity-renewal", 1, "otto").block(WAIT);
        desk.stop("wealth-maturity-renewal", "otto").block(WAIT);
        assertThatThrownBy(() -> desk.stop("wealth-maturity-renewal", "otto").block(WAIT))
                .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.reason()).isEqualTo("NOT_IN_FORCE"));

        assertThat(audit.recorded).allSatisfy(e -> {
            assertThat(e.type()).isEqualTo(AuditEvent.Type.STRATEGY_CHANGED);
            assertThat(e.subject()).isEqualTo("wealth-maturity-renewal");
        });
        assertThat(audit.recorded).extracting(e -> e.details().get("action") + ":" + e.details().get("result")
                        + "@" + e.actor())
                .containsExactly("drafted:PASS@olga", "publish-refused:SAME_PERSON@olga", "published:PASS@otto",
                        "stopped:STOPPED@otto");
    }

    @Test
    void everyShippedSamplesWordsPassTheBanksRulePack() {
        for (StrategyDesk.Sample sample : StrategyController.readSamples()) {
            String id = StrategyDesk.parse(sample.spec()).id();
            StrategyDesk.Drafted drafted = desk.draft(id, sample.spec(), "olga").block(WAIT);
            assertThat(drafted.checks().values()).as(sample.file()).allSatisfy(check ->
                    assertThat(check.action()).as(sample.file() + " " + check.rules()).isEqualTo("PASS"));
        }
    }
}
