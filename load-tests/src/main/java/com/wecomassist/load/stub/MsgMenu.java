package com.wecomassist.load.stub;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A 微信客服 {@code msgmenu} as kf/send_msg carries it, read and checked the way WeCom checks it: 1 to
 * {@value #MAX_ITEMS} items, each {@code {"type":"click","click":{"id","content"}}} with an id of
 * 1–{@value #MAX_ID_BYTES} bytes and a content of 1–{@value #MAX_CONTENT_BYTES} bytes, and
 * {@code head_content}/{@code tail_content} of at most {@value #MAX_HEAD_TAIL_BYTES} bytes (UTF-8
 * bytes: a Chinese character is three). The stub refuses a menu outside these limits, as WeCom would,
 * so a gateway that builds one is caught by the load test instead of in production.
 *
 * @param head  the text above the items ("" when absent)
 * @param items the clickable items, in order
 * @param tail  the text below the items ("" when absent)
 */
public record MsgMenu(String head, List<Item> items, String tail) {

    public static final int MAX_ITEMS = 10;
    public static final int MAX_ID_BYTES = 64;
    public static final int MAX_CONTENT_BYTES = 128;
    public static final int MAX_HEAD_TAIL_BYTES = 1024;

    /** One {@code click} item: what the customer sees, and the id WeCom sends back as {@code text.menu_id}. */
    public record Item(String id, String content) {
    }

    /** A msgmenu outside WeCom's limits; the message is the stub's errmsg. */
    static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    public MsgMenu {
        items = List.copyOf(items);
    }

    /**
     * The {@code msgmenu} object of a send_msg body.
     *
     * @throws Invalid when it breaks one of WeCom's limits (the message says which)
     */
    static MsgMenu read(JsonNode msgmenu) {
        if (msgmenu == null || !msgmenu.isObject()) {
            throw new Invalid("msgmenu missing");
        }
        String head = text(msgmenu.get("head_content"), "head_content");
        String tail = text(msgmenu.get("tail_content"), "tail_content");
        if (bytes(head) > MAX_HEAD_TAIL_BYTES || bytes(tail) > MAX_HEAD_TAIL_BYTES) {
            throw new Invalid("msgmenu head_content and tail_content are at most " + MAX_HEAD_TAIL_BYTES + " bytes");
        }
        JsonNode list = msgmenu.get("list");
        if (list == null || !list.isArray() || list.isEmpty() || list.size() > MAX_ITEMS) {
            throw new Invalid("msgmenu list has 1 to " + MAX_ITEMS + " items");
        }
        List<Item> items = new ArrayList<>();
        for (JsonNode entry : list) {
            if (!"click".equals(entry.path("type").asText())) {
                // WeCom also knows view and miniprogram items; the gateway sends click items only
                throw new Invalid("msgmenu item type must be click, not '" + entry.path("type").asText() + "'");
            }
            JsonNode click = entry.path("click");
            String id = text(click.get("id"), "click.id");
            String content = text(click.get("content"), "click.content");
            if (bytes(id) < 1 || bytes(id) > MAX_ID_BYTES) {
                throw new Invalid("msgmenu click.id is 1 to " + MAX_ID_BYTES + " bytes");
            }
            if (bytes(content) < 1 || bytes(content) > MAX_CONTENT_BYTES) {
                throw new Invalid("msgmenu click.content is 1 to " + MAX_CONTENT_BYTES + " bytes");
            }
            items.add(new Item(id, content));
        }
        return new MsgMenu(head, items, tail);
    }

    /** The menu in WeCom's shape again (what the customer's client gets). */
    public Map<String, Object> body() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!head.isEmpty()) {
            m.put("head_content", head);
        }
        List<Map<String, Object>> list = new ArrayList<>();
        for (Item item : items) {
            list.add(Map.of("type", "click", "click", Map.of("id", item.id(), "content", item.content())));
        }
        m.put("list", list);
        if (!tail.isEmpty()) {
            m.put("tail_content", tail);
        }
        return m;
    }

    /** The menu's items as the customer's client reads them from {@link #body()}; empty for anything else. */
    public static List<Item> itemsOf(JsonNode msgmenu) {
        List<Item> items = new ArrayList<>();
        for (JsonNode entry : msgmenu.path("list")) {
            JsonNode click = entry.path("click");
            items.add(new Item(click.path("id").asText(), click.path("content").asText()));
        }
        return items;
    }

    /** UTF-8 bytes of head, items and tail: what the message weighs. */
    int bytes() {
        int n = bytes(head) + bytes(tail);
        for (Item item : items) {
            n += bytes(item.content());
        }
        return n;
    }

    private static String text(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return "";
        }
        if (!node.isTextual()) {
            throw new Invalid("msgmenu " + field + " must be a string");
        }
        return node.asText();
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
