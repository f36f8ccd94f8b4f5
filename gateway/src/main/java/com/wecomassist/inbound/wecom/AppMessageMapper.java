package com.wecomassist.inbound.wecom;

import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.inbound.InboundMessage;
import com.wecomassist.inbound.MessageKind;
import com.wecomassist.inbound.MessageOrigin;
import java.time.Instant;
import java.util.Optional;

/**
 * Turns a self-built app callback (an employee's message) into an {@link InboundMessage}, the same
 * record as a 微信客服 message. App events (subscribe, enter_agent, menu clicks) are not
 * conversation messages and map to empty.
 */
final class AppMessageMapper {

    Optional<InboundMessage> map(CallbackFields fields) {
        String msgType = fields.getOrNull("MsgType");
        String from = fields.getOrNull("FromUserName");
        String agentId = fields.getOrNull("AgentID");
        String msgId = fields.getOrNull("MsgId");
        if (msgType == null || from == null || "event".equals(msgType) || msgId == null) {
            return Optional.empty();
        }
        MessageKind kind = MessageKind.fromWecom(msgType);
        long created = parseLong(fields.getOrNull("CreateTime"));
        return Optional.of(new InboundMessage("app-" + msgId,
                ConversationKey.app(agentId == null ? "-" : agentId, from), MessageOrigin.EMPLOYEE, kind,
                kind == MessageKind.TEXT ? fields.getOrNull("Content") : null,
                Instant.ofEpochSecond(created), null, null));
    }

    private static long parseLong(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
