package com.wecomassist.route;

/** What the customer's own words ask for, as far as routing cares. */
public enum Intent {
    /** Asks for a person (人工, 转人工, 真人客服 …). */
    HUMAN_REQUEST,
    /** A complaint or a threat to go to the regulator (投诉, 12378 …). */
    COMPLAINT,
    /** Fraud, a lost or stolen card, money gone (盗刷, 被骗, 挂失 …): urgent for a person. */
    FRAUD_OR_LOST_CARD,
    /** Nothing of the above: the bot may answer. */
    QUESTION
}
