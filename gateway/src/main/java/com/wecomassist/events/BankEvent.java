package com.wecomassist.events;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Something a bank customer did that the bank's systems saw (a large transfer, a deposit page left
 * without an order, a wealth product maturing, a purchase), as the gateway keeps it for the strategies.
 *
 * <p>The customer is their {@code external_userid} when the bank's customer number was linked to one
 * ({@code customerlinks/}), or else the customer number itself ({@link #customerNo}, the event
 * {@link EventOutcome#UNLINKED}): kept under it so that it can be matched once the link arrives. Exactly
 * one of the two is set. The customer number is personal data: never in {@link #toString()}, logs or
 * dead-letter reasons.
 *
 * @param id             the bank's event id: the idempotency key (the same id again is a duplicate)
 * @param externalUserId the customer's WeCom external_userid; null when the event is unlinked
 * @param customerNo     the bank's customer number, only while no link carries it; null otherwise
 * @param type           what happened, {@code [a-z][a-z0-9_]*} ({@code large_transfer}, {@code purchase}, …)
 * @param occurredAt     when it happened, as the bank says
 * @param attributes     small flat facts (amount, product, page): strings (masked for personal data before
 *                       they got here), whole numbers as {@link Long}, decimals as {@link BigDecimal} without
 *                       trailing zeros, booleans
 * @param source         how it came in
 * @param receivedAt     when the gateway took it
 */
public record BankEvent(String id, String externalUserId, String customerNo, String type, Instant occurredAt,
                        Map<String, Object> attributes, Source source, Instant receivedAt) {

    /**
     * Newest first; of two at the same time, the greater id first (as Redis orders a sorted set's ties by
     * member, which starts with the id), so that every store keeps and answers the same ones.
     */
    public static final Comparator<BankEvent> NEWEST_FIRST = Comparator.comparing(BankEvent::occurredAt)
            .thenComparing(BankEvent::id).reversed();

    /** Prefix of {@link #customerKey()} for an unlinked event: no external_userid has a ':'. */
    static final String UNLINKED_PREFIX = "no:";

    public BankEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(receivedAt, "receivedAt");
        if ((externalUserId == null) == (customerNo == null)) {
            throw new IllegalArgumentException("an event names its customer by external_userid or customer number");
        }
        Map<String, Object> kept = new LinkedHashMap<>();
        if (attributes != null) {
            attributes.forEach((name, value) -> kept.put(name, normalised(name, value)));
        }
        attributes = Collections.unmodifiableMap(kept);
    }

    /** Whether a link named the customer's external_userid when the event came. */
    public boolean linked() {
        return externalUserId != null;
    }

    /** The key the event is kept under: the external_userid, or {@code no:<customer number>} while unlinked. */
    public String customerKey() {
        return linked() ? externalUserId : unlinkedKey(customerNo);
    }

    /** The key of a customer number's unlinked events. */
    public static String unlinkedKey(String customerNo) {
        return UNLINKED_PREFIX + customerNo;
    }

    /** The same event kept under the customer's external_userid (a link names them now). */
    public BankEvent linkedTo(String customer) {
        return new BankEvent(id, customer, null, type, occurredAt, attributes, source, receivedAt);
    }

    /**
     * An attribute's value in the one form every store gives back: a JSON round trip must not turn
     * {@code 100} into {@code 100.0} nor {@code 1.50} into {@code 1.5} in one store and not the other.
     */
    static Object normalised(String name, Object value) {
        if (value instanceof String || value instanceof Boolean || value instanceof Long) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        BigDecimal decimal;
        if (value instanceof BigDecimal d) {
            decimal = d;
        } else if (value instanceof BigInteger i) {
            decimal = new BigDecimal(i);
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("attributes." + name + " is not a finite number");
            }
            decimal = new BigDecimal(value.toString());
        } else {
            throw new IllegalArgumentException("attributes." + name + " must be a string, a number or a boolean");
        }
        decimal = decimal.stripTrailingZeros();
        if (decimal.scale() <= 0 && decimal.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0
                && decimal.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) >= 0) {
            return decimal.longValueExact();
        }
        return decimal.scale() < 0 ? decimal.setScale(0) : decimal;
    }

    /** No customer number in the text: logs and exceptions may carry an event's string form. */
    @Override
    public String toString() {
        return "BankEvent[" + id + ", " + (linked() ? externalUserId : "unlinked") + ", " + type + ", " + occurredAt
                + ", " + source + "]";
    }

    /** How an event came in. */
    public enum Source {
        /** {@code POST /api/events} */
        API,
        /** the bank's Kafka topic (cluster mode) */
        KAFKA
    }
}
