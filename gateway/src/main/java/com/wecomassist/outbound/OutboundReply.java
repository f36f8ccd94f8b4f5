package com.wecomassist.outbound;

import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.wecom.KfMenu;
import java.util.Objects;

/**
 * A reply to send. {@code replyId} is ours and stable across retries: the WeCom msgid of each
 * part is derived from it, so sending the same reply twice can never deliver two copies.
 *
 * @param replyId      our id for this reply
 * @param conversation who receives it
 * @param text         the text, any length (split into parts of at most 2048 UTF-8 bytes)
 * @param eventCode    a welcome_code or msg_code: send with kf/send_msg_on_event (one part only)
 * @param menu         a 猜你想问 menu to send as msgmenu where the channel has menus (微信客服), else null;
 *                     {@code text} is its plain-text form for the other channels
 */
public record OutboundReply(String replyId, ConversationKey conversation, String text, String eventCode,
                            KfMenu menu) {

    public OutboundReply {
        Objects.requireNonNull(replyId, "replyId");
        Objects.requireNonNull(conversation, "conversation");
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a reply needs text");
        }
    }

    public static OutboundReply text(String replyId, ConversationKey conversation, String text) {
        return new OutboundReply(replyId, conversation, text, null, null);
    }
}
