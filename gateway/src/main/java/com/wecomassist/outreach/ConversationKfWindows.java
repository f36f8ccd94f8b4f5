package com.wecomassist.outreach;

import com.wecomassist.conversation.Conversation;
import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.conversation.ConversationState;
import com.wecomassist.conversation.ConversationStore;
import com.wecomassist.inbound.SyncCursorStore;
import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * {@link KfWindows} from the conversations: a strategy's message goes to the customer on 微信客服 when they
 * wrote to one of the bank's 微信客服 accounts within WeCom's 48 h and the window has room for this message
 * and one answer after it (the customer may reply to it), and the bot holds the conversation and is idle
 * (not while a person serves or is to serve them, not while an answer or a 猜你想问 menu is pending: a
 * message from a campaign must not cut into a conversation). Within one company WeCom gives a WeChat user
 * the same external_userid in 微信客服 and in 客户联系, which is what lets a bank event find the window.
 *
 * <p>Looks at the conversation with the customer on each account the gateway has pulled messages for (a
 * key read each: no scan of the store).
 */
public class ConversationKfWindows implements KfWindows {

    private final ConversationStore conversations;
    private final SyncCursorStore accounts;

    public ConversationKfWindows(ConversationStore conversations, SyncCursorStore accounts) {
        this.conversations = conversations;
        this.accounts = accounts;
    }

    @Override
    public Mono<ConversationKey> open(String customer, Instant now) {
        return accounts.accounts()
                .concatMap(account -> conversations.get(ConversationKey.kf(account, customer)))
                .filter(c -> roomFor(c, now))
                .map(Conversation::key)
                .next();
    }

    static boolean roomFor(Conversation c, Instant now) {
        boolean idle = c.state() == ConversationState.BOT || c.state() == ConversationState.NEW;
        return idle && c.menu() == null && c.roomForMenu(now);
    }
}
