package com.wecomassist.route.config;

import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.route.AccountManagers;
import java.util.Map;
import reactor.core.publisher.Mono;

/** Account managers from configuration: external_userid → the manager's userid. */
public class ConfiguredAccountManagers implements AccountManagers {

    private final Map<String, String> managers;

    public ConfiguredAccountManagers(Map<String, String> managers) {
        this.managers = Map.copyOf(managers);
    }

    @Override
    public Mono<String> of(ConversationKey conversation) {
        return conversation.channel() == ConversationKey.Channel.KF
                ? Mono.justOrEmpty(managers.get(conversation.peer())) : Mono.empty();
    }
}
