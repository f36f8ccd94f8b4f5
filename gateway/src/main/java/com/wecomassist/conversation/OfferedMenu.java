package com.wecomassist.conversation;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A 猜你想问 menu the bot offered and the customer has not answered yet: which knowledge-base entries
 * it offered (under which click ids), for which question, and until when the customer may choose
 * before the question goes to the agents. Kept on the {@link Conversation} so that every instance
 * (and either store) knows what a click means and when the menu lapses.
 *
 * @param questionMessageId the msgid of the customer's line the menu answers (the original question)
 * @param question          the customer's question, masked (what goes to the agents if nobody chooses)
 * @param items             what was offered, in the order shown (at least one)
 * @param offeredAt         when the menu was offered
 * @param expiresAt         when the question goes to the agents if the customer has not chosen
 */
public record OfferedMenu(String questionMessageId, String question, List<Item> items, Instant offeredAt,
                          Instant expiresAt) {

    public OfferedMenu {
        if (questionMessageId == null || questionMessageId.isBlank()) {
            throw new IllegalArgumentException("a menu answers a question: questionMessageId is required");
        }
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(offeredAt, "offeredAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        items = List.copyOf(items);
        if (items.isEmpty()) {
            throw new IllegalArgumentException("a menu offers at least one item");
        }
        if (expiresAt.isBefore(offeredAt)) {
            throw new IllegalArgumentException("a menu cannot lapse before it was offered");
        }
    }

    /** The item a click id names, if this menu offered it. */
    public Optional<Item> item(String clickId) {
        return clickId == null ? Optional.empty() : items.stream().filter(i -> i.clickId().equals(clickId)).findFirst();
    }

    /** True when the customer's time to choose is over at {@code now}. */
    public boolean lapsedAt(Instant now) {
        return !expiresAt.isAfter(now);
    }

    /**
     * One offered entry.
     *
     * @param clickId  the id WeCom sends back with the customer's click ({@code text.menu_id})
     * @param entryId  the knowledge-base entry
     * @param version  the entry's version when offered
     * @param question the entry's standard question, as shown
     */
    public record Item(String clickId, String entryId, long version, String question) {

        public Item {
            if (clickId == null || clickId.isEmpty() || entryId == null || entryId.isBlank()) {
                throw new IllegalArgumentException("a menu item needs a click id and an entry");
            }
            Objects.requireNonNull(question, "question");
        }
    }
}
