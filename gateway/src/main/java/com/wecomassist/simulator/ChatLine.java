package com.wecomassist.simulator;

import java.time.Instant;
import java.util.List;

/**
 * One line of a simulated customer's chat window: what the customer sees, plus events.
 *
 * @param menu a msgmenu the gateway sent (its items are clickable on the chat page), else null; {@code text}
 *             is then the menu as plain text
 */
public record ChatLine(String from, String text, Instant at, String msgid, Menu menu) {

    public static final String CUSTOMER = "customer";
    public static final String BOT = "bot";
    public static final String SERVICER = "servicer";
    public static final String SYSTEM = "system";

    /** A line without a menu. */
    public ChatLine(String from, String text, Instant at, String msgid) {
        this(from, text, at, msgid, null);
    }

    /** A msgmenu as the customer sees it: head, clickable items, tail. */
    public record Menu(String head, List<Item> items, String tail) {

        public Menu {
            items = List.copyOf(items);
        }
    }

    /** A {@code click} item: what the customer sees and the id WeCom sends back with the click. */
    public record Item(String id, String content) {
    }
}
