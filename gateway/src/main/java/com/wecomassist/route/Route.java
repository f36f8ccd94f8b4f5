package com.wecomassist.route;

/** Where a drafted reply goes. */
public enum Route {
    /** Sent to the customer without a person looking at it. */
    AUTO_SEND,
    /**
     * Not sure enough to send, but the right answer is probably among the first candidates: the bot
     * offers them to the customer as a 猜你想问 menu (msgmenu) to choose from.
     */
    MENU,
    /** Queued for a 直营 agent (or the customer's account manager) to approve, edit or reject. */
    APPROVAL,
    /** The conversation goes to a person at once (the bot sends only the handoff notice). */
    HANDOFF,
    /** The draft must not be sent: a safe holding reply goes out and a person takes over. */
    BLOCK
}
