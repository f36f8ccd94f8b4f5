package com.wecomassist.events;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The schema of a bank event, the same for the API and the Kafka topic:
 * <pre>
 * {"event_id": "TX-20261207-0001", "external_userid": "wm…" | "customer_no": "C0001",
 *  "type": "large_transfer", "occurred_at": "2026-12-07T09:30:00+08:00",
 *  "attributes": {"amount": 250000.00, "direction": "out", "channel": "mobile"}}
 * </pre>
 * Checks each field and names the one refused; string attributes leave here masked for personal data
 * (the project's {@code PiiMasker}: phone, ID card, bank card numbers, e-mail, names and addresses), so no
 * store ever holds them plain. Masking is CPU work of up to a millisecond an attribute: callers with a
 * batch run this off the event loop.
 */
public final class EventFields {

    /** Opaque ids of the bank's systems: letters, digits and {@code _ . : -}. */
    static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
    static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    static final Pattern ATTRIBUTE = Pattern.compile("[a-z][a-z0-9_]{0,39}");
    private static final Pattern WECOM_ID = Pattern.compile("[A-Za-z0-9_.@-]{1,128}");
    private static final int MAX_CUSTOMER_NO = 64;
    private static final Set<String> FIELDS = Set.of("event_id", "external_userid", "customer_no", "type",
            "occurred_at", "attributes");

    private final EventsProperties settings;
    private final UnaryOperator<String> mask;

    /** @param mask personal data in a text replaced by its masked form ({@code PiiMasker::mask}) */
    public EventFields(EventsProperties settings, UnaryOperator<String> mask) {
        this.settings = settings;
        this.mask = mask;
    }

    /** An event as the bank sent it, checked and masked; its customer not yet resolved. */
    public record Candidate(String id, String externalUserId, String customerNo, String type, Instant occurredAt,
                            Map<String, Object> attributes) {

        /** The customer as the bank named them (the key a Kafka record should carry). */
        public String customer() {
            return externalUserId != null ? externalUserId : customerNo;
        }

        @Override
        public String toString() {
            return "Candidate[" + id + ", " + type + "]"; // no customer number
        }
    }

    /** A field refused: where ({@code index} in the batch, null for a single object) and why. */
    public record FieldError(Integer index, String field, String message) {
    }

    /** An event that is not one: every refused field, at most a bounded number of them. */
    public static final class NotAnEvent extends IllegalArgumentException {

        private final transient List<FieldError> errors;

        NotAnEvent(List<FieldError> errors) {
            super(summary(errors));
            this.errors = List.copyOf(errors);
        }

        public List<FieldError> errors() {
            return errors;
        }

        private static String summary(List<FieldError> errors) {
            FieldError first = errors.get(0);
            return (first.index() == null ? "" : "[" + first.index() + "].") + first.field() + ": " + first.message()
                    + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "");
        }
    }

    /** Errors listed in one refusal, at most (a batch of a thousand wrong the same way need not list all). */
    static final int ERRORS_LISTED = 50;

    /**
     * A request's body: one event object, or an array of 1 to {@code max-batch} of them.
     *
     * @throws NotAnEvent naming every field refused (index and field), when any is
     */
    public List<Candidate> batch(JsonNode body) {
        if (body == null || !(body.isArray() || body.isObject())) {
            throw new NotAnEvent(List.of(new FieldError(null, "(body)",
                    "must be an event object or an array of them")));
        }
        if (body.isObject()) {
            List<FieldError> errors = new ArrayList<>();
            Candidate one = candidate(body, null, errors);
            if (!errors.isEmpty()) {
                throw new NotAnEvent(errors);
            }
            return List.of(one);
        }
        if (body.isEmpty() || body.size() > settings.maxBatch()) {
            throw new NotAnEvent(List.of(new FieldError(null, "(body)", "a batch holds 1 to " + settings.maxBatch()
                    + " events (assist.events.max-batch), not " + body.size())));
        }
        List<FieldError> errors = new ArrayList<>();
        List<Candidate> out = new ArrayList<>(body.size());
        for (int i = 0; i < body.size(); i++) {
            Candidate candidate = candidate(body.get(i), i, errors);
            if (candidate != null) {
                out.add(candidate);
            }
        }
        if (!errors.isEmpty()) {
            throw new NotAnEvent(errors.size() > ERRORS_LISTED ? errors.subList(0, ERRORS_LISTED) : errors);
        }
        return out;
    }

    /**
     * One event (a Kafka record's value).
     *
     * @throws NotAnEvent naming every field refused
     */
    public Candidate one(JsonNode node) {
        List<FieldError> errors = new ArrayList<>();
        Candidate candidate = candidate(node, null, errors);
        if (!errors.isEmpty()) {
            throw new NotAnEvent(errors);
        }
        return candidate;
    }

    /** The event, or null with what is wrong added to {@code errors}. */
    private Candidate candidate(JsonNode node, Integer index, List<FieldError> errors) {
        int before = errors.size();
        if (node == null || !node.isObject()) {
            errors.add(new FieldError(index, "(event)", "must be a JSON object"));
            return null;
        }
        for (String name : node.propertyNames()) {
            if (!FIELDS.contains(name)) {
                errors.add(new FieldError(index, name, "is not a field of an event (fields: event_id, "
                        + "external_userid or customer_no, type, occurred_at, attributes)"));
            }
        }
        String id = text(node, "event_id", index, errors);
        if (id != null && !EVENT_ID.matcher(id).matches()) {
            errors.add(new FieldError(index, "event_id", "must be 1 to 128 letters, digits, '_', '.', ':' or '-'"));
        }
        String customer = optionalText(node, "external_userid", index, errors);
        String number = optionalText(node, "customer_no", index, errors);
        if (customer == null && number == null && !node.has("external_userid") && !node.has("customer_no")) {
            errors.add(new FieldError(index, "external_userid", "is missing: name the customer by external_userid "
                    + "or customer_no"));
        } else if (customer != null && number != null) {
            errors.add(new FieldError(index, "customer_no", "name the customer by external_userid or customer_no, "
                    + "not both"));
        } else if (customer != null && !WECOM_ID.matcher(customer).matches()) {
            errors.add(new FieldError(index, "external_userid", "is not a WeCom external_userid (letters, digits, "
                    + "'_', '-', '.', '@'; at most 128)"));
        } else if (number != null && (number.length() > MAX_CUSTOMER_NO
                || number.chars().anyMatch(Character::isISOControl))) {
            errors.add(new FieldError(index, "customer_no", "must be at most " + MAX_CUSTOMER_NO
                    + " characters without control characters"));
        }
        String type = text(node, "type", index, errors);
        if (type != null && !TYPE.matcher(type).matches()) {
            errors.add(new FieldError(index, "type", "must be 1 to 64 of a-z, 0-9 and '_', starting with a letter"));
        }
        String at = text(node, "occurred_at", index, errors);
        Instant occurredAt = null;
        if (at != null) {
            try {
                occurredAt = at.endsWith("Z") ? Instant.parse(at) : OffsetDateTime.parse(at).toInstant();
            } catch (DateTimeParseException e) {
                errors.add(new FieldError(index, "occurred_at", "must be an ISO-8601 instant or date-time with offset "
                        + "(2026-12-07T09:30:00+08:00)"));
            }
        }
        Map<String, Object> attributes = attributes(node.get("attributes"), index, errors);
        if (errors.size() > before) {
            return null;
        }
        return new Candidate(id, customer, number, type, occurredAt, attributes);
    }

    private Map<String, Object> attributes(JsonNode node, Integer index, List<FieldError> errors) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            errors.add(new FieldError(index, "attributes", "must be an object of names to strings, numbers or "
                    + "booleans"));
            return out;
        }
        if (node.size() > settings.maxAttributes()) {
            errors.add(new FieldError(index, "attributes", "at most " + settings.maxAttributes()
                    + " (assist.events.max-attributes), not " + node.size()));
            return out;
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String name = entry.getKey();
            JsonNode value = entry.getValue();
            String field = "attributes." + name;
            if (!ATTRIBUTE.matcher(name).matches()) {
                errors.add(new FieldError(index, field, "an attribute's name is 1 to 40 of a-z, 0-9 and '_', starting "
                        + "with a letter"));
            } else if (value.isString()) {
                String text = value.asString();
                if (text.length() > settings.maxAttributeLength()) {
                    errors.add(new FieldError(index, field, "at most " + settings.maxAttributeLength()
                            + " characters (assist.events.max-attribute-length)"));
                } else {
                    out.put(name, mask.apply(text));
                }
            } else if (value.isBoolean()) {
                out.put(name, value.booleanValue());
            } else if (value.isNumber()) {
                try {
                    out.put(name, BankEvent.normalised(name, value.isIntegralNumber() ? value.bigIntegerValue()
                            : value.decimalValue()));
                } catch (IllegalArgumentException | ArithmeticException e) {
                    errors.add(new FieldError(index, field, "is not a finite number"));
                }
            } else {
                errors.add(new FieldError(index, field, "must be a string, a number or a boolean (not "
                        + (value.isNull() ? "null" : value.isContainer() ? "an object or array" : "this") + ")"));
            }
        }
        return out;
    }

    private static String text(JsonNode node, String field, Integer index, List<FieldError> errors) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            errors.add(new FieldError(index, field, "is missing"));
            return null;
        }
        if (!value.isString() || value.asString().isBlank()) {
            errors.add(new FieldError(index, field, "must be a non-empty string"));
            return null;
        }
        return value.asString().strip();
    }

    private static String optionalText(JsonNode node, String field, Integer index, List<FieldError> errors) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString() || value.asString().isBlank()) {
            errors.add(new FieldError(index, field, "must be a non-empty string"));
            return null;
        }
        return value.asString().strip();
    }
}
