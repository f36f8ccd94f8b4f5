package com.wecomassist.inbound;

/** What an inbound message carries. Only TEXT has content the bot can answer from. */
public enum MessageKind {
    TEXT, IMAGE, VOICE, VIDEO, FILE, LOCATION, LINK, BUSINESS_CARD, MINIPROGRAM, MENU_CHOICE, EVENT, OTHER;

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
