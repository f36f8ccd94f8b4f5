package com.wecomassist.audit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The facts of one step of the flow, typed: one record per kind of step, each knowing its
 * {@link AuditEvent.Type} and writing itself as the details map that the trail stores. The map (keys,
 * value types, which keys are left out when empty) is the stored format of the in-memory log line,
 * the Redis list and the Kafka topic, so a record's {@link #asMap()} must stay as it is; adding a key
 * (a component written last) is compatible, renaming one is not.
 */
public sealed interface AuditDetails {

    AuditEvent.Type type();

    /** The details as stored, in the order written. */
    Map<String, Object> asMap();

    /** Builds the details map in order; null values of optional keys are left out when asked to. */
    final class Fields {
        private final Map<String, Object> map = new LinkedHashMap<>();

        Fields put(String key, Object value) {
            map.put(key, value);
            return this;
        }

        Fields putIfPresent(String key, Object value) {
            if (value != null) {
                map.put(key, value);
            }
            return this;
        }

        Map<String, Object> map() {
            return map;
        }
    }

    private static Fields fields() {
        return new Fields();
    }

    // ------------------------------------------------------------------ a customer's message

    /** A customer's (or employee's) message, masked; {@code notAnswered} says why it is not answered, else null. */
    record MessageReceived(String kind, String text, String sentAt, String notAnswered) implements AuditDetails {
        public AuditEvent.Type type() {
            return AuditEvent.Type.MESSAGE_RECEIVED;
        }

        public Map<String, Object> asMap() {
            return fields().put("kind", kind).put("text", text).put("sentAt", sentAt)
                    .putIfPresent("notAnswered", notAnswered).map();
        }
    }

    /** A line answered together with a later line of the same customer. */
    record BurstCoalesced(String answeredWith) implements AuditDetails {
        public AuditEvent.Type type() {
            return AuditEvent.Type.BURST_COALESCED;
        }

        public Map<String, Object> asMap() {
            return fields().put("answeredWith", answeredWith).map();
        }
    }

    // ------------------------------------------------------------------ the reply stages

    /** @param entries {@code entryId@version}, best first */
    record Retrieved(String question, int lines, List<String> entries, double confidence) implements AuditDetails {
        public AuditEvent.Type type() {
            return AuditEvent.Type.RETRIEVED;
        }

        public Map<String, Object> asMap() {
            return fields().put("question", question).put("lines", lines).put("entries", entries)
                    .put("confidence", confidence).map();
        }
    }

    /** @param fallback why the LLM drafter fell back to the KB template, or null */
    record Drafted(String kind, String drafter, String model, List<String> prompts, List<String> sources,
                   String fallback, String text) implements AuditDetails {
        public AuditEvent.Type type() {
            return AuditEvent.Type.DRAFTED;
        }

        public Map<String, Object> asMap() {
            return fields().put("kind", kind).put("drafter", drafter).put("model", model).put("prompts", prompts)
                    .put("sources", sources).putIfPresent("fallback", fallback).put("text", text).map();
        }
    }

    /**
     * @param hits         each {@code ruleId@version ACTION [start,end) matched}
     * @param decidedBy    the layer whose finding set the action: RULES, SEMANTIC, LLM, or NONE (passed every layer)
     * @param lowMargin    the semantic layer passed or flagged it by a thin margin
     * @param explanations {@code ruleId: explanation} of the semantic and LLM hits, which no rule pack
     *                     describes (nearest exemplars, the model's reason)
     */
    record Checked(String action, List<String> hits, List<String> packs, boolean checkFailed, String decidedBy,
                   boolean lowMargin, List<String> explanations) implements AuditDetails {
        public AuditEvent.Type type() {
            return AuditEvent.Type.CHECKED;
        }

        public Map<String, Object> asMap() {
            return fields().put("action", action).put("hits", hits).put("packs", packs)
                    .put("checkFailed", checkFailed).put("decidedBy", decidedBy).put("lowMargin", lowMargin)
                    .put("explanations", explanations).map();
        }
    }

