package com.wecomassist.outbound;

import com.wecomassist.conversation.ConversationKey;
import java.util.Objects;

/**
 * A reply on its way out, with what the dispatcher needs to send it at most once and record it:
 * who wrote it (the bot may send only while it holds the conversation; a person holding it may
 * always answer within WeCom's window), what it answers, and what happens after it was sent.
 *
 * @param replyId           stable id: the WeCom msgids derive from it, and it is sent at most once
 * @param conversation      who receives it
 * @param text              the text, compliance-checked already
 * @param eventCode         a welcome_code or msg_code (kf/send_msg_on_event), else null
 * @param author            the bot or a person
 * @param actor             {@code bot} or the agent's id, for the audit trail
 * @param purpose           what the reply is (a metric tag and the audit trail say so)
 * @param draftId           the draft it carries, or null
 * @param customerMessageId the WeCom msgid of the message it answers, or null
 * @param handOffAfter      true when the conversation goes to the people's queue once this is sent
 * @param category          the knowledge-base category of what it answers, or null (the dashboard
 *                          counts answers by category)
 */
public record OutgoingReply(String replyId, ConversationKey conversation, String text, String eventCode,
                            Author author, String actor, Purpose purpose, String draftId, String customerMessageId,
                            boolean handOffAfter, String category) {

    public enum Author { BOT, PERSON }

    public enum Purpose { ANSWER, APPROVED, EDITED, AGENT_REPLY, HANDOFF_NOTICE, HOLDING, WELCOME, NON_TEXT }

    public OutgoingReply {
        Objects.requireNonNull(replyId, "replyId");
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(purpose, "purpose");
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a reply needs text");
        }
    }

    /** A reply whose category does not matter or is not known. */
    public OutgoingReply(String replyId, ConversationKey conversation, String text, String eventCode, Author author,
                         String actor, Purpose purpose, String draftId, String customerMessageId, boolean handOffAfter) {
        this(replyId, conversation, text, eventCode, author, actor, purpose, draftId, customerMessageId, handOffAfter,
                null);
    }

    public OutboundReply toSend() {
        return new OutboundReply(replyId, conversation, text, eventCode);
    }
}
