package com.wecomassist.customerlinks;

import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.route.AccountManagers;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Routing's {@link AccountManagers} answered from the bank's links ({@link CustomerLinks}), the configured list behind them:
 * <ul>
 *   <li>a link whose tier is served by 直营 ({@code assist.customer-links.tiers}): no account manager,
 *       whoever the 管户 is (the bank decided those customers go to the 直营 agents);</li>
 *   <li>a link with a 管户: that person;</li>
 *   <li>no link, or a link without a 管户: the configured list ({@code assist.route.account-managers}).</li>
 * </ul>
 * The same external_userid names the customer in 微信客服 and in 客户联系 within one corp, so a
 * 微信客服 conversation's peer is the key of the link. A store that cannot be read fails the lookup
 * (the conversation store is down with it in cluster mode; the message is retried as any other).
 */
class LinkedAccountManagers implements AccountManagers {

    private final CustomerLinks links;
    private final CustomerLinksProperties tiers;
    private final AccountManagers configured;

    LinkedAccountManagers(CustomerLinks links, CustomerLinksProperties tiers, AccountManagers configured) {
        this.links = links;
        this.tiers = tiers;
        this.configured = configured;
    }

    @Override
    public Mono<String> of(ConversationKey conversation) {
        if (conversation.channel() != ConversationKey.Channel.KF) {
            return Mono.empty(); // the app channel's peer is an employee, not a customer
        }
        return links.link(conversation.peer()).map(Optional::of).defaultIfEmpty(Optional.empty())
                .flatMap(found -> {
                    if (found.isPresent()) {
                        CustomerLink link = found.get();
                        if (tiers.servedDirect(link.tier())) {
                            return Mono.empty();
                        }
                        if (link.managerUserId() != null) {
                            return Mono.just(link.managerUserId());
                        }
                    }
                    return configured.of(conversation);
                });
    }
}
