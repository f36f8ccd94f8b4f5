package com.wecomassist.inbound.wecom;

import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.inbound.InboundMessage;
import com.wecomassist.inbound.MessageKind;
import com.wecomassist.inbound.MessageOrigin;
import com.wecomassist.inbound.SessionEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Turns one kf/sync_msg {@code msg_list} item into an {@link InboundMessage}. Items that concern no
 * customer conversation (a servicer going offline, unknown origins) map to empty.
 */
final class KfMessageMapper {

    static final int ORIGIN_CUSTOMER = 3;
    static final int ORIGIN_SYSTEM = 4;
    static final int ORIGIN_SERVICER = 5;

    Optional<InboundMessage> map(JsonNode item) {
        String msgid = text(item, "msgid");
        String msgtype = text(item, "msgtype");
        if (msgid == null || msgtype == null) {
            return Optional.empty();
        }
        MessageOrigin origin = switch (item.path("origin").asInt(-1)) {
            case ORIGIN_CUSTOMER -> MessageOrigin.CUSTOMER;
            case ORIGIN_SYSTEM -> MessageOrigin.SYSTEM;
            case ORIGIN_SERVICER -> MessageOrigin.SERVICER;
            default -> null;
        };
        if (origin == null) {
            return Optional.empty();
        }
        Instant sentAt = Instant.ofEpochSecond(item.path("send_time").asLong(0));
        MessageKind kind = MessageKind.fromWecom(msgtype);
        String openKfId = text(item, "open_kfid");
        String externalUserId = text(item, "external_userid");
        SessionEvent event = null;
        String servicer = text(item, "servicer_userid");
        if (kind == MessageKind.EVENT) {
            JsonNode e = item.path("event");
            openKfId = firstNonNull(text(e, "open_kfid"), openKfId);
            externalUserId = firstNonNull(text(e, "external_userid"), externalUserId);
            event = toEvent(e);
            servicer = firstNonNull(text(e, "new_servicer_userid"), text(e, "servicer_userid"), servicer);
        }
        if (openKfId == null || externalUserId == null) {
            return Optional.empty();
        }
        String content = switch (kind) {
            case TEXT -> text(item.path("text"), "content");
            default -> null;
        };
        String menuId = null;
        if (kind == MessageKind.TEXT && item.path("text").hasNonNull("menu_id")) {
            // a click on a msgmenu item: the item's text, and its id
            kind = MessageKind.MENU_CHOICE;
            menuId = text(item.path("text"), "menu_id");
        }
        return Optional.of(new InboundMessage(msgid, ConversationKey.kf(openKfId, externalUserId), origin, kind,
                content, sentAt, servicer, event, menuId));
    }

    private static SessionEvent toEvent(JsonNode e) {
        Map<String, String> details = new LinkedHashMap<>();
        e.properties().forEach(field -> {
            if (field.getValue().isValueNode()) {
                details.put(field.getKey(), field.getValue().asString());
            }
        });
        String code = firstNonNull(details.get("welcome_code"), details.get("msg_code"));
        return new SessionEvent(details.getOrDefault("event_type", "unknown"), code, details);
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asString().isEmpty() ? null : value.asString();
    }
}
