package com.wecomassist.outbound.wecom;

import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.outbound.ConversationNotServableException;
import com.wecomassist.outbound.MessageSplitter;
import com.wecomassist.outbound.OutboundReply;
import com.wecomassist.outbound.ReplySender;
import com.wecomassist.outbound.SentReply;
import com.wecomassist.wecom.WecomApiClient;
import com.wecomassist.wecom.WecomApiException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Sends replies through WeCom: kf/send_msg for customers (kf/send_msg_on_event when the reply
 * answers a welcome or session code), message/send for employees. Long texts go as several
 * messages split on sentence boundaries, in order; each part's msgid comes from the reply id. A
 * 猜你想问 menu goes to a 微信客服 customer as one msgmenu, to an employee as its plain text.
 *
 * <p>A retry must never deliver a second copy. kf/send_msg keeps one message per msgid, and every
 * try of a part carries the same one. message/send takes no msgid of ours: each text goes with
 * WeCom's duplicate check on (the same request within {@code appDuplicateCheck} is not delivered
 * again), which covers a retry after a timeout or a 5xx, when WeCom may have delivered the first.
 */
public class WecomReplySender implements ReplySender {

    private static final Logger log = LoggerFactory.getLogger(WecomReplySender.class);

    private final WecomApiClient api;
    private final Integer agentId;
    private final Duration appDuplicateCheck;

    /** @param appDuplicateCheck how long WeCom keeps an app text from being delivered twice (at most 4 h) */
    public WecomReplySender(WecomApiClient api, Integer agentId, Duration appDuplicateCheck) {
        this.api = api;
        this.agentId = agentId;
        this.appDuplicateCheck = appDuplicateCheck;
    }

    @Override
    public Mono<SentReply> send(OutboundReply reply) {
        ConversationKey to = reply.conversation();
        if (reply.menu() != null && reply.eventCode() == null && to.channel() == ConversationKey.Channel.KF) {
            return api.sendKfMenu(to.account(), to.peer(), WecomMessageIds.forPart(reply.replyId(), 0), reply.menu())
                    .map(id -> new SentReply(reply.replyId(), List.of(id)))
                    .onErrorMap(this::translate);
        }
        List<String> parts = MessageSplitter.split(reply.text(), MessageSplitter.WECOM_TEXT_LIMIT);
        if (reply.eventCode() != null) {
            // An event code allows exactly one message: send the first part, say what was dropped.
            if (parts.size() > 1) {
                log.warn("reply {} is {} parts; an event code allows one, the rest is not sent", reply.replyId(),
                        parts.size());
            }
            return api.sendKfTextOnEvent(reply.eventCode(), WecomMessageIds.forPart(reply.replyId(), 0), parts.get(0))
                    .map(id -> new SentReply(reply.replyId(), List.of(id)))
                    .onErrorMap(this::translate);
        }
        return Flux.range(0, parts.size())
                .concatMap(i -> sendPart(to, WecomMessageIds.forPart(reply.replyId(), i), parts.get(i)))
                .collectList()
                .map(ids -> new SentReply(reply.replyId(), ids))
                .onErrorMap(this::translate);
    }

    private Mono<String> sendPart(ConversationKey to, String msgid, String text) {
        return switch (to.channel()) {
            case KF -> api.sendKfText(to.account(), to.peer(), msgid, text);
            case APP -> {
                if (agentId == null) {
                    yield Mono.error(new IllegalStateException(
                            "assist.wecom.agent-id is not set: cannot answer employees through the app"));
                }
                yield api.sendAppText(agentId, to.peer(), text, appDuplicateCheck);
            }
        };
    }

    private Throwable translate(Throwable e) {
        if (e instanceof WecomApiException w && w.sessionNotServable()) {
            return new ConversationNotServableException("a person owns the conversation or it ended", w);
        }
        return e;
    }
}
