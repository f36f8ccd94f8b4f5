package com.wecomassist.conversation;

import com.wecomassist.error.TransientException;

/** Other writers changed the conversation on every attempt; a later try can succeed. */
public class ConversationConflictException extends TransientException {

    public ConversationConflictException(ConversationKey key, int attempts) {
        super("conversation " + key + " was changed concurrently on all " + attempts + " attempts");
    }
}