    /** @param reasons the reason codes; {@code details} their human details, in the same order */
    record Routed(String route, List<String> reasons, List<String> details, int priority, String queue)
            implements AuditDetails {
        public AuditEvent.Type type() {
            return AuditEvent.Type.ROUTED;
        }

        public Map<String, Object> asMap() {
            return fields().put("route", route).put("reasons", reasons).put("details", details)
                    .put("priority", priority).put("queue", queue).map();
        }
    }

    record QueuedForApproval(String queue, int priority, String deadline) implements AuditDetails {
        public AuditEvent.Type type() {
            return AuditEvent.Type.QUEUED_FOR_APPROVAL;
        }

        public Map<String, Object> asMap() {
            return fields().put("queue", queue).put("priority", priority).put("deadline", deadline).map();
        }
    }

    /** The bot did not answer a message, and why (a person holds the conversation, the window is closed …). */
    record NotAnswered(String reason) implements AuditDetails {
        public AuditEvent.Type type() {
            return AuditEvent.Type.NOT_SENT;
        }

        public Map<String, Object> asMap() {
            return fields().put("reason", reason).map();
        }
    }

    // ------------------------------------------------------------------ 猜你想问 menus

    /**
     * @param question  the customer's question the menu answers, masked
     * @param items     {@code clickId → entryId@version}, in the order shown
     * @param expiresAt when the question goes to the agents if the customer has not chosen
     */
    record MenuOffered(String question, List<String> items, String expiresAt) implements AuditDetails {
        public AuditEvent.Type type() {
            return AuditEvent.Type.MENU_OFFERED;
        }

        public Map<String, Object> asMap() {
            return fields().put("question", question).put("items", items).put("expiresAt", expiresAt).map();
        }
    }

    /**
     * @param questionMessageId the msgid of the question the menu answered
     * @param clickId           the item the customer clicked
     * @param entryId           the entry chosen
     * @param offeredVersion    its version when offered
     * @param answeredVersion   its version answered now, or null when it is not served any more
     */
    record MenuChosen(String questionMessageId, String clickId, String entryId, long offeredVersion,
                      Long answeredVersion) implements AuditDetails {
        public AuditEvent.Type type() {
            return AuditEvent.Type.MENU_CHOSEN;
        }

        public Map<String, Object> asMap() {
            return fields().put("questionMessageId", questionMessageId).put("clickId", clickId)
                    .put("entryId", entryId).put("offeredVersion", offeredVersion)
                    .putIfPresent("answeredVersion", answeredVersion).map();
        }
    }

    /**
     * @param questionMessageId the msgid of the question the menu answered
     * @param how               {@code typed} (a new question instead), {@code person} (人工), {@code lapsed}
     *                          (no choice within the wait), {@code handed-off} (a complaint, fraud …)
     */
    record MenuAbandoned(String questionMessageId, String how) implements AuditDetails {
        public AuditEvent.Type type() {
            return AuditEvent.Type.MENU_ABANDONED;
        }

        public Map<String, Object> asMap() {
            return fields().put("questionMessageId", questionMessageId).put("how", how).map();
        }
    }

    // ------------------------------------------------------------------ agents

    /**
     * An agent approved a draft ({@code edited} null) or sent it edited.
     *
     * @param waitedMs how long the draft waited in the queue
     */
    record Approved(long waitedMs, Edit edited) implements AuditDetails {

        /** What the agent changed, and compliance's verdict on the edit. */
        public record Edit(String draftText, String sentText, String verdict, List<String> hits) {
        }

        public AuditEvent.Type type() {
            return edited == null ? AuditEvent.Type.APPROVED : AuditEvent.Type.EDITED;
        }

        public Map<String, Object> asMap() {
            Fields f = fields().put("waitedMs", waitedMs);
            if (edited != null) {
                f.put("draftText", edited.draftText()).put("sentText", edited.sentText())
                        .put("verdict", edited.verdict()).put("hits", edited.hits());
            }
            return f.map();
        }
    }

