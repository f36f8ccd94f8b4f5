package com.wecomassist.outbound;

import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.conversation.Conversation;
import reactor.core.publisher.Mono;

/**
 * WeCom's side of who holds a conversation: hands a session to the pool of people
 * (service_state 2) and reads the state WeCom holds, which wins over ours when they disagree
 * (a servicer can take a session over from the WeCom client at any time).
 */
public interface SessionTransfer {

    /** Moves the WeCom session to the queue for people; nothing to do for employees' app chats. */
    Mono<Void> toPool(ConversationKey conversation);

    /** The conversation with WeCom's current state applied to it ({@code current} unchanged for app chats). */
    Mono<Conversation> reconcile(Conversation current);
}
