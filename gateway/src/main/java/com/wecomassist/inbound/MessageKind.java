package com.wecomassist.inbound;

/** What an inbound message carries. Only TEXT has content the bot can answer from. */
public enum MessageKind {
    TEXT, IMAGE, VOICE, VIDEO, FILE, LOCATION, LINK, BUSINESS_CARD, MINIPROGRAM, MENU_CHOICE, EVENT, OTHER;

    /** How a message without words stands in a conversation's history: {@code [image]}, {@code [voice]} … */
    public String placeholder() {
        return "[" + name().toLowerCase(java.util.Locale.ROOT) + "]";
    }

    /**
     * True for a history line that stands for a message without words. Customers' own text may start
     * with a bracket too (WeChat writes emoticons as {@code [微笑]}), so only the exact placeholders count.
     */
    public static boolean isPlaceholder(String text) {
        for (MessageKind kind : values()) {
            if (kind.placeholder().equals(text)) {
                return true;
            }
        }
        return false;
    }

    /** Maps WeCom's msgtype names (sync_msg and app callbacks) onto the kinds. */
    public static MessageKind fromWecom(String msgtype) {
        if (msgtype == null) {
            return OTHER;
        }
        return switch (msgtype) {
            case "text" -> TEXT;
            case "image" -> IMAGE;
            case "voice" -> VOICE;
            case "video" -> VIDEO;
            case "file" -> FILE;
            case "location" -> LOCATION;
            case "link" -> LINK;
            case "business_card" -> BUSINESS_CARD;
            case "miniprogram" -> MINIPROGRAM;
            case "msgmenu" -> MENU_CHOICE;
            case "event" -> EVENT;
            default -> OTHER;
        };
    }
}
