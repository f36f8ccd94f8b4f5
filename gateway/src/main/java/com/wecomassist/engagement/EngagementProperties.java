package com.wecomassist.engagement;

import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The bank's record of its employees' contacts with customers.
 *
 * @param managerContactEvent the type of the bank's event that says an employee called or visited the customer
 *                            (its CRM logs them)
 * @param employeeAttribute   the attribute of that event naming the employee by their WeCom userid
 */
@ConfigurationProperties(prefix = "assist.engagement", ignoreUnknownFields = false)
public record EngagementProperties(
        @DefaultValue("manager_contact") String managerContactEvent,
        @DefaultValue("employee") String employeeAttribute) {

    private static final Pattern EVENT_TYPE = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Pattern ATTRIBUTE = Pattern.compile("[a-z][a-z0-9_]{0,39}");

    public EngagementProperties {
        if (!EVENT_TYPE.matcher(managerContactEvent).matches()) {
            throw new IllegalArgumentException("assist.engagement.manager-contact-event must be an event type "
                    + "([a-z][a-z0-9_]*)");
        }
        if (!ATTRIBUTE.matcher(employeeAttribute).matches()) {
            throw new IllegalArgumentException("assist.engagement.employee-attribute must be an attribute name "
                    + "([a-z][a-z0-9_]*, at most 40)");
        }
    }
}
