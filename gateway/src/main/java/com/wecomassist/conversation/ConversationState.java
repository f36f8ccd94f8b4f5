package com.wecomassist.conversation;

/**
 * Where a conversation stands: WeCom's 微信客服 {@code service_state} (0 new, 1 bot, 2 queued,
 * 3 human, 4 ended) plus two states of our own while the bot works on a reply (drafting, awaiting
 * an agent's approval). WeCom knows those two only as "bot" (or still "new").
 */
public enum ConversationState {
    NEW(0),
    BOT(1),
    QUEUED(2),
    HUMAN(3),
    ENDED(4),
    DRAFTING(-1),
    AWAITING_APPROVAL(-1);

    private final int wecomServiceState;

    ConversationState(int wecomServiceState) {
        this.wecomServiceState = wecomServiceState;
    }

    /** WeCom's service_state for this state, or -1 for the two states WeCom does not know. */
    public int wecomServiceState() {
        return wecomServiceState;
    }

    /** The state for a service_state WeCom reports (kf/service_state/get, session_status_change). */
    public static ConversationState ofWecom(int serviceState) {
        for (ConversationState state : values()) {
            if (serviceState >= 0 && state.wecomServiceState == serviceState) {
                return state;
            }
        }
        // Fail closed: a state we do not know must not be guessed into one where the bot may send.
        throw new IllegalArgumentException("unknown WeCom service_state " + serviceState);
    }

    /** True while the bot handles the conversation (WeCom states 0 and 1, where send_msg is allowed). */
    public boolean botHolds() {
        return this == NEW || this == BOT || this == DRAFTING || this == AWAITING_APPROVAL;
    }

    /** True while a person owns the conversation, queued for one or served by one: the bot stays silent. */
    public boolean personHolds() {
        return this == QUEUED || this == HUMAN;
    }
}
