package com.wecomassist.route;

import com.wecomassist.compliance.matching.TextNormaliser;
import com.wecomassist.compliance.rules.Action;
import com.wecomassist.draft.DraftKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The policy, checked in this order (the first rule that routes away from the machine wins, and
 * every rule that applied is kept as a reason):
 * <ol>
 *   <li>the customer asks for a person, complains, or reports fraud or a lost card → HANDOFF;</li>
 *   <li>compliance BLOCKs the draft → BLOCK (holding reply, then a person);</li>
 *   <li>no confident answer (the sources do not answer, or confidence below the threshold) → APPROVAL,
 *       or HANDOFF when this has happened {@code max-low-confidence-turns} times in a row;</li>
 *   <li>a model's draft that is not grounded in its entries (a figure, rate, date, address, telephone
 *       number or product name they do not contain) → APPROVAL, the claims listed in the reason;</li>
 *   <li>compliance asks for REVIEW → APPROVAL;</li>
 *   <li>otherwise → AUTO_SEND.</li>
 * </ol>
 * Approvals go to the customer's account manager when there is one, else to the 直营 queue.
 */
public class DefaultRoutingPolicy implements RoutingPolicy {

    private final RouteProperties settings;
    private final TextNormaliser normaliser = TextNormaliser.instance();
    private final List<String> humanRequest;
    private final List<String> complaint;
    private final List<String> fraud;

    public DefaultRoutingPolicy(RouteProperties settings) {
        this.settings = settings;
        this.humanRequest = normalised(settings.humanRequest());
        this.complaint = normalised(settings.complaint());
        this.fraud = normalised(settings.fraudOrLostCard());
    }

    @Override
    public Intent intentOf(String customerText) {
        String text = normaliser.normalise(customerText).text().toLowerCase(Locale.ROOT);
        // Fraud first: "我被骗了，转人工" is urgent before it is a request for a person.
        if (containsAny(text, fraud)) {
            return Intent.FRAUD_OR_LOST_CARD;
        }
        if (containsAny(text, complaint)) {
            return Intent.COMPLAINT;
        }
        if (containsAny(text, humanRequest)) {
            return Intent.HUMAN_REQUEST;
        }
        return Intent.QUESTION;
    }

    @Override
    public RoutingDecision decide(RoutingInput in) {
        String queue = in.accountManager() != null && !in.accountManager().isBlank()
                ? in.accountManager() : RoutingDecision.DIRECT_QUEUE;
        List<RoutingDecision.Reason> reasons = new ArrayList<>();

        switch (intentOf(in.customerText())) {
            case FRAUD_OR_LOST_CARD -> {
                reasons.add(new RoutingDecision.Reason(ReasonCode.FRAUD_OR_LOST_CARD, "客户报告盗刷、诈骗或卡片遗失"));
                return new RoutingDecision(Route.HANDOFF, reasons, settings.urgentPriority(), queue);
            }
            case COMPLAINT -> {
                reasons.add(new RoutingDecision.Reason(ReasonCode.COMPLAINT, "客户投诉或提及监管部门"));
                return new RoutingDecision(Route.HANDOFF, reasons, settings.complaintPriority(), queue);
            }
            case HUMAN_REQUEST -> {
                reasons.add(new RoutingDecision.Reason(ReasonCode.CUSTOMER_ASKED_FOR_PERSON, "客户要求人工服务"));
                return new RoutingDecision(Route.HANDOFF, reasons, 0, queue);
            }
            case QUESTION -> {
                // the bot may answer: go on
            }
        }

        if (in.verdict() == Action.BLOCK) {
            reasons.add(new RoutingDecision.Reason(ReasonCode.COMPLIANCE_BLOCK, "草稿被合规规则拦截"));
            return new RoutingDecision(Route.BLOCK, reasons, settings.complaintPriority(), queue);
        }

        boolean noAnswer = in.draftKind() == DraftKind.HANDOFF;
        boolean lowConfidence = in.confidence() < settings.autoSendConfidence();
        if (noAnswer) {
            reasons.add(new RoutingDecision.Reason(ReasonCode.NO_ANSWER_IN_KB, "知识库中没有能回答该问题的条目"));
        } else if (lowConfidence) {
            reasons.add(new RoutingDecision.Reason(ReasonCode.LOW_CONFIDENCE,
                    String.format(Locale.ROOT, "%.2f < %.2f", in.confidence(), settings.autoSendConfidence())));
        }
        if (noAnswer || lowConfidence) {
            if (in.recentLowConfidenceTurns() + 1 >= settings.maxLowConfidenceTurns()) {
                reasons.add(new RoutingDecision.Reason(ReasonCode.REPEATED_LOW_CONFIDENCE,
                        (in.recentLowConfidenceTurns() + 1) + " turns in a row"));
                return new RoutingDecision(Route.HANDOFF, reasons, 0, queue);
            }
            if (in.verdict() == Action.REVIEW) {
                reasons.add(new RoutingDecision.Reason(ReasonCode.COMPLIANCE_REVIEW, "合规规则要求人工审核"));
            }
            return new RoutingDecision(Route.APPROVAL, reasons, 0, queue);
        }

        if (!in.grounding().grounded()) {
            reasons.add(new RoutingDecision.Reason(ReasonCode.UNGROUNDED, in.grounding().explained()));
            if (in.verdict() == Action.REVIEW) {
                reasons.add(new RoutingDecision.Reason(ReasonCode.COMPLIANCE_REVIEW, "合规规则要求人工审核"));
            }
            return new RoutingDecision(Route.APPROVAL, reasons, 0, queue);
        }

        if (in.verdict() == Action.REVIEW) {
            reasons.add(new RoutingDecision.Reason(ReasonCode.COMPLIANCE_REVIEW, "合规规则要求人工审核"));
            return new RoutingDecision(Route.APPROVAL, reasons, 0, queue);
        }

        reasons.add(new RoutingDecision.Reason(in.draftKind() == DraftKind.CLARIFICATION ? ReasonCode.CLARIFICATION : ReasonCode.CONFIDENT,
                String.format(Locale.ROOT, "%.2f >= %.2f", in.confidence(), settings.autoSendConfidence())));
        reasons.add(new RoutingDecision.Reason(ReasonCode.COMPLIANT, in.verdict().name()));
        return new RoutingDecision(Route.AUTO_SEND, reasons, 0, queue);
    }

    private List<String> normalised(List<String> phrases) {
        return phrases.stream().map(p -> normaliser.normaliseTerm(p).toLowerCase(Locale.ROOT))
                .filter(p -> !p.isEmpty()).toList();
    }

    private static boolean containsAny(String text, List<String> phrases) {
        for (String phrase : phrases) {
            if (text.contains(phrase)) {
                return true;
            }
        }
        return false;
    }
}