    /**
     * An agent sent one of the draft's candidates with one click: which one (entry, version, rank),
     * how long the draft waited, and compliance's verdict on the candidate's answer as sent.
     */
    record CandidateSent(String entryId, long version, int rank, long waitedMs, String sentText, String verdict,
                         List<String> hits) implements AuditDetails {
        public AuditEvent.Type type() {
            return AuditEvent.Type.CANDIDATE_SENT;
        }

        public Map<String, Object> asMap() {
            return fields().put("entryId", entryId).put("version", version).put("rank", rank)
                    .put("waitedMs", waitedMs).put("sentText", sentText).put("verdict", verdict).put("hits", hits)
                    .map();
        }
    }

    record Rejected(String reason, boolean answeredByAgent) implements AuditDetails {
        public AuditEvent.Type type() {
            return AuditEvent.Type.REJECTED;
        }

        public Map<String, Object> asMap() {
            return fields().put("reason", reason == null ? "" : reason).put("answeredByAgent", answeredByAgent).map();
        }
    }

    /** An agent took the conversation over. */
    record TakenOver() implements AuditDetails {
        public AuditEvent.Type type() {
            return AuditEvent.Type.TAKEN_OVER;
        }

        public Map<String, Object> asMap() {
            return Map.of();
        }
    }

    /**
     * A supervisor gave the conversation to a person (the actor is the supervisor).
     *
     * @param to        who holds it now
     * @param from      who held it before, or null when no person did
     * @param fromState its state before ({@code HUMAN}, {@code BOT}, {@code QUEUED}, ...)
     */
    record ConversationAssigned(String to, String from, String fromState) implements AuditDetails {
        public AuditEvent.Type type() {
            return AuditEvent.Type.CONVERSATION_ASSIGNED;
        }

        public Map<String, Object> asMap() {
            return fields().put("to", to).putIfPresent("from", from).put("fromState", fromState).map();
        }
    }

    /** An agent handed the conversation back to the bot. */
    record HandedBack() implements AuditDetails {
        public AuditEvent.Type type() {
            return AuditEvent.Type.HANDED_BACK;
        }

        public Map<String, Object> asMap() {
            return Map.of();
        }
    }

    record SlaBreached(String deadline, int priorityRaisedBy, boolean holdingTextSent) implements AuditDetails {
        public AuditEvent.Type type() {
            return AuditEvent.Type.SLA_BREACHED;
        }

        public Map<String, Object> asMap() {
            return fields().put("deadline", deadline).put("priorityRaisedBy", priorityRaisedBy)
                    .put("holdingTextSent", holdingTextSent).map();
        }
    }

    // ------------------------------------------------------------------ outbound

    /**
     * A reply as the trail names it.
     *
     * @param draftId           the draft it carries, or null
     * @param customerMessageId the msgid it answers, or null
     */
    record Reply(String purpose, String draftId, String customerMessageId, String text) {

        Fields into(Fields f) {
            return f.put("purpose", purpose).putIfPresent("draftId", draftId)
                    .putIfPresent("customerMsgid", customerMessageId).put("text", text);
        }
    }

    record Sent(Reply reply, List<String> wecomMsgids) implements AuditDetails {
        public AuditEvent.Type type() {
            return AuditEvent.Type.SENT;
        }

        public Map<String, Object> asMap() {
            return reply.into(fields()).put("wecomMsgids", wecomMsgids).map();
        }
    }

    record ReplyNotSent(Reply reply, String reason) implements AuditDetails {
        public AuditEvent.Type type() {
            return AuditEvent.Type.NOT_SENT;
        }

        public Map<String, Object> asMap() {
            return reply.into(fields()).put("reason", reason).map();
        }
    }

