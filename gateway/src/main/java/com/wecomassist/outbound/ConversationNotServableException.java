package com.wecomassist.outbound;

import com.wecomassist.error.PermanentException;

/**
 * The bot may not send in this conversation now (WeCom errcode 95018: the session is queued for,
 * or served by, a person, or it ended). Permanent: retrying would only fail again.
 */
public class ConversationNotServableException extends PermanentException {

    public ConversationNotServableException(String message, Throwable cause) {
        super(message, cause);
    }
}
