package com.wecomassist.route;

import com.wecomassist.kb.policy.AnswerPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The routing policy's thresholds and phrase lists (matched after normalisation: full-width,
 * case, and characters inserted between words are ignored).
 *
 * @param autoSendConfidence   the KB confidence at or above which a compliant answer is sent by the machine
 * @param maxLowConfidenceTurns after this many turns in a row without a confident answer, hand off
 * @param humanRequest         phrases that ask for a person
 * @param complaint            phrases of a complaint or of going to the regulator
 * @param fraudOrLostCard      phrases of fraud, theft or a lost card
 * @param urgentPriority       priority of fraud and lost-card handoffs
 * @param complaintPriority    priority of complaint handoffs
 * @param accountManagers      customers (external_userid) who have an account manager (管户), and that
 *                             person's userid: their drafts go to that person's approval queue
 * @param menuConfidence       the calibrated probability that the right answer is among the offered
 *                             candidates from which a question below auto-send gets a 猜你想问 menu
 *                             instead of an agent (above 1 turns menus off)
 * @param menuItems            how many candidates a menu offers (2 to 10, WeCom allows 10)
 * @param menuWait             how long the customer has to choose before the question goes to the agents
 * @param menuExcludedCategories knowledge-base categories never offered in a menu (their answers must
 *                             come from a person): a question with one among its candidates goes to the agents
 * @param menuExcludedEntries  entry ids never offered in a menu, likewise
 */
@ConfigurationProperties(prefix = "assist.route", ignoreUnknownFields = false)
public record RouteProperties(
        @DefaultValue("0.94") double autoSendConfidence,
        @DefaultValue("2") int maxLowConfidenceTurns,
        @DefaultValue({"人工", "转人工", "真人", "人工客服", "客服人员", "找客服", "接线员", "human", "agent", "real person"})
        List<String> humanRequest,
        @DefaultValue({"投诉", "12378", "银保监", "金融监管", "监管部门", "消保", "曝光", "起诉", "律师函", "举报"})
        List<String> complaint,
        @DefaultValue({"盗刷", "被盗", "被骗", "诈骗", "骗子", "骗了", "挂失", "卡丢", "卡掉了", "丢了卡", "卡被偷",
                "钱没了", "不是我本人", "冒用", "异常扣款"})
        List<String> fraudOrLostCard,
        @DefaultValue("100") int urgentPriority,
        @DefaultValue("50") int complaintPriority,
        Map<String, String> accountManagers,
        @DefaultValue("0.5") double menuConfidence,
        @DefaultValue("3") int menuItems,
        @DefaultValue("3m") Duration menuWait,
        @DefaultValue({"挂失", "投诉", "反诈", "诈骗"}) List<String> menuExcludedCategories,
        List<String> menuExcludedEntries) {

    public RouteProperties {
        if (autoSendConfidence <= 0 || autoSendConfidence > 1) {
            throw new IllegalArgumentException("assist.route.auto-send-confidence must be in (0, 1]");
        }
        if (maxLowConfidenceTurns < 1) {
            throw new IllegalArgumentException("assist.route.max-low-confidence-turns must be at least 1");
        }
        humanRequest = List.copyOf(humanRequest);
        complaint = List.copyOf(complaint);
        fraudOrLostCard = List.copyOf(fraudOrLostCard);
        accountManagers = accountManagers == null ? Map.of() : Map.copyOf(accountManagers);
        if (!(menuConfidence >= 0)) {
            throw new IllegalArgumentException("assist.route.menu-confidence must be at least 0 (above 1 turns menus off)");
        }
        if (menuItems < 2 || menuItems > 10) {
            throw new IllegalArgumentException("assist.route.menu-items must be between 2 and 10");
        }
        if (menuWait.isNegative() || menuWait.isZero()) {
            throw new IllegalArgumentException("assist.route.menu-wait must be positive");
        }
        menuExcludedCategories = menuExcludedCategories == null ? List.of() : List.copyOf(menuExcludedCategories);
        menuExcludedEntries = menuExcludedEntries == null ? List.of() : List.copyOf(menuExcludedEntries);
    }

    /** The retrieval half of the policy (auto / menu / agent), the rule {@code ./assist eval} simulates too. */
    public AnswerPolicy answerPolicy() {
        return new AnswerPolicy(autoSendConfidence, menuConfidence, menuItems);
    }
}