    /** WeCom reported that a message it had accepted could not be delivered (msg_send_fail). */
    record DeliveryFailed(String failType) implements AuditDetails {
        public AuditEvent.Type type() {
            return AuditEvent.Type.NOT_SENT;
        }

        public Map<String, Object> asMap() {
            return fields().put("reason", "msg_send_fail").put("failType", failType).map();
        }
    }

    /**
     * The conversation was put in front of people.
     *
     * @param wecomPool true when it is (also) in WeCom's own pool
     * @param reason    why (a routing reason code: {@code fraud-or-lost-card}, {@code send-failed},
     *                  {@code sla-breached}, {@code queued-in-wecom}, ...)
     * @param priority  how urgent: higher first
     */
    record HandedOff(boolean wecomPool, String reason, int priority) implements AuditDetails {
        public AuditEvent.Type type() {
            return AuditEvent.Type.HANDED_OFF;
        }

        public Map<String, Object> asMap() {
            return fields().put("wecomPool", wecomPool).put("reason", reason).put("priority", priority).map();
        }
    }

    // ------------------------------------------------------------------ WeCom's session

    /** @param servicer the person who now serves the conversation, or null (it ended) */
    record SessionChanged(String state, String servicer) implements AuditDetails {
        public AuditEvent.Type type() {
            return AuditEvent.Type.SESSION_CHANGED;
        }

        public Map<String, Object> asMap() {
            return fields().put("state", state).putIfPresent("servicer", servicer).map();
        }
    }

    // ------------------------------------------------------------------ compliance officers

    /**
     * A compliance officer changed the draft.
     *
     * @param action {@code mark}, {@code unmark}, {@code draft-rule-pack} or {@code discard-rule-pack}
     * @param mark   the exemplar marked ({@code mark} only), else null
     * @param rules  the rules of a drafted pack ({@code draft-rule-pack} only), else null
     */
    record ComplianceTaught(String action, Mark mark, Integer rules) implements AuditDetails {
        /** An exemplar as marked; {@code from} is the key of the recent text it came from, or empty. */
        public record Mark(String label, String category, String text, String note, String from) {
        }

        public static ComplianceTaught marked(Mark mark) {
            return new ComplianceTaught("mark", mark, null);
        }

        public static ComplianceTaught unmarked() {
            return new ComplianceTaught("unmark", null, null);
        }

        public static ComplianceTaught rulePackDrafted(int rules) {
            return new ComplianceTaught("draft-rule-pack", null, rules);
        }

        public static ComplianceTaught rulePackDiscarded() {
            return new ComplianceTaught("discard-rule-pack", null, null);
        }

        public AuditEvent.Type type() {
            return AuditEvent.Type.COMPLIANCE_TAUGHT;
        }

        public Map<String, Object> asMap() {
            Fields f = fields().put("action", action);
            if (mark != null) {
                f.put("label", mark.label()).put("category", mark.category()).put("text", mark.text())
                        .put("note", mark.note()).put("from", mark.from());
            }
            return f.putIfPresent("rules", rules).map();
        }
    }

    /** A measurement of the draft started: what it measures ({@code draftExemplars} are ids) against which publication. */
    record ComplianceMeasured(int exemplars, List<String> draftExemplars, boolean rulePackDraft, long basePublication,
                              double maxDrop) implements AuditDetails {
        public AuditEvent.Type type() {
            return AuditEvent.Type.COMPLIANCE_MEASURED;
        }

        public Map<String, Object> asMap() {
            return fields().put("exemplars", exemplars).put("draftExemplars", draftExemplars)
                    .put("rulePackDraft", rulePackDraft).put("basePublication", basePublication)
                    .put("maxDrop", maxDrop).map();
        }
    }

