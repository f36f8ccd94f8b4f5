package com.wecomassist.audit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.audit.AuditDetails;
import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditSkeleton;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.audit.memory.InMemoryAuditTrail;
import com.wecomassist.audit.redis.RedisAuditTrail;
import com.wecomassist.testing.RedisTestServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The trail's copies for reading of one customer's conversations: exported, and on erasure redacted
 * to their skeleton in place (the trail is append-only: every step stays, with who, when and the ids
 * and codes, without a word the customer, an agent or the model wrote), nobody else's touched.
 */
class AuditTrailCustomerDataContractTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration RETENTION = Duration.ofHours(1);
    private static final Instant AT = Instant.parse("2026-11-24T08:00:00.123Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String A = "kf:wkA:wmErase";
    private static final String B = "kf:wkB:wmErase";
    private static final String OTHER = "kf:wkA:wmKeep";

    abstract static class Contract {

        abstract AuditTrail trail();

        static List<AuditEvent> conversation(String id) {
            return List.of(
                    AuditEvent.of(id, "m1", "customer", AT, new AuditDetails.MessageReceived("TEXT",
                            "我叫张三，卡丢了", AT.toString(), null)),
                    AuditEvent.of(id, "d-m1", "bot", AT, new AuditDetails.Drafted("ANSWER", "KB_TEMPLATE",
                            "kb-template", List.of("draft-system@1"), List.of("kb-7@2"), null, "您好张三，请立即挂失")),
                    AuditEvent.of(id, "d-m1", "bot", AT, new AuditDetails.Checked("REVIEW",
                            List.of("pii.name@1 REVIEW [2,4) 张三"), List.of("bank@1"), false, "RULES", false,
                            List.of())),
                    AuditEvent.of(id, "d-m1", "bot", AT, new AuditDetails.Routed("APPROVAL",
                            List.of("low-confidence"), List.of("张三的问题不确定"), 0, "direct")),
                    AuditEvent.of(id, "d-m1", "carol", AT, new AuditDetails.Rejected("客户张三另有诉求", true)),
                    AuditEvent.of(id, "r-1", "bot", AT, new AuditDetails.Sent(new AuditDetails.Reply("agent-reply",
                            "d-m1", "m1", "张三您好"), List.of("w-1"))),
                    AuditEvent.of(id, "m1", "wecom", AT, new AuditDetails.HandedOff(false, "fraud-or-lost-card", 100)));
        }

        @Test
        void aCustomersEventsAreExportedAndRedactedToTheirSkeletonInPlace() {
            AuditTrail trail = trail();
            for (String id : List.of(A, OTHER, B)) {
                trail.recordAll(conversation(id)).block(WAIT);
            }

            List<AuditEvent> exported = trail.forCustomer("wmErase").collectList().block(WAIT);
            assertThat(exported).extracting(AuditEvent::conversation).containsExactlyElementsOf(
                    java.util.stream.Stream.of(A, B).flatMap(id -> java.util.Collections.nCopies(7, id).stream()).toList());
            assertThat(exported).containsAll(conversation(A));

            // six of each conversation's seven events carry text; the hand-off carries codes only
            assertThat(trail.eraseCustomer("wmErase").block(WAIT)).isEqualTo(12);

            List<AuditEvent> redacted = trail.ofConversation(A, 100).collectList().block(WAIT);
            assertThat(redacted).hasSize(7);
            assertThat(redacted).extracting(AuditEvent::type, AuditEvent::subject, AuditEvent::actor, AuditEvent::at)
                    .containsExactlyElementsOf(conversation(A).stream()
                            .map(e -> org.assertj.core.groups.Tuple.tuple(e.type(), e.subject(), e.actor(), e.at())).toList());
            assertThat(JSON.writeValueAsString(trail.forCustomer("wmErase").collectList().block(WAIT)))
                    .doesNotContain("张三").doesNotContain("挂失");
            Map<String, Object> drafted = redacted.get(1).details();
            assertThat(drafted).containsEntry("text", AuditSkeleton.ERASED).containsEntry("sources", List.of("kb-7@2"))
                    .containsEntry("model", "kb-template");
            assertThat(redacted.get(2).details()).containsEntry("hits", AuditSkeleton.ERASED)
                    .containsEntry("action", "REVIEW");
            assertThat(redacted.get(3).details()).containsEntry("details", AuditSkeleton.ERASED)
                    .containsEntry("reasons", List.of("low-confidence")).containsEntry("priority", 0);
            assertThat(redacted.get(4).details()).containsEntry("reason", AuditSkeleton.ERASED);
            assertThat(redacted.get(5).details()).containsEntry("text", AuditSkeleton.ERASED)
                    .containsEntry("wecomMsgids", List.of("w-1")).containsEntry("customerMsgid", "m1");
            assertThat(redacted.get(6)).isEqualTo(conversation(A).get(6));

            assertThat(trail.ofConversation(OTHER, 100).collectList().block(WAIT)).isEqualTo(conversation(OTHER));
            assertThat(trail.eraseCustomer("wmErase").block(WAIT)).as("nothing left to redact").isZero();
            // the trail goes on after an erasure
            trail.record(conversation(A).get(0)).block(WAIT);
            assertThat(trail.ofConversation(A, 100).collectList().block(WAIT)).hasSize(8);
        }

        @Test
        void aCustomerWithoutEventsHasNone() {
            assertThat(trail().forCustomer("wmNobody").collectList().block(WAIT)).isEmpty();
            assertThat(trail().eraseCustomer("wmNobody").block(WAIT)).isZero();
        }
    }

    @Nested
    class InMemory extends Contract {
        final AuditTrail trail = new InMemoryAuditTrail(50, 100, RETENTION, Clock.systemUTC());

        AuditTrail trail() { return trail; }
    }

    @Nested
    class OnRedis extends Contract {
        final String prefix = RedisTestServer.freshPrefix();
        final AuditTrail trail = new RedisAuditTrail(RedisTestServer.template(), prefix, 50, RETENTION);

        AuditTrail trail() { return trail; }

        @Test
        void theRedactedCopyStillExpires() {
            trail.recordAll(conversation(A)).block(WAIT);
            trail.eraseCustomer("wmErase").block(WAIT);
            Duration ttl = RedisTestServer.template().getExpire(prefix + "audit:" + A).block(WAIT);
            assertThat(ttl).isPositive().isLessThanOrEqualTo(RETENTION);
        }
    }
}
