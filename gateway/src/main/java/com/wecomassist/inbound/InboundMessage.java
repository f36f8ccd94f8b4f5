package com.wecomassist.inbound;

import com.wecomassist.conversation.ConversationKey;
import java.time.Instant;
import java.util.Objects;

/**
 * One message or event that reached the gateway, whatever the channel: a customer's text pulled
 * with kf/sync_msg, a servicer's message, a session event, or an employee's message to the
 * self-built app. This is what the reply flow consumes.
 *
 * @param messageId      WeCom's id (sync_msg msgid, or the app callback's MsgId); unique per message
 * @param conversation   the conversation it belongs to
 * @param origin         who produced it
 * @param kind           what it carries
 * @param text           the text for TEXT (and MENU_CHOICE), else null
 * @param sentAt         when WeCom says it was sent
 * @param servicerUserId the servicer who wrote it (SERVICER) or who is concerned (events), else null
 * @param event          the session event for EVENT, else null
 * @param menuId         for MENU_CHOICE, the id of the 猜你想问 menu item the customer clicked (WeCom's
 *                       {@code text.menu_id}; {@code text} is then the item's text), else null
 */
public record InboundMessage(String messageId, ConversationKey conversation, MessageOrigin origin, MessageKind kind,
                             String text, Instant sentAt, String servicerUserId, SessionEvent event, String menuId) {

    public InboundMessage {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sentAt, "sentAt");
    }

    /** A message without a menu click (every kind but MENU_CHOICE). */
    public InboundMessage(String messageId, ConversationKey conversation, MessageOrigin origin, MessageKind kind,
                          String text, Instant sentAt, String servicerUserId, SessionEvent event) {
        this(messageId, conversation, origin, kind, text, sentAt, servicerUserId, event, null);
    }

    /** True for what the bot should answer: words from a customer or an employee. */
    public boolean fromPersonBeingServed() {
        return origin == MessageOrigin.CUSTOMER || origin == MessageOrigin.EMPLOYEE;
    }

    @Override
    public String toString() {
        // No message text here: toString ends up in logs, and customer text can hold personal data.
        return "InboundMessage[" + messageId + " " + conversation + " " + origin + " " + kind
                + (event != null ? " " + event.type() : "") + "]";
    }
}
