package com.wecomassist.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One step of the audit trail: what happened to a conversation's message, who or what did it, and
 * the facts an auditor needs (msgids, KB entries and versions, prompt and model, verdict and
 * hits, routing reasons, approver, sent msgids). Texts that reach an event are masked for
 * personal data before they get here.
 *
 * @param type         what happened
 * @param conversation the conversation id ({@code kf:<open_kfid>:<external_userid>}), or null for events
 *                     about no conversation (a KB change, a console user changed)
 * @param subject      what the event is about: the inbound msgid, the draft id, the entry id
 * @param actor        who did it: {@code bot}, an agent's userid, a servicer's userid, {@code system}
 * @param at           when
 * @param details      the facts of this step, small values only (strings, numbers, lists of strings);
 *                     written by an {@link AuditDetails} record for the steps of the flow
 */
public record AuditEvent(Type type, String conversation, String subject, String actor, Instant at,
                         Map<String, Object> details) {

    /** The steps of the flow, in the past tense. */
    public enum Type {
        MESSAGE_RECEIVED,
        BURST_COALESCED,
        RETRIEVED,
        DRAFTED,
        CHECKED,
        ROUTED,
        QUEUED_FOR_APPROVAL,
        CLAIMED,
        APPROVED,
        EDITED,
        /** An agent sent one of the draft's candidates (another entry's answer) instead of the draft. */
        CANDIDATE_SENT,
        REJECTED,
        TAKEN_OVER,
        HANDED_BACK,
        HANDED_OFF,
        SLA_BREACHED,
        SENT,
        NOT_SENT,
        SESSION_CHANGED,
        KB_CHANGED,
        /** A content editor started evaluating the change set against the regression questions. */
        KB_EVALUATED,
        /** An administrator created a console user, set a password, or disabled or enabled a user. */
        STAFF_CHANGED,
        /** An agent suggested a customer's phrasing as a variant of an entry (the review list). */
        PHRASING_SUGGESTED,
        /** A content editor accepted or dismissed a suggested variant. */
        SUGGESTION_DECIDED,
        /** A content editor dismissed knowledge gaps, or resolved them with a variant. */
        GAPS_DISMISSED,
        /**
         * A compliance officer changed the draft: marked a text as a violation or clean (an exemplar),
         * took one out, saved or discarded a draft rule pack.
         */
        COMPLIANCE_TAUGHT,
        /** A compliance officer started measuring the draft against the labelled set. */
        COMPLIANCE_MEASURED,
        /**
         * A compliance officer published rule-pack and exemplar changes: the figures before and after,
         * whether a regression was overridden and the reason.
         */
        COMPLIANCE_PUBLISHED,
        /**
         * A supervisor (or administrator) gave a conversation to a person: from whoever held it, or
         * from the bot, to the agent named (themselves when taking it over from another agent).
         */
        CONVERSATION_ASSIGNED,
        /** The bot offered a 猜你想问 menu of entries instead of an answer it was not sure enough of. */
        MENU_OFFERED,
        /** The customer chose an entry from a 猜你想问 menu (labelled data: their words → that entry). */
        MENU_CHOSEN,
        /** The customer wrote something else, asked for a person, or let the menu lapse. */
        MENU_ABANDONED,
        /** An administrator exported everything the gateway holds about one customer (personal data). */
        CUSTOMER_EXPORTED,
        /**
         * An administrator erased one customer's data: the stores forgot it, and the trail's own copies
         * of their conversations' texts were redacted ({@link AuditSkeleton}). Written to the durable
         * trail too, where the bank's archive must redact the same fields of the conversations named.
         */
        CUSTOMER_ERASED,
        /**
         * A member of staff read a conversation (its history, or its audit trail): at most once per
         * person, conversation and kind of read within {@code assist.audit.staff-read-interval}.
         */
        CONVERSATION_READ,
        /**
         * A content editor drafted a welcome template (欢迎语), or a reviewer published one or was
         * refused (same person as the author, a compliance verdict, a newer draft).
         */
        WELCOME_TEMPLATE_CHANGED,
        /**
         * 客户继承: an inheritance job was requested or refused, a customer's transfer was started, skipped,
         * refused by WeCom, completed or failed, or a departed employee's drafts and conversations moved on.
         */
        CUSTOMER_INHERITANCE,
        /**
         * An operations user drafted a strategy version, or a reviewer published one, stopped one or was
         * refused (same person as the author, invalid, a compliance verdict on its words, a newer draft).
         */
        STRATEGY_CHANGED,
        /**
         * A bank event met a strategy for a customer: the arm, the decision and why, and when a message was
         * made the channel, the employee, the words' verdict and WeCom's task msgid.
         */
        OUTREACH_PLANNED,
        /**
         * A 企业群发 task of a strategy's came to an end or was reminded: the employee sent it (and WeCom delivered
         * it, or kept it from the customer by its monthly limit), the customer was no longer their friend, it
         * was cancelled at expiry unconfirmed, or the employee was reminded of it.
         */
        OUTREACH_TASK,
        /**
         * A customer was opted out of marketing messages (退订) or back in: by their own message, the bank's
         * event or a member of staff.
         */
        OPT_OUT_CHANGED
    }

    /** An event of the type its typed details say, with them written as the stored map. */
    public static AuditEvent of(String conversation, String subject, String actor, Instant at, AuditDetails details) {
        return new AuditEvent(details.type(), conversation, subject, actor, at, details.asMap());
    }

    public AuditEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(at, "at");
        details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }
}
