package com.wecomassist.session;

import java.time.Instant;

/**
 * One entry in a conversation's history: something the customer, the bot or a person said, or a
 * session event (a person took over, the session ended).
 *
 * @param author  who: customer, bot, servicer (a person), employee, or system
 * @param text    what was said (for events, a short description)
 * @param at      when
 * @param ref     WeCom msgid or our reply id, for the audit trail
 */
public record Turn(Author author, String text, Instant at, String ref) {

    public enum Author { CUSTOMER, EMPLOYEE, BOT, SERVICER, SYSTEM }
}
