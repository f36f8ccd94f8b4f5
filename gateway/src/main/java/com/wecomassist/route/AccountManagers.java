package com.wecomassist.route;

import com.wecomassist.conversation.ConversationKey;
import reactor.core.publisher.Mono;

/**
 * Who is a customer's account manager (管户), if anyone: their drafts go to that person's approval
 * queue instead of the 直营 agents'. A bank answers this from its CRM; the gateway's own adapter
 * reads a configured list ({@code assist.route.account-managers}).
 */
public interface AccountManagers {

    /** The account manager's userid, or empty when the customer has none. */
    Mono<String> of(ConversationKey conversation);
}
