package com.wecomassist.wecom;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A 微信客服 {@code msgmenu} message: a head text, clickable items, a tail text. The customer's click
 * comes back through kf/sync_msg as a text message whose {@code text.menu_id} is the item's id and
 * whose content is the item's text. Built within WeCom's limits, which it checks: at most
 * {@value #MAX_ITEMS} items, an id of 1–{@value #MAX_ID_BYTES} bytes, an item text of
 * 1–{@value #MAX_CONTENT_BYTES} bytes, head and tail of at most {@value #MAX_HEAD_TAIL_BYTES} bytes
 * each (UTF-8 bytes, not characters: a Chinese character is three). {@link #of} cuts texts that are
 * too long at a character boundary instead of refusing them.
 *
 * @param head  the text above the items (may be empty)
 * @param items the clickable items, in order
 * @param tail  the text below the items (may be empty)
 */
public record KfMenu(String head, List<Click> items, String tail) {

    public static final int MAX_ITEMS = 10;
    public static final int MAX_ID_BYTES = 64;
    public static final int MAX_CONTENT_BYTES = 128;
    public static final int MAX_HEAD_TAIL_BYTES = 1024;

    public KfMenu {
        head = head == null ? "" : head;
        tail = tail == null ? "" : tail;
        items = List.copyOf(items);
        if (items.isEmpty() || items.size() > MAX_ITEMS) {
            throw new IllegalArgumentException("a msgmenu has 1 to " + MAX_ITEMS + " items, not " + items.size());
        }
        if (bytes(head) > MAX_HEAD_TAIL_BYTES || bytes(tail) > MAX_HEAD_TAIL_BYTES) {
            throw new IllegalArgumentException("a msgmenu's head and tail are at most " + MAX_HEAD_TAIL_BYTES + " bytes");
        }
    }

    /**
     * One {@code click} item.
     *
     * @param id      what WeCom sends back as {@code text.menu_id}: 1–64 bytes
     * @param content the text shown and sent back as the customer's message: 1–128 bytes
     */
    public record Click(String id, String content) {

        public Click {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(content, "content");
            if (bytes(id) < 1 || bytes(id) > MAX_ID_BYTES) {
                throw new IllegalArgumentException("a click id is 1 to " + MAX_ID_BYTES + " bytes: '" + id + "'");
            }
            if (content.isBlank() || bytes(content) > MAX_CONTENT_BYTES) {
                throw new IllegalArgumentException("a click's content is 1 to " + MAX_CONTENT_BYTES + " bytes");
            }
        }

        /** An item whose content is cut to WeCom's limit at a character boundary (marked with …) when too long. */
        public static Click cut(String id, String content) {
            return new Click(id, KfMenu.cut(content.strip(), MAX_CONTENT_BYTES));
        }
    }

    /** A menu with head and tail cut to WeCom's limit when too long. */
    public static KfMenu of(String head, List<Click> items, String tail) {
        return new KfMenu(cut(head == null ? "" : head, MAX_HEAD_TAIL_BYTES), items,
                cut(tail == null ? "" : tail, MAX_HEAD_TAIL_BYTES));
    }

    /** The {@code msgmenu} object of a kf/send_msg body. */
    public Map<String, Object> body() {
        Map<String, Object> menu = new LinkedHashMap<>();
        if (!head.isEmpty()) {
            menu.put("head_content", head);
        }
        List<Map<String, Object>> list = new ArrayList<>();
        for (Click item : items) {
            // ordered maps: the same menu is always the same body (Map.of's order changes from run to run)
            Map<String, Object> click = new LinkedHashMap<>();
            click.put("id", item.id());
            click.put("content", item.content());
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("type", "click");
            entry.put("click", click);
            list.add(entry);
        }
        menu.put("list", list);
        if (!tail.isEmpty()) {
            menu.put("tail_content", tail);
        }
        return menu;
    }

    /** The menu as plain text (head, numbered items, tail): for the history, the trail, and channels without menus. */
    public String asText() {
        StringBuilder text = new StringBuilder(head);
        for (int i = 0; i < items.size(); i++) {
            text.append(text.isEmpty() ? "" : "\n").append(i + 1).append(". ").append(items.get(i).content());
        }
        if (!tail.isEmpty()) {
            text.append('\n').append(tail);
        }
        return text.toString();
    }

    /**
     * {@code text} cut to at most {@code maxBytes} UTF-8 bytes, never inside a character (nor between
     * the two halves of a surrogate pair); a cut text ends with … within the limit.
     */
    static String cut(String text, int maxBytes) {
        if (bytes(text) <= maxBytes) {
            return text;
        }
        String ellipsis = "…";
        int budget = maxBytes - bytes(ellipsis);
        int used = 0;
        int end = 0;
        while (end < text.length()) {
            int cp = text.codePointAt(end);
            int width = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (used + width > budget) {
                break;
            }
            used += width;
            end += Character.charCount(cp);
        }
        return text.substring(0, end) + ellipsis;
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
