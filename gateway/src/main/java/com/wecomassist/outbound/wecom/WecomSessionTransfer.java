package com.wecomassist.outbound.wecom;

import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.outbound.SessionTransfer;
import com.wecomassist.conversation.Conversation;
import com.wecomassist.conversation.ConversationState;
import com.wecomassist.conversation.HandOff;
import com.wecomassist.route.ReasonCode;
import com.wecomassist.wecom.ServiceState;
import com.wecomassist.wecom.WecomApiClient;
import java.time.Clock;
import reactor.core.publisher.Mono;

/** kf/service_state/trans and kf/service_state/get. */
public class WecomSessionTransfer implements SessionTransfer {

    private final WecomApiClient api;
    private final Clock clock;

    public WecomSessionTransfer(WecomApiClient api, Clock clock) {
        this.api = api;
        this.clock = clock;
    }

    @Override
    public Mono<Void> toPool(ConversationKey conversation) {
        if (conversation.channel() != ConversationKey.Channel.KF) {
            return Mono.empty();
        }
        return api.transferServiceState(conversation.account(), conversation.peer(), ServiceState.QUEUED, null).then();
    }

    @Override
    public Mono<Conversation> reconcile(Conversation current) {
        ConversationKey key = current.key();
        if (key.channel() != ConversationKey.Channel.KF) {
            return Mono.just(current);
        }
        return api.serviceState(key.account(), key.peer()).map(state -> switch (state.state()) {
            case ServiceState.HUMAN -> current.personTookOver(state.servicerUserId(), clock.instant()).conversation();
            // WeCom's pool: people must pick it up, whoever held it here
            case ServiceState.QUEUED -> current.queuedByWecom(new HandOff(ReasonCode.QUEUED_IN_WECOM.code(), 0,
                    clock.instant()), clock.instant()).conversation();
            case ServiceState.ENDED -> current.state() == ConversationState.ENDED ? current
                    : current.ended(clock.instant()).conversation();
            // 0 and 1: WeCom lets the bot send; our own finer state stands
            default -> current;
        });
    }
}
