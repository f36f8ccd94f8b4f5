package com.wecomassist.simulator;

/**
 * The errcodes the simulator answers. Where WeCom documents a code for the situation it is used;
 * where the material we have names none, the simulator uses a code of its own, marked so here,
 * and the gateway treats it like any other permanent error.
 */
final class SimulatorErrors {

    /** Documented: invalid secret. */
    static final int INVALID_SECRET = 40001;
    /** Documented: invalid CorpID. */
    static final int INVALID_CORP_ID = 40013;
    /** Documented: invalid access_token. */
    static final int INVALID_TOKEN = 40014;
    /** Documented: missing access_token. */
    static final int MISSING_TOKEN = 41001;
    /** Documented: access_token expired. */
    static final int TOKEN_EXPIRED = 42001;
    /** Documented (by users): session state does not allow the API to send. */
    static final int SESSION_NOT_SERVABLE = 95018;
    /** Documented: servicer not in 正在接待 / not activated. */
    static final int SERVICER_NOT_AVAILABLE = 95014;
    /** Simulator's own: text over 2048 bytes. */
    static final int CONTENT_TOO_LONG = 45002;
    /** Simulator's own: bad parameter (unknown open_kfid, bad msgid, empty content). */
    static final int INVALID_PARAMETER = 40058;
    /** Simulator's own: the 48-hour / 5-message reply window is closed. */
    static final int REPLY_WINDOW_CLOSED = 95026;
    /** Simulator's own: a welcome/msg code that is unknown, used or expired. */
    static final int INVALID_EVENT_CODE = 95021;

    private SimulatorErrors() {
    }
}
