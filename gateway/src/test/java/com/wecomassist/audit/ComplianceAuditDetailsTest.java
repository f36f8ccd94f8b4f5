package com.wecomassist.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The compliance officers' events write the maps the comply package stored before they were typed:
 * a mark carries the exemplar, the other changes of the draft only their action (and a drafted pack
 * its rule count); a publication's flat figures come first, then what was published.
 */
class ComplianceAuditDetailsTest {

    private static final Instant AT = Instant.parse("2026-12-06T08:00:00Z");

    @Test
    void aMarkCarriesTheExemplarAndTheOtherChangesOnlyTheirAction() {
        AuditDetails marked = AuditDetails.ComplianceTaught.marked(
                new AuditDetails.ComplianceTaught.Mark("violation", "收益承诺", "保本保息", "", "recent-1"));
        assertThat(marked.type()).isEqualTo(AuditEvent.Type.COMPLIANCE_TAUGHT);
        assertThat(marked.asMap()).containsExactly(Map.entry("action", "mark"), Map.entry("label", "violation"),
                Map.entry("category", "收益承诺"), Map.entry("text", "保本保息"), Map.entry("note", ""),
                Map.entry("from", "recent-1"));
        assertThat(AuditDetails.ComplianceTaught.unmarked().asMap()).containsExactly(Map.entry("action", "unmark"));
        assertThat(AuditDetails.ComplianceTaught.rulePackDiscarded().asMap())
                .containsExactly(Map.entry("action", "discard-rule-pack"));
        assertThat(AuditDetails.ComplianceTaught.rulePackDrafted(42).asMap())
                .containsExactly(Map.entry("action", "draft-rule-pack"), Map.entry("rules", 42));
    }

    @Test
    void aMeasurementNamesWhatItMeasuresAgainstWhichPublication() {
        AuditEvent e = AuditEvent.of(null, "m-1", "carol", AT,
                new AuditDetails.ComplianceMeasured(2, List.of("ex-1", "ex-2"), true, 3L, 0.02));
        assertThat(e.type()).isEqualTo(AuditEvent.Type.COMPLIANCE_MEASURED);
        assertThat(e.details()).containsExactly(Map.entry("exemplars", 2),
                Map.entry("draftExemplars", List.of("ex-1", "ex-2")), Map.entry("rulePackDraft", true),
                Map.entry("basePublication", 3L), Map.entry("maxDrop", 0.02));
    }

    @Test
    void aPublicationWritesItsFiguresFirstThenWhatWasPublished() {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("testRecallBefore", 0.8);
        figures.put("testRecallAfter", 0.85);
        figures.put("maxDrop", 0.02);
        Map<String, Object> stored = new AuditDetails.CompliancePublished(figures, "m-1", 4L, List.of("bank@2"),
                "officer-4", List.of("ex-1"), false, true, "a known false alarm").asMap();
        assertThat(stored.keySet()).containsExactly("testRecallBefore", "testRecallAfter", "maxDrop", "measurementId",
                "publication", "packs", "exemplarVersion", "exemplarsAdded", "rulePackChanged", "override", "reason");
        assertThat(stored).containsEntry("publication", 4L).containsEntry("override", true)
                .containsEntry("reason", "a known false alarm").containsEntry("testRecallAfter", 0.85);
    }
}
