package com.wecomassist.inbound.wecom;

import com.wecomassist.contacts.ContactEvent;
import java.time.Instant;
import java.util.Optional;

/**
 * A {@code change_external_contact} callback as a {@link ContactEvent}: {@code ChangeType} to the kind,
 * {@code UserID}, {@code ExternalUserID}, {@code CreateTime}, {@code State} and {@code WelcomeCode} of an
 * add, {@code Source} of an employee's delete, {@code FailReason} of a failed transfer. A change type the
 * directory does not follow, or one without the customer, the employee or a readable time, is none.
 */
final class ContactEventMapper {

    static final String CONTACT_EVENT = "change_external_contact";

    private ContactEventMapper() {
    }

    static Optional<ContactEvent> map(CallbackFields fields) {
        Optional<ContactEvent.Kind> kind = ContactEvent.Kind.ofChangeType(fields.getOrNull("ChangeType"));
        String customer = blankToNull(fields.getOrNull("ExternalUserID"));
        String employee = blankToNull(fields.getOrNull("UserID"));
        Instant at = seconds(fields.getOrNull("CreateTime"));
        if (kind.isEmpty() || customer == null || employee == null || at == null) {
            return Optional.empty();
        }
        String detail = switch (kind.get()) {
            case REMOVED_BY_EMPLOYEE -> blankToNull(fields.getOrNull("Source"));
            case TRANSFER_FAILED -> blankToNull(fields.getOrNull("FailReason"));
            default -> null;
        };
        return Optional.of(ContactEvent.callback(kind.get(), customer, employee, at,
                blankToNull(fields.getOrNull("State")), blankToNull(fields.getOrNull("WelcomeCode")), detail));
    }

    private static Instant seconds(String value) {
        try {
            return value == null ? null : Instant.ofEpochSecond(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
