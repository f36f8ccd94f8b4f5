package com.wecomassist.outbound;

import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.conversation.HandOff;
import com.wecomassist.wecom.KfMenu;
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
 * @param handOff           why the conversation goes to the people's queue once this is sent (or
 *                          could not be), or null when it stays with the bot
 * @param category          the knowledge-base category of what it answers, or null (the dashboard
 *                          counts answers by category)
 * @param menu              a 猜你想问 menu sent as WeCom's msgmenu (then {@code text} is its plain-text
 *                          form, for the history and the trail), or null for a text
 */
public record OutgoingReply(String replyId, ConversationKey conversation, String text, String eventCode,
                            Author author, String actor, Purpose purpose, String draftId, String customerMessageId,
                            HandOff handOff, String category, KfMenu menu) {

    public enum Author { BOT, PERSON }

    public enum Purpose { ANSWER, MENU_ANSWER, APPROVED, EDITED, AGENT_REPLY, HANDOFF_NOTICE, HOLDING, WELCOME, NON_TEXT, MENU, OUTREACH }

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

    /** True when the conversation goes to the people's queue after this reply. */
    public boolean handOffAfter() {
        return handOff != null;
    }

    /** The bot's own actor name in the audit trail. */
    public static final String BOT = "bot";

    /**
     * The bot's answer, sent on its own (the routing policy allowed it).
     *
     * @param draftId the draft: also the reply's id, so a redelivered message never sends it twice
     */
    public static OutgoingReply botAnswer(String draftId, ConversationKey conversation, String text,
                                          String customerMessageId, String category) {
        return new OutgoingReply(draftId, conversation, text, null, Author.BOT, BOT, Purpose.ANSWER, draftId,
                customerMessageId, null, category, null);
    }

    /**
     * The bot's answer to the entry a customer chose from a 猜你想问 menu: sent like {@link #botAnswer},
     * counted apart (the customer, not the bot's confidence, picked it).
     */
    public static OutgoingReply menuAnswer(String draftId, ConversationKey conversation, String text,
                                           String customerMessageId, String category) {
        return new OutgoingReply(draftId, conversation, text, null, Author.BOT, BOT, Purpose.MENU_ANSWER, draftId,
                customerMessageId, null, category, null);
    }

    /**
     * A notice from the bot that answers no question (a message without words, a holding text),
     * sent only while the bot holds the conversation.
     *
     * @param actor {@link #BOT}, or {@code system} for the SLA watch's holding text
     * @param draftId the draft the notice stands in for, or null
     */
    public static OutgoingReply notice(String replyId, ConversationKey conversation, String text, Purpose purpose,
                                       String actor, String draftId, String customerMessageId) {
        return new OutgoingReply(replyId, conversation, text, null, Author.BOT, actor, purpose, draftId,
                customerMessageId, null, null, null);
    }

    /**
     * The bot's last words before a person takes over ({@link Purpose#HANDOFF_NOTICE}, or
     * {@link Purpose#HOLDING} when compliance blocked the draft): the conversation goes to the
     * people's queue once it is sent, for the reason, with the priority and since the time {@code why} says.
     */
    public static OutgoingReply handingOff(Purpose purpose, ConversationKey conversation, String text,
                                           String customerMessageId, HandOff why) {
        Objects.requireNonNull(why, "why");
        return new OutgoingReply(purpose.name().toLowerCase(java.util.Locale.ROOT) + "-" + customerMessageId,
                conversation, text, null, Author.BOT, BOT, purpose, null, customerMessageId, why, null, null);
    }

    /**
     * A strategy's message to a customer whose 微信客服 window is open (outreach): the bot's, so it goes only
     * while the bot holds the conversation and the window is open; it answers nothing and hands nothing off.
     */
    public static OutgoingReply outreach(String replyId, ConversationKey conversation, String text) {
        return new OutgoingReply(replyId, conversation, text, null, Author.BOT, "outreach", Purpose.OUTREACH, null,
                null, null, null, null);
    }

    /** The welcome for a customer entering a session, sent with WeCom's one-time welcome code. */
    public static OutgoingReply welcome(ConversationKey conversation, String text, String welcomeCode,
                                        String eventMessageId) {
        return new OutgoingReply("welcome-" + eventMessageId, conversation, text, welcomeCode, Author.BOT, BOT,
                Purpose.WELCOME, null, eventMessageId, null, null, null);
    }

    /**
     * A draft an agent approved ({@code edited} false) or edited: still the bot's reply (it may go
     * out only while the bot holds the conversation), with the agent named as its actor.
     */
    public static OutgoingReply approvedDraft(String draftId, ConversationKey conversation, String text, String agent,
                                              boolean edited, String customerMessageId, String category) {
        return new OutgoingReply(draftId, conversation, text, null, Author.BOT, agent,
                edited ? Purpose.EDITED : Purpose.APPROVED, draftId, customerMessageId, null, category, null);
    }

    /**
     * An agent's own words to the customer.
     *
     * @param draftId           the draft it replaces, or null when the agent writes in a conversation they hold
     * @param customerMessageId the msgid it answers, or null
     */
    public static OutgoingReply agentReply(String replyId, ConversationKey conversation, String text, String agent,
                                           String draftId, String customerMessageId, String category) {
        return new OutgoingReply(replyId, conversation, text, null, Author.PERSON, agent, Purpose.AGENT_REPLY,
                draftId, customerMessageId, null, category, null);
    }

    /**
     * The bot's 猜你想问 menu for a question it was not sure enough to answer: the candidates to click,
     * sent as one msgmenu.
     *
     * @param draftId the draft of the question the menu stands in for
     */
    public static OutgoingReply menu(String draftId, ConversationKey conversation, KfMenu menu,
                                     String customerMessageId, String category) {
        Objects.requireNonNull(menu, "menu");
        return new OutgoingReply("menu-" + customerMessageId, conversation, menu.asText(), null, Author.BOT, BOT,
                Purpose.MENU, draftId, customerMessageId, null, category, menu);
    }

    /**
     * True when it carries an answer to the customer's question (the bot's, a draft an agent approved,
     * or the menu that stands in for one): a customer it does not reach must be seen by a person.
     */
    public boolean answersCustomer() {
        return purpose == Purpose.ANSWER || purpose == Purpose.MENU_ANSWER || purpose == Purpose.APPROVED
                || purpose == Purpose.EDITED || purpose == Purpose.MENU;
    }

    public OutboundReply toSend() {
        return new OutboundReply(replyId, conversation, text, eventCode, menu);
    }
}
