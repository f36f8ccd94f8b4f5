package com.wecomassist.kb.policy;

/**
 * The retrieval half of the answer policy: what the knowledge base's evidence allows for one
 * question. The gateway's routing policy applies it after intent and compliance (which may only send
 * a question further towards a person), and {@code ./assist eval} simulates it over labelled
 * questions, so the offline split and the live dashboard use the same names and the same rule.
 *
 * <ul>
 *   <li>{@link Choice#AUTO}: the top answer is sure enough to send without a person;</li>
 *   <li>{@link Choice#MENU}: not sure enough, but the right answer is probably among the first
 *       {@code menuItems} candidates: offer them to the customer as a 猜你想问 menu;</li>
 *   <li>{@link Choice#AGENT}: neither: an agent decides (with the candidates beside the draft).</li>
 * </ul>
 *
 * @param autoSendAt the calibrated confidence from which the top answer is sent (a precision target)
 * @param menuAt     the calibrated probability that the right answer is among the offered items from
 *                   which a menu is offered; above 1 turns menus off
 * @param menuItems  how many candidates a menu offers (WeCom allows up to 10 items; 2..10)
 */
public record AnswerPolicy(double autoSendAt, double menuAt, int menuItems) {

    /** How many candidates a 猜你想问 menu offers by default, and what {@code menuConfidence} is measured over. */
    public static final int MENU_ITEMS = 3;

    /** What the evidence allows. */
    public enum Choice { AUTO, MENU, AGENT }

    public AnswerPolicy {
        if (!(autoSendAt >= 0 && autoSendAt <= 1)) {
            throw new IllegalArgumentException("autoSendAt must be within 0..1, not " + autoSendAt);
        }
        if (!(menuAt >= 0)) {
            throw new IllegalArgumentException("menuAt must be at least 0, not " + menuAt);
        }
        if (menuItems < 2 || menuItems > 10) {
            throw new IllegalArgumentException("menuItems must be within 2..10, not " + menuItems);
        }
    }

    /**
     * @param confidence     calibrated probability that the top answer is right
     * @param menuConfidence calibrated probability that the right answer is among the first {@code menuItems}
     * @param candidates     how many distinct answers retrieval found
     */
    public Choice choose(double confidence, double menuConfidence, int candidates) {
        if (candidates < 1) {
            return Choice.AGENT;
        }
        if (confidence >= autoSendAt) {
            return Choice.AUTO;
        }
        // a menu of one item is a question the bot could not answer: a person decides
        if (candidates >= 2 && menuConfidence >= menuAt) {
            return Choice.MENU;
        }
        return Choice.AGENT;
    }
}