    /**
     * A publication of the officers' changes.
     *
     * @param figures the measurement's flat figures ({@code <part>RecallBefore}, ..., {@code maxDrop}),
     *                written first as they are
     * @param override whether it went past a drop beyond the margin (then {@code reason} says why)
     */
    record CompliancePublished(Map<String, Object> figures, String measurementId, long publication,
                               List<String> packs, String exemplarVersion, List<String> exemplarsAdded,
                               boolean rulePackChanged, boolean override, String reason) implements AuditDetails {
        public AuditEvent.Type type() {
            return AuditEvent.Type.COMPLIANCE_PUBLISHED;
        }

        public Map<String, Object> asMap() {
            Fields f = fields();
            figures.forEach(f::put);
            return f.put("measurementId", measurementId).put("publication", publication).put("packs", packs)
                    .put("exemplarVersion", exemplarVersion).put("exemplarsAdded", exemplarsAdded)
                    .put("rulePackChanged", rulePackChanged).put("override", override).put("reason", reason).map();
        }
    }

    // ------------------------------------------------------------------ the knowledge base and its curators

    /**
     * A change to the knowledge base by a content editor.
     *
     * @param result        what the edit answered, cut to 300 characters
     * @param servedChanges {@code entryId@version served|withdrawn}, what replicas now serve differently
     * @param facts         further facts of the action (a gated publish's figures, override and reason), written last
     */
    record KbChanged(String action, String result, List<String> servedChanges, Map<String, Object> facts)
            implements AuditDetails {
        public AuditEvent.Type type() {
            return AuditEvent.Type.KB_CHANGED;
        }

        public Map<String, Object> asMap() {
            Fields f = fields().put("action", action)
                    .put("result", result.length() > 300 ? result.substring(0, 300) : result)
                    .put("servedChanges", servedChanges);
            (facts == null ? Map.<String, Object>of() : facts).forEach(f::put);
            return f.map();
        }
    }

    /** @param changeSet the entries in review, as {@code entryId@version} */
    record KbEvaluated(List<String> changeSet, int queries, double maxAccuracyDrop) implements AuditDetails {
        public AuditEvent.Type type() {
            return AuditEvent.Type.KB_EVALUATED;
        }

        public Map<String, Object> asMap() {
            return fields().put("changeSet", changeSet).put("queries", queries)
                    .put("maxAccuracyDrop", maxAccuracyDrop).map();
        }
    }

    /** @param isNew false when the same phrasing was suggested for the entry before (its count grew) */
    record PhrasingSuggested(String draftId, String entryId, String phrasing, boolean isNew) implements AuditDetails {
        public AuditEvent.Type type() {
            return AuditEvent.Type.PHRASING_SUGGESTED;
        }

        public Map<String, Object> asMap() {
            return fields().put("draftId", draftId).put("entryId", entryId).put("phrasing", phrasing)
                    .put("new", isNew).map();
        }
    }

    /** @param entryVersion the draft version the accepted phrasing went into, or null (dismissed) */
    record SuggestionDecided(String decision, String entryId, String phrasing, String suggestedBy, Long entryVersion)
            implements AuditDetails {
        public AuditEvent.Type type() {
            return AuditEvent.Type.SUGGESTION_DECIDED;
        }

        public Map<String, Object> asMap() {
            return fields().put("decision", decision).put("entryId", entryId).put("phrasing", phrasing)
                    .put("suggestedBy", suggestedBy).putIfPresent("entryVersion", entryVersion).map();
        }
    }

    /** @param how why they went (dismissed, or resolved with a variant) */
    record GapsDismissed(List<String> gapIds, String how, long dismissed) implements AuditDetails {
        public AuditEvent.Type type() {
            return AuditEvent.Type.GAPS_DISMISSED;
        }

        public Map<String, Object> asMap() {
            return fields().put("gapIds", gapIds).put("how", how).put("dismissed", dismissed).map();
        }
    }

    // ------------------------------------------------------------------ personal data

