package com.wecomassist.wecom;

import com.wecomassist.error.AssistException;
import java.util.Set;

/**
 * A WeCom API call that answered a non-zero errcode (or could not be made). The errcode decides
 * whether it is retryable, so the classification lives in one place.
 */
public class WecomApiException extends AssistException {

    /** The system is busy (-1), or a frequency/concurrency limit was hit (45009, 45033). */
    static final Set<Integer> RETRYABLE_CODES = Set.of(-1, 45009, 45033);
    /** The access token is invalid or expired: refresh once and try again. */
    static final Set<Integer> TOKEN_CODES = Set.of(40001, 40014, 42001);
    /** The session is not in a state the API may send in (a person owns it, or it ended). */
    public static final int SESSION_NOT_SERVABLE = 95018;
    /** send_welcome_msg: the welcome_code is not (or no longer) valid: it lives 20 s. */
    public static final int WELCOME_CODE_INVALID = 41050;
    /** send_welcome_msg: the code was used already (by us, or by another app that got the same event). */
    public static final int WELCOME_CODE_USED = 41051;
    /** externalcontact/*: the external_userid is not one of the corp's customers. */
    public static final int INVALID_EXTERNAL_USERID = 40096;
    /** externalcontact/*: no employee of the corp has a relationship with this external contact. */
    public static final int NO_CONTACT_RELATIONSHIP = 84061;

    private final String api;
    private final int errcode;
    private final boolean retryable;
    private final boolean unanswered;

    public WecomApiException(String api, int errcode, String errmsg) {
        this(api, errcode, errmsg, RETRYABLE_CODES.contains(errcode), null, false);
    }

    WecomApiException(String api, int errcode, String errmsg, boolean retryable, Throwable cause, boolean unanswered) {
        super("WeCom " + api + " failed: errcode " + errcode + " " + errmsg, cause);
        this.api = api;
        this.errcode = errcode;
        this.retryable = retryable;
        this.unanswered = unanswered;
    }

    /** A call that got no WeCom answer at all (timeout, connection reset, HTTP 5xx): worth retrying. */
    static WecomApiException unreachable(String api, Throwable cause) {
        return new WecomApiException(api, -1, "no answer: " + cause.getClass().getSimpleName(), true, cause, true);
    }

    /**
     * True when WeCom gave no answer (timeout, connection lost, HTTP 5xx): unlike an errcode, which says
     * the call was refused, it leaves open whether WeCom acted on it.
     */
    public boolean unanswered() {
        return unanswered;
    }

    public String api() {
        return api;
    }

    public int errcode() {
        return errcode;
    }

    public boolean sessionNotServable() {
        return errcode == SESSION_NOT_SERVABLE;
    }

    boolean tokenRejected() {
        return TOKEN_CODES.contains(errcode);
    }

    @Override
    public boolean retryable() {
        return retryable;
    }
}
