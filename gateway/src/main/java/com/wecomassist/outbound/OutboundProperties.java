package com.wecomassist.outbound;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Outbound settings.
 *
 * @param handOffToWecomPool when a conversation is handed to people, also move the WeCom session to
 *                           WeCom's own queue (service_state 2), for banks whose servicers work in
 *                           the WeCom client. Off: people take handed-off conversations in the
 *                           gateway's console, and the bot stays silent by our own state. Once in
 *                           WeCom's queue, the API cannot hand the session back to the bot: only
 *                           the customer's next session (after it ends) can.
 */
@ConfigurationProperties(prefix = "assist.outbound", ignoreUnknownFields = false)
public record OutboundProperties(@DefaultValue("false") boolean handOffToWecomPool) {
}