    /**
     * An administrator exported ({@code CUSTOMER_EXPORTED}) or erased ({@code CUSTOMER_ERASED}) one
     * customer's data. Only ids and counts: the trail of an erasure keeps none of the erased text.
     *
     * @param exported      true for an export, false for an erasure
     * @param externalUserId the customer
     * @param conversations the customer's conversations found in any store, by id ({@code conversationIds})
     * @param counts        store → how many items were exported, or erased (for the audit trail:
     *                      events redacted), written as flat keys in the stores' order
     */
    record CustomerData(boolean exported, String externalUserId, List<String> conversations,
                        Map<String, Long> counts) implements AuditDetails {
        public AuditEvent.Type type() {
            return exported ? AuditEvent.Type.CUSTOMER_EXPORTED : AuditEvent.Type.CUSTOMER_ERASED;
        }

        public Map<String, Object> asMap() {
            Fields f = fields().put("externalUserId", externalUserId).put("conversationIds", conversations);
            counts.forEach(f::put);
            return f.map();
        }
    }

    // ------------------------------------------------------------------ console users

    /**
     * An administrator changed a console user.
     *
     * @param action {@code create}, {@code set-password}, {@code enable} or {@code disable}
     * @param roles  the roles a created user got, else null
     * @param team   the team a created user was put in, else null
     */
    record StaffChanged(String action, List<String> roles, String team) implements AuditDetails {

        /** A change that is not a creation: no roles, no team. */
        public StaffChanged(String action) {
            this(action, null, null);
        }

        public AuditEvent.Type type() {
            return AuditEvent.Type.STAFF_CHANGED;
        }

        public Map<String, Object> asMap() {
            return fields().put("action", action).putIfPresent("roles", roles).putIfPresent("team", team).map();
        }
    }

    // ------------------------------------------------------------------ staff reading conversations

    /** @param what {@code history} (its state and turns) or {@code audit-trail} */
    record ConversationRead(String what) implements AuditDetails {
        public AuditEvent.Type type() {
            return AuditEvent.Type.CONVERSATION_READ;
        }

        public Map<String, Object> asMap() {
            return fields().put("what", what).map();
        }
    }

    // ------------------------------------------------------------------ welcome messages (欢迎语)

    /**
     * A 客户联系 welcome sent with an add_external_contact event's welcome_code, or not sent and why.
     *
     * @param template  the template's key ({@code contact:<state>:<role>}) and {@code version} (0: shipped)
     * @param reason    why it was not sent (null when sent)
     * @param elapsedMs from the event's CreateTime to the answer (or to the decision not to send)
     */
    record WelcomeSent(boolean sent, String userId, String state, String role, String template, long version,
                       String text, String reason, long elapsedMs) implements AuditDetails {
        public AuditEvent.Type type() {
            return sent ? AuditEvent.Type.SENT : AuditEvent.Type.NOT_SENT;
        }

        public Map<String, Object> asMap() {
            return fields().put("purpose", "CONTACT_WELCOME").put("userId", userId).putIfPresent("state", state)
                    .putIfPresent("role", role).putIfPresent("template", template).put("version", version)
                    .putIfPresent("text", text).putIfPresent("reason", reason).put("elapsedMs", elapsedMs).map();
        }
    }

    /** A welcome template drafted, published, or a publish refused ({@code result}: why). */
    record WelcomeTemplateChanged(String action, String template, long version, String result, List<String> rules)
            implements AuditDetails {
        public AuditEvent.Type type() {
            return AuditEvent.Type.WELCOME_TEMPLATE_CHANGED;
        }

        public Map<String, Object> asMap() {
            return fields().put("action", action).put("template", template).put("version", version)
                    .put("result", result).putIfPresent("rules", rules).map();
        }
    }

    /** A strategy's step: {@code action} (drafted, published, stopped, publish-refused), its version and result. */
    record StrategyChanged(String action, String strategy, long version, String result, List<String> rules)
            implements AuditDetails {
        public AuditEvent.Type type() {
            return AuditEvent.Type.STRATEGY_CHANGED;
        }

        public Map<String, Object> asMap() {
            return fields().put("action", action).put("strategy", strategy).put("version", version)
                    .put("result", result).putIfPresent("rules", rules).map();
        }
    }

