package com.wecomassist.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an erased customer's audit events keep: the skeleton of each step, no text. */
class AuditSkeletonTest {

    private static final Instant AT = Instant.parse("2026-11-24T08:00:00Z");
    private static final String CONVERSATION = "kf:wkA:wm1";

    @Test
    void textsBecomeErasedIdsCodesAndFiguresStay() {
        AuditEvent candidate = AuditEvent.of(CONVERSATION, "d-1", "carol", AT, new AuditDetails.CandidateSent("kb-7", 3,
                2, 4200, "张三您好，请致电挂失", "PASS", List.of("pii.name@1 REVIEW [0,2) 张三")));
        AuditEvent skeleton = AuditSkeleton.of(candidate);

        assertThat(skeleton.details()).containsExactly(Map.entry("entryId", "kb-7"), Map.entry("version", 3L),
                Map.entry("rank", 2), Map.entry("waitedMs", 4200L), Map.entry("sentText", AuditSkeleton.ERASED),
                Map.entry("verdict", "PASS"), Map.entry("hits", AuditSkeleton.ERASED));
        assertThat(skeleton).extracting(AuditEvent::type, AuditEvent::conversation, AuditEvent::subject,
                AuditEvent::actor, AuditEvent::at).containsExactly(candidate.type(), CONVERSATION, "d-1", "carol", AT);
        assertThat(AuditSkeleton.of(skeleton)).as("already a skeleton").isSameAs(skeleton);
    }

    @Test
    void aReasonIsKeptUnlessItIsAnAgentsReasonForRejecting() {
        AuditEvent handedOff = AuditEvent.of(CONVERSATION, "m1", "wecom", AT,
                new AuditDetails.HandedOff(false, "fraud-or-lost-card", 100));
        assertThat(AuditSkeleton.of(handedOff)).isSameAs(handedOff);
        AuditEvent rejected = AuditEvent.of(CONVERSATION, "d-1", "carol", AT,
                new AuditDetails.Rejected("客户张三要求退款", false));
        assertThat(AuditSkeleton.of(rejected).details()).containsEntry("reason", AuditSkeleton.ERASED)
                .containsEntry("answeredByAgent", false);
    }

    @Test
    void aDetailNobodyListedIsErased() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("somethingNew", "谁也没说过这里没有文字");
        details.put("count", 3);
        AuditEvent event = new AuditEvent(AuditEvent.Type.SENT, CONVERSATION, "r-1", "bot", AT, details);
        assertThat(AuditSkeleton.of(event).details()).containsEntry("somethingNew", AuditSkeleton.ERASED)
                .containsEntry("count", 3);
    }

    @Test
    void theRecordOfAnExportOrErasureHoldsIdsAndCountsAndIsKeptWhole() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("history", 7L);
        counts.put("auditTrail", 25L);
        AuditEvent erased = AuditEvent.of(CONVERSATION, "customer:wm1", "root", AT,
                new AuditDetails.CustomerData(false, "wm1", List.of(CONVERSATION), counts));
        assertThat(erased.type()).isEqualTo(AuditEvent.Type.CUSTOMER_ERASED);
        assertThat(erased.details()).containsExactly(Map.entry("externalUserId", "wm1"),
                Map.entry("conversationIds", List.of(CONVERSATION)), Map.entry("history", 7L),
                Map.entry("auditTrail", 25L));
        assertThat(AuditSkeleton.of(erased)).isSameAs(erased);
        assertThat(new AuditDetails.CustomerData(true, "wm1", List.of(), Map.of()).type())
                .isEqualTo(AuditEvent.Type.CUSTOMER_EXPORTED);
    }
}
