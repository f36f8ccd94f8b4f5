package com.wecomassist.route;

import com.wecomassist.compliance.matching.TextNormaliser;
import com.wecomassist.compliance.rules.Action;
import com.wecomassist.draft.DraftKind;
import com.wecomassist.kb.policy.AnswerPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The policy, checked in this order (the first rule that routes away from the machine wins, and
 * every rule that applied is kept as a reason):
 * <ol>
 *   <li>the customer asks for a person, complains, or reports fraud or a lost card → HANDOFF;</li>
 *   <li>compliance BLOCKs the draft → BLOCK (holding reply, then a person);</li>
 *   <li>the customer chose an entry from a 猜你想问 menu → AUTO_SEND (APPROVAL when compliance asks for REVIEW);</li>
 *   <li>the retrieval half, the knowledge base's {@link AnswerPolicy} (the rule {@code ./assist eval}
 *       simulates): below auto-send, a 猜你想问 MENU when the right answer is probably among the first
 *       {@code menu-items} candidates and a menu may be offered (the customer has not declined one for
 *       this question, compliance wants no review, WeCom's window has room, no candidate is answered by
 *       people only); otherwise no confident answer → APPROVAL, or HANDOFF when this has happened
 *       {@code max-low-confidence-turns} times in a row (not after a declined menu: that customer waits
 *       for an agent with the candidates);</li>
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
    private final AnswerPolicy answers;
    private final Set<String> excludedCategories;
    private final Set<String> excludedEntries;

    public DefaultRoutingPolicy(RouteProperties settings) {
        this.settings = settings;
        this.answers = settings.answerPolicy();
        this.excludedCategories = Set.copyOf(settings.menuExcludedCategories());
        this.excludedEntries = Set.copyOf(settings.menuExcludedEntries());
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

        RoutingInput.Menu menu = in.menu();
        if (menu != null && menu.step() == RoutingInput.MenuStep.CHOSEN) {
            // the customer picked this entry from the menu: the answer is theirs to have, unless compliance objects
            reasons.add(new RoutingDecision.Reason(ReasonCode.MENU_CHOSEN, "客户从猜你想问菜单中选择了该问题"));
            if (in.verdict() == Action.REVIEW) {
                reasons.add(new RoutingDecision.Reason(ReasonCode.COMPLIANCE_REVIEW, "合规规则要求人工审核"));
                return new RoutingDecision(Route.APPROVAL, reasons, 0, queue);
            }
            reasons.add(new RoutingDecision.Reason(ReasonCode.COMPLIANT, in.verdict().name()));
            return new RoutingDecision(Route.AUTO_SEND, reasons, 0, queue);
        }

        // the retrieval half: the knowledge base's AnswerPolicy, the same rule ./assist eval simulates
        boolean noAnswer = in.draftKind() == DraftKind.HANDOFF;
        int candidates = menu != null ? menu.candidates().size() : noAnswer ? 0 : 1;
        double menuConfidence = menu != null ? Math.max(menu.menuConfidence(), in.confidence()) : in.confidence();
        AnswerPolicy.Choice choice = noAnswer ? AnswerPolicy.Choice.AGENT
                : answers.choose(in.confidence(), menuConfidence, candidates);
        if (noAnswer) {
            reasons.add(new RoutingDecision.Reason(ReasonCode.NO_ANSWER_IN_KB, "知识库中没有能回答该问题的条目"));
        } else if (choice != AnswerPolicy.Choice.AUTO) {
            reasons.add(new RoutingDecision.Reason(ReasonCode.LOW_CONFIDENCE,
                    String.format(Locale.ROOT, "%.2f < %.2f", in.confidence(), settings.autoSendConfidence())));
        }
        if (choice == AnswerPolicy.Choice.MENU) {
            String notOffered = whyNoMenu(in, menu);
            if (notOffered == null) {
                reasons.add(new RoutingDecision.Reason(ReasonCode.MENU_OFFERED, String.format(Locale.ROOT,
                        "%.2f >= %.2f, %d items", menuConfidence, settings.menuConfidence(),
                        Math.min(settings.menuItems(), candidates))));
                return new RoutingDecision(Route.MENU, reasons, 0, queue);
            }
            // the agent (and the trail) see why the customer got no menu
            RoutingDecision.Reason unsure = reasons.remove(reasons.size() - 1);
            reasons.add(new RoutingDecision.Reason(unsure.reason(), unsure.detail() + "; 未提供猜你想问菜单：" + notOffered));
        }
        if (choice != AnswerPolicy.Choice.AUTO && menu != null && menu.step() == RoutingInput.MenuStep.DECLINED) {
            reasons.add(new RoutingDecision.Reason(ReasonCode.MENU_DECLINED, declined(menu)));
        }
        if (choice != AnswerPolicy.Choice.AUTO) {
            boolean declined = menu != null && menu.step() == RoutingInput.MenuStep.DECLINED;
            // a customer who declined a menu waits for an agent with the candidates, not for the handoff queue
            if (!declined && in.recentLowConfidenceTurns() + 1 >= settings.maxLowConfidenceTurns()) {
                reasons.add(new RoutingDecision.Reason(ReasonCode.REPEATED_LOW_CONFIDENCE,
                        (in.recentLowConfidenceTurns() + 1) + " turns in a row"));
                return new RoutingDecision(Route.HANDOFF, reasons, 0, queue);
            }
            if (!in.grounding().grounded()) {
                // the agent deciding on the unsure draft should also see what its entries do not back
                reasons.add(new RoutingDecision.Reason(ReasonCode.UNGROUNDED, in.grounding().explained()));
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

    /** What the agent reads: the customer chose none of these candidates. */
    private String declined(RoutingInput.Menu menu) {
        return "客户未从猜你想问菜单中选择（候选：" + String.join("、", menu.candidates().stream()
                .limit(settings.menuItems()).map(RoutingInput.Candidate::entryId).toList()) + "）";
    }

    /**
     * Why a menu the knowledge base's evidence allows is not offered, or null when it may be: the
     * customer declined one for this question already, compliance wants the draft reviewed, WeCom's
     * window has no room for a menu and an answer, or a candidate must be answered by a person.
     */
    private String whyNoMenu(RoutingInput in, RoutingInput.Menu menu) {
        if (menu == null) {
            return "no candidates to offer";
        }
        if (menu.step() != RoutingInput.MenuStep.ASKED) {
            return "客户未从猜你想问菜单中选择";
        }
        if (in.verdict() == Action.REVIEW) {
            return "合规规则要求人工审核";
        }
        if (!menu.roomForMenu()) {
            return "reply window has no room for a menu and an answer";
        }
        for (RoutingInput.Candidate c : menu.candidates().subList(0, Math.min(settings.menuItems(),
                menu.candidates().size()))) {
            if (excludedEntries.contains(c.entryId()) || excludedCategories.contains(c.category())) {
                return "entry " + c.entryId() + (c.category().isEmpty() ? "" : " (" + c.category() + ")")
                        + " is answered by people only";
            }
        }
        return null;
    }

    private List<String> normalised(List<String> phrases) {
        return phrases.stream().map(p -> normaliser.normaliseTerm(p).toLowerCase(Locale.ROOT))
                .filter(p -> !p.isEmpty()).toList();
    }

    private static boolean containsAny(String text, List<String> phrases) {
        for (String phrase : phrases) {
            if (isNumber(phrase) ? containsNumber(text, phrase) : text.contains(phrase)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isNumber(String phrase) {
        return !phrase.isEmpty() && phrase.chars().allMatch(Character::isDigit);
    }

    /**
     * A number such as the regulator's hotline 12378 counts as itself, not as digits inside a longer
     * number: a ticket, order or card number that happens to contain them is no threat to complain
     * (a load run's "咨询单号00012378" was handed to a person as a complaint).
     */
    private static boolean containsNumber(String text, String number) {
        for (int at = text.indexOf(number); at >= 0; at = text.indexOf(number, at + 1)) {
            int end = at + number.length();
            boolean digitBefore = at > 0 && Character.isDigit(text.charAt(at - 1));
            boolean digitAfter = end < text.length() && Character.isDigit(text.charAt(end));
            if (!digitBefore && !digitAfter) {
                return true;
            }
        }
        return false;
    }
}