    /**
     * One strategy's decision on one bank event for one customer: {@code event} (the bank's event id),
     * {@code strategy} and {@code version}, {@code arm}, {@code decision} and {@code reason}; for a message
     * the {@code channel}, {@code employee}, the words' {@code verdict} and rules, WeCom's {@code msgid}, and
     * how the words came to be ({@code words}: template, llm:&lt;model&gt;, or why the model's were not used;
     * {@code prompt}: the personalising prompt's version).
     */
    record OutreachPlanned(String event, String strategy, long version, String arm, String decision, String reason,
                           String channel, String employee, String verdict, List<String> rules, String msgid,
                           String words, String prompt)
            implements AuditDetails {
        public AuditEvent.Type type() {
            return AuditEvent.Type.OUTREACH_PLANNED;
        }

        public Map<String, Object> asMap() {
            return fields().put("event", event).put("strategy", strategy).put("version", version)
                    .putIfPresent("arm", arm).put("decision", decision).put("reason", reason)
                    .putIfPresent("channel", channel).putIfPresent("employee", employee)
                    .putIfPresent("verdict", verdict).putIfPresent("rules", rules).putIfPresent("msgid", msgid)
                    .putIfPresent("words", words).putIfPresent("prompt", prompt).map();
        }
    }

    /**
     * What became of one 企业群发 task: {@code msgid} (WeCom's), {@code strategy}, {@code employee}, {@code outcome}
     * ({@code DELIVERED}: the employee sent it and it reached the customer; {@code OVER_LIMIT}: sent, but WeCom's
     * monthly limit kept it from the customer; {@code NOT_FRIEND}: the customer was no longer their friend;
     * {@code EXPIRED}: cancelled unconfirmed at expiry; {@code REMINDED}: the employee was reminded) and, for a
     * sent one, {@code sentAt}, WeCom's send time.
     */
    record OutreachTask(String msgid, String strategy, String employee, String outcome, String sentAt)
            implements AuditDetails {
        public AuditEvent.Type type() {
            return AuditEvent.Type.OUTREACH_TASK;
        }

        public Map<String, Object> asMap() {
            return fields().put("msgid", msgid).put("strategy", strategy).put("employee", employee)
                    .put("outcome", outcome).putIfPresent("sentAt", sentAt).map();
        }
    }

    /**
     * A customer opted out of marketing messages (退订) or back in: {@code action} ({@code opted-out},
     * {@code opted-in}), {@code source} ({@code CUSTOMER_MESSAGE}, {@code BANK_EVENT}, {@code STAFF}), the
     * {@code reason} (staff's words masked, the phrase matched, the bank's event id) and {@code askedAt}, when
     * the customer asked.
     */
    record OptOutChanged(String action, String source, String reason, String askedAt) implements AuditDetails {
        public AuditEvent.Type type() {
            return AuditEvent.Type.OPT_OUT_CHANGED;
        }

        public Map<String, Object> asMap() {
            return fields().put("action", action).put("source", source).putIfPresent("reason", reason)
                    .put("askedAt", askedAt).map();
        }
    }

    // ------------------------------------------------------------------ 客户继承

    /**
     * A step of an inheritance job: {@code action} (requested, refused, started, skipped, call-failed,
     * taken-over, failed, reassigned), the job, its kind (ON_JOB 在职 / RESIGNED 离职), both employees,
     * the result (a status, a reason) and WeCom's per-customer errcode where there is one.
     */
    record CustomerInheritance(String action, String job, String kind, String handover, String takeover,
                               String result, Integer errcode) implements AuditDetails {
        public AuditEvent.Type type() {
            return AuditEvent.Type.CUSTOMER_INHERITANCE;
        }

        public Map<String, Object> asMap() {
            return fields().put("action", action).put("job", job).put("kind", kind).put("handover", handover)
                    .put("takeover", takeover).putIfPresent("result", result).putIfPresent("errcode", errcode).map();
        }
    }
}
