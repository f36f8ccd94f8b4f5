package com.wecomassist.inbound;

import java.util.Map;

/**
 * A 微信客服 event carried in sync_msg (origin 4): {@code enter_session} with its welcome code,
 * {@code session_status_change} (a person took over, the session ended, ...), {@code msg_send_fail},
 * recalls. {@code code} is the welcome_code or msg_code that allows one send_msg_on_event reply.
 *
 * @param type    WeCom's event_type
 * @param code    welcome_code or msg_code, when the event has one
 * @param details the event's other fields, as WeCom named them
 */
public record SessionEvent(String type, String code, Map<String, String> details) {

    public static final String ENTER_SESSION = "enter_session";
    public static final String SESSION_STATUS_CHANGE = "session_status_change";
    public static final String MSG_SEND_FAIL = "msg_send_fail";

    public SessionEvent {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public String detail(String name) {
        return details.get(name);
    }
}
