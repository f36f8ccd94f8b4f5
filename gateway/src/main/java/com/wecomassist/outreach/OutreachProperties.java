package com.wecomassist.outreach;

import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The strategies' engine.
 *
 * @param customerRepliedEvent the type of the bank's event that says the customer wrote to an employee in a
 *                             客户联系 chat (the bank's 会话存档 system sees those chats; the gateway does not):
 *                             counted as 互动 like a message to 微信客服
 */
@ConfigurationProperties(prefix = "assist.outreach", ignoreUnknownFields = false)
public record OutreachProperties(@DefaultValue("customer_replied") String customerRepliedEvent) {

    private static final Pattern EVENT_TYPE = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    public OutreachProperties {
        if (!EVENT_TYPE.matcher(customerRepliedEvent).matches()) {
            throw new IllegalArgumentException("assist.outreach.customer-replied-event must be an event type "
                    + "([a-z][a-z0-9_]*)");
        }
    }
}
