package com.wecomassist.session;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * One entry in a conversation's history: something the customer, the bot or a person said, or a
 * session event (a person took over, the session ended).
 *
 * @param author  who: customer, bot, servicer (a person), employee, or system
 * @param text    what was said (for a message without words, its placeholder such as {@code [image]};
 *                for events, a short description)
 * @param at      when
 * @param ref     WeCom msgid or our reply id, for the audit trail
 * @param kind    words, a message without words, or a session event
 */
public record Turn(Author author, String text, Instant at, String ref, Kind kind) {

    public enum Author { CUSTOMER, EMPLOYEE, BOT, SERVICER, SYSTEM }

    /** What a turn carries: only {@link #TEXT} has words a reply can answer. */
    public enum Kind { TEXT, NON_TEXT, EVENT }

    /** The placeholders inbound writes for messages without words ({@code [image]}, {@code [business_card]} …). */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\[[a-z_]+\\]");

    public Turn {
        if (kind == null) {
            // A turn stored before turns had a kind: events are the system's, and a message without
            // words was stored as its ASCII placeholder (customers' emoticons such as [微笑] are not).
            kind = author == Author.SYSTEM ? Kind.EVENT
                    : text != null && PLACEHOLDER.matcher(text).matches() ? Kind.NON_TEXT : Kind.TEXT;
        }
    }

    /** Words someone said. */
    public static Turn said(Author author, String text, Instant at, String ref) {
        return new Turn(author, text, at, ref, Kind.TEXT);
    }

    /** A message without words, standing in the history as its placeholder. */
    public static Turn withoutWords(Author author, String placeholder, Instant at, String ref) {
        return new Turn(author, placeholder, at, ref, Kind.NON_TEXT);
    }

    /** A session event, described. */
    public static Turn event(String description, Instant at, String ref) {
        return new Turn(Author.SYSTEM, description, at, ref, Kind.EVENT);
    }

    /** True for the words of the person being served (customer or employee), what a question is made of. */
    public boolean fromPersonServed() {
        return author == Author.CUSTOMER || author == Author.EMPLOYEE;
    }
}
