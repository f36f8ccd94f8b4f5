package com.wecomassist.route;

import com.wecomassist.conversation.HandOff;
import java.util.Optional;

/**
 * Why a reply was routed as it was, as a stable code: what metrics tag, the audit trail records and
 * agents read ({@link #code()}), and whether it means the knowledge base was unsure ({@link #unsure()}),
 * which the conversation's confidence streak, the knowledge gaps and agents' variant suggestions
 * all go by.
 */
public enum ReasonCode {
    FRAUD_OR_LOST_CARD("fraud-or-lost-card", false),
    COMPLAINT("complaint", false),
    CUSTOMER_ASKED_FOR_PERSON("customer-asked-for-person", false),
    COMPLIANCE_BLOCK("compliance-block", false),
    NO_ANSWER_IN_KB("no-answer-in-kb", true),
    LOW_CONFIDENCE("low-confidence", true),
    REPEATED_LOW_CONFIDENCE("repeated-low-confidence", true),
    COMPLIANCE_REVIEW("compliance-review", false),
    /**
     * A model's draft states something its entries do not (a figure, rate, date, address, telephone
     * number or product name), or used no entry: an agent checks it. The knowledge base was not unsure.
     */
    UNGROUNDED("ungrounded", false),
    CLARIFICATION("clarification", false),
    CONFIDENT("confident", false),
    COMPLIANT("compliant", false),
    /** A draft waited for an agent's approval past its SLA deadline: the conversation goes on the people's list. */
    SLA_BREACHED("sla-breached", false),
    /** The customer's answer could not be sent (WeCom kept failing, or refused it): a person must see to them. */
    SEND_FAILED("send-failed", false),
    /** The customer's message could not be handled (the reply flow kept failing on it): a person must answer. */
    HANDLING_FAILED("handling-failed", false),
    /** WeCom reports the session waiting in its own pool (service_state 2). */
    QUEUED_IN_WECOM("queued-in-wecom", false),
    /** Not sure enough to send, sure enough that the right answer is among the candidates: a 猜你想问 menu. */
    MENU_OFFERED("menu-offered", false),
    /** The customer chose an entry from a 猜你想问 menu: its answer goes out. */
    MENU_CHOSEN("menu-chosen", false),
    /** The customer answered a 猜你想问 menu with 人工, or let it lapse: the question goes to the agents. */
    MENU_DECLINED("menu-declined", false),
    /** A person took the conversation without anyone handing it off (an agent's take-over, a WeCom servicer). */
    TAKEN_OVER(HandOff.TAKEN_OVER, false);

    private final String code;
    private final boolean unsure;

    ReasonCode(String code, boolean unsure) {
        this.code = code;
        this.unsure = unsure;
    }

    /** The stable string form: {@code low-confidence}, {@code complaint} … */
    public String code() {
        return code;
    }

    /** True when the knowledge base had no confident answer (low confidence, nothing, or repeatedly so). */
    public boolean unsure() {
        return unsure;
    }

    /** The reason of a stored code (an approval's reasons are kept as {@code code: detail} strings). */
    public static Optional<ReasonCode> of(String code) {
        for (ReasonCode reason : values()) {
            if (reason.code.equals(code)) {
                return Optional.of(reason);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return code;
    }
}
