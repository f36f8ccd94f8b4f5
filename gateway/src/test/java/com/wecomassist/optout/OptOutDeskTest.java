package com.wecomassist.optout;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.audit.AuditEvent;
import com.wecomassist.events.BankEvent;
import com.wecomassist.optout.memory.InMemoryOptOuts;
import com.wecomassist.testing.RecordingAuditTrail;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every change of the suppression list is on the audit trail, and only a change. */
class OptOutDeskTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Instant NOW = Instant.parse("2026-12-07T04:00:00Z");

    final RecordingAuditTrail audit = new RecordingAuditTrail();
    final OptOuts optOuts = new InMemoryOptOuts();
    final OptOutDesk desk = new OptOutDesk(optOuts, audit, Clock.fixed(NOW, ZoneOffset.UTC));
    final OptOutProperties settings = new OptOutProperties(List.of("退订"), "opt_out", "opt_in");

    @Test
    void aCustomersMessageAndTheBanksEventsAreRecordedWithTheirSourceAndTime() {
        OptOutOnMessages messages = new OptOutOnMessages(desk, new OptOutPhrases(settings.phrases()));
        messages.customerWrote("wm1", NOW.minusSeconds(5), "你好").block(WAIT);
        messages.customerWrote("wm1", NOW.minusSeconds(4), null).block(WAIT);
        assertThat(audit.recorded).isEmpty();
        messages.customerWrote("wm1", NOW.minusSeconds(3), "退订！").block(WAIT);
        messages.customerWrote("wm1", NOW.minusSeconds(2), "退订").block(WAIT);
        assertThat(audit.recorded).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(AuditEvent.Type.OPT_OUT_CHANGED);
            assertThat(e.subject()).isEqualTo("customer:wm1");
            assertThat(e.actor()).isEqualTo("customer");
            assertThat(e.details()).isEqualTo(Map.of("action", "opted-out", "source", "CUSTOMER_MESSAGE",
                    "reason", "wrote 退订", "askedAt", NOW.minusSeconds(3).toString()));
        });

        OptOutOnEvents events = new OptOutOnEvents(desk, settings);
        events.onAccepted(event("e1", "wm1", "opt_in", NOW.minusSeconds(1))).block(WAIT);
        events.onAccepted(event("e2", "wm1", "purchase", NOW)).block(WAIT);
        assertThat(optOuts.isOptedOut("wm1").block(WAIT)).isFalse();
        assertThat(audit.recorded).hasSize(2);
        assertThat(audit.recorded.get(1).details()).containsEntry("action", "opted-in")
                .containsEntry("source", "BANK_EVENT").containsEntry("reason", "event e1");
        assertThat(audit.recorded.get(1).actor()).isEqualTo("bank");
        events.onAccepted(event("e3", "wm2", "opt_out", NOW)).block(WAIT);
        assertThat(optOuts.optOutOf("wm2").block(WAIT).source()).isEqualTo(OptOut.Source.BANK_EVENT);
        assertThat(audit.recorded).hasSize(3);
    }

    private static BankEvent event(String id, String customer, String type, Instant at) {
        return new BankEvent(id, customer, null, type, at, Map.of(), BankEvent.Source.API, at);
    }
}
