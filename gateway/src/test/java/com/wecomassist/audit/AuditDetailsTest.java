package com.wecomassist.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The typed details write the maps the trail has always stored (the in-memory log line, Redis and
 * Kafka keep them as JSON): the same keys, optional keys left out when absent, and the event type
 * taken from the record.
 */
class AuditDetailsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant AT = Instant.parse("2026-11-24T08:00:00Z");

    @Test
    void aReceivedMessageNamesWhyItIsNotAnsweredOnlyWhenItIsNot() {
        assertThat(new AuditDetails.MessageReceived("TEXT", "怎么挂失", "2026-11-24T08:00:00Z", null).asMap())
                .containsExactly(Map.entry("kind", "TEXT"), Map.entry("text", "怎么挂失"),
                        Map.entry("sentAt", "2026-11-24T08:00:00Z"));
        assertThat(new AuditDetails.MessageReceived("TEXT", "怎么挂失", "2026-11-24T08:00:00Z", "older than PT30M")
                .asMap()).containsEntry("notAnswered", "older than PT30M");
    }

    @Test
    void aDraftKeepsANullModelAndLeavesOutAnAbsentFallback() {
        Map<String, Object> drafted = new AuditDetails.Drafted("ANSWER", "KB_TEMPLATE", null, List.of("p@1"),
                List.of("kb-1@2"), null, "您好").asMap();
        assertThat(drafted).containsKeys("kind", "drafter", "model", "prompts", "sources", "text")
                .doesNotContainKey("fallback");
        assertThat(drafted.get("model")).isNull();
        assertThat(new AuditDetails.Drafted("ANSWER", "LLM", "m", List.of(), List.of(), "timeout", "t").asMap())
                .containsEntry("fallback", "timeout");
    }

    @Test
    void anApprovalIsEditedExactlyWhenItCarriesTheEdit() {
        AuditDetails approved = new AuditDetails.Approved(1200, null);
        assertThat(approved.type()).isEqualTo(AuditEvent.Type.APPROVED);
        assertThat(approved.asMap()).containsExactly(Map.entry("waitedMs", 1200L));
        AuditDetails edited = new AuditDetails.Approved(1200,
                new AuditDetails.Approved.Edit("草稿", "发出的", "PASS", List.of()));
        assertThat(edited.type()).isEqualTo(AuditEvent.Type.EDITED);
        assertThat(edited.asMap()).containsKeys("waitedMs", "draftText", "sentText", "verdict", "hits");
    }

    @Test
    void aCandidateSentNamesWhichEntryAtWhichVersionAndRank() {
        AuditDetails sent = new AuditDetails.CandidateSent("demo-016", 3, 2, 900, "您好，单日20万元。", "PASS", List.of());
        assertThat(sent.type()).isEqualTo(AuditEvent.Type.CANDIDATE_SENT);
        assertThat(sent.asMap()).containsExactly(Map.entry("entryId", "demo-016"), Map.entry("version", 3L),
                Map.entry("rank", 2), Map.entry("waitedMs", 900L), Map.entry("sentText", "您好，单日20万元。"),
                Map.entry("verdict", "PASS"), Map.entry("hits", List.of()));
    }

    @Test
    void sentAndNotSentRepliesNameTheReplyTheSameWay() {
        AuditDetails.Reply reply = new AuditDetails.Reply("ANSWER", "d-1", null, "您好");
        assertThat(new AuditDetails.Sent(reply, List.of("w1")).asMap()).containsExactly(Map.entry("purpose", "ANSWER"),
                Map.entry("draftId", "d-1"), Map.entry("text", "您好"), Map.entry("wecomMsgids", List.of("w1")));
        AuditDetails notSent = new AuditDetails.ReplyNotSent(reply, "window closed");
        assertThat(notSent.type()).isEqualTo(AuditEvent.Type.NOT_SENT);
        assertThat(notSent.asMap()).containsEntry("reason", "window closed").doesNotContainKey("customerMsgid");
        assertThat(new AuditDetails.DeliveryFailed("4").asMap())
                .containsExactly(Map.entry("reason", "msg_send_fail"), Map.entry("failType", "4"));
    }

    @Test
    void anEventOfTypedDetailsIsStoredAsTheMapItWrites() {
        AuditEvent event = AuditEvent.of("kf:wk:wm", "d-1", "bot", AT,
                new AuditDetails.Routed("APPROVAL", List.of("low-confidence"), List.of("0.62 < 0.90"), 0, "direct"));
        assertThat(event.type()).isEqualTo(AuditEvent.Type.ROUTED);
        assertThat(JSON.writeValueAsString(event.details())).isEqualTo("{\"route\":\"APPROVAL\","
                + "\"reasons\":[\"low-confidence\"],\"details\":[\"0.62 < 0.90\"],\"priority\":0,\"queue\":\"direct\"}");
        assertThat(AuditEvent.of("kf:wk:wm", "m1", "wecom", AT, new AuditDetails.SessionChanged("ENDED", null))
                .details()).containsExactly(Map.entry("state", "ENDED"));
    }

    @Test
    void aHandOffNamesWhetherItIsInWecomsPoolWhyAndHowUrgent() {
        AuditEvent handedOff = AuditEvent.of("kf:wk:wm", "m1", "bot", AT,
                new AuditDetails.HandedOff(false, "send-failed", 100));
        assertThat(handedOff.type()).isEqualTo(AuditEvent.Type.HANDED_OFF);
        assertThat(JSON.writeValueAsString(handedOff.details()))
                .isEqualTo("{\"wecomPool\":false,\"reason\":\"send-failed\",\"priority\":100}");
    }

    @Test
    void aConsoleUserChangeNamesRolesOnlyWhenCreated() {
        assertThat(new AuditDetails.StaffChanged("create", List.of("AGENT"), "north").asMap())
                .containsExactly(Map.entry("action", "create"), Map.entry("roles", List.of("AGENT")),
                        Map.entry("team", "north"));
        AuditDetails disabled = new AuditDetails.StaffChanged("disable");
        assertThat(disabled.type()).isEqualTo(AuditEvent.Type.STAFF_CHANGED);
        assertThat(disabled.asMap()).containsExactly(Map.entry("action", "disable"));
    }

    @Test
    void anAssignedConversationNamesWhoHoldsItNowAndWhoHeldItBefore() {
        AuditDetails fromAgent = new AuditDetails.ConversationAssigned("dave", "carol", "HUMAN");
        assertThat(fromAgent.type()).isEqualTo(AuditEvent.Type.CONVERSATION_ASSIGNED);
        assertThat(fromAgent.asMap()).containsExactly(Map.entry("to", "dave"), Map.entry("from", "carol"),
                Map.entry("fromState", "HUMAN"));
        assertThat(new AuditDetails.ConversationAssigned("dave", null, "AWAITING_APPROVAL").asMap())
                .containsExactly(Map.entry("to", "dave"), Map.entry("fromState", "AWAITING_APPROVAL"));
    }

    @Test
    void aKnowledgeBaseChangeCutsItsResultAndWritesItsFurtherFactsLast() {
        Map<String, Object> changed = new AuditDetails.KbChanged("publish-change-set", "x".repeat(400),
                List.of("kb-1@3 served"), Map.of("override", true)).asMap();
        assertThat(changed.keySet()).containsExactly("action", "result", "servedChanges", "override");
        assertThat((String) changed.get("result")).hasSize(300);
        assertThat(new AuditDetails.GapsDismissed(List.of("g-1"), "dismissed", 1).asMap())
                .containsExactly(Map.entry("gapIds", List.of("g-1")), Map.entry("how", "dismissed"),
                        Map.entry("dismissed", 1L));
        assertThat(new AuditDetails.PhrasingSuggested("d-1", "kb-1", "年费", true).asMap()).containsEntry("new", true);
        assertThat(new AuditDetails.SuggestionDecided("DISMISSED", "kb-1", "年费", "alice", null).asMap())
                .doesNotContainKey("entryVersion");
        assertThat(new AuditDetails.SuggestionDecided("ACCEPTED", "kb-1", "年费", "alice", 4L).asMap())
                .containsEntry("entryVersion", 4L);
    }

    @Test
    void anEvaluationNamesItsChangeSetQueriesAndTheDropItAllows() {
        AuditEvent evaluated = AuditEvent.of(null, "run-1", "carol", AT,
                new AuditDetails.KbEvaluated(List.of("kb-1@3"), 40, 0.02));
        assertThat(evaluated.type()).isEqualTo(AuditEvent.Type.KB_EVALUATED);
        assertThat(JSON.writeValueAsString(evaluated.details()))
                .isEqualTo("{\"changeSet\":[\"kb-1@3\"],\"queries\":40,\"maxAccuracyDrop\":0.02}");
    }
}
