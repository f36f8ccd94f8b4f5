package com.wecomassist.simulator.contacts;

/**
 * The errcodes of the simulated 客户联系 API. "Documented" codes are in WeCom's global errcode list
 * or the API's page; "observed" ones are what developers report WeCom answering; the simulator's own
 * (WeCom's material names none for the case) are marked so.
 */
final class ContactErrors {

    /** Documented: invalid UserID. */
    static final int INVALID_USERID = 40003;
    /** Simulator's own: a bad parameter (too many ids, too long a text, a bad cursor or time range). */
    static final int INVALID_PARAMETER = 40058;
    /** Documented: 不合法的标签ID. */
    static final int INVALID_TAG = 40068;
    /** Documented: 不合法的外部联系人userid. */
    static final int INVALID_EXTERNAL_USERID = 40096;
    /** Documented: 该成员尚未离职 (resigned/transfer_customer of an employee who still works). */
    static final int NOT_RESIGNED = 40097;
    /** Documented: 客户转接过于频繁 (90 天内只允许转接两次). */
    static final int TRANSFERRED_TOO_OFTEN = 40128;
    /** Documented: 当前客户正在转接中. */
    static final int BEING_TRANSFERRED = 40129;
    /** Documented: 原跟进人与接手人一样，不可继承. */
    static final int SAME_EMPLOYEE = 40130;
    /** Documented: handover_userid 并不是外部联系人的跟进人. */
    static final int NOT_FOLLOWER = 40131;
    /** Observed: missing external userid. */
    static final int MISSING_EXTERNAL_USERID = 41035;
    /** Observed: missing welcome_code. */
    static final int MISSING_WELCOME_CODE = 41049;
    /** Observed: invalid welcome code (unknown, or its 20 seconds are over). */
    static final int INVALID_WELCOME_CODE = 41050;
    /** Documented: externaluser has started chatting (the welcome was already sent on this code). */
    static final int WELCOME_ALREADY_SENT = 41051;
    /** Documented: 不存在外部联系人的关系. */
    static final int NOT_EXTERNAL_CONTACT = 84061;

    private ContactErrors() {
    }
}
