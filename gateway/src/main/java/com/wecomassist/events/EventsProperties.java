package com.wecomassist.events;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The bank's behaviour events ({@code POST /api/events}, and in cluster mode its Kafka topic).
 *
 * @param window             how long a customer's events are kept (the strategies read recency and frequency
 *                           within it); an event that happened longer ago is refused, an older one forgotten
 * @param maxPerCustomer     a customer's events kept at most (the oldest go first): bounds what one read holds
 * @param maxBatch           events in one {@code POST}, at most
 * @param maxBody            the size of one {@code POST}'s body, at most (413 beyond it)
 * @param maxAttributes      attributes of one event, at most
 * @param maxAttributeLength characters of a string attribute, at most
 * @param maxAhead           how far in the future an event's time may be (the bank's clocks drift)
 * @param topic              cluster mode: the bank's Kafka topic of events (keyed by the customer); records that
 *                           cannot be read go to {@code <topic>-dlt}
 * @param consumerGroup      cluster mode: the one consumer group every instance reads the topic in
 * @param hmacSecret         the secret the bank's systems sign {@code POST /api/events} with, instead of HTTP
 *                           Basic ({@link EventSignatures}); empty: signed requests are refused. At least 32
 *                           characters
 * @param hmacMaxSkew        how far a signed request's timestamp may be from the gateway's clock
 */
@ConfigurationProperties(prefix = "assist.events", ignoreUnknownFields = false)
public record EventsProperties(
        @DefaultValue("90d") Duration window,
        @DefaultValue("1000") int maxPerCustomer,
        @DefaultValue("1000") int maxBatch,
        @DefaultValue("2MB") DataSize maxBody,
        @DefaultValue("20") int maxAttributes,
        @DefaultValue("256") int maxAttributeLength,
        @DefaultValue("5m") Duration maxAhead,
        @DefaultValue("assist.bank-events") String topic,
        @DefaultValue("assist-bank-events") String consumerGroup,
        @DefaultValue("") String hmacSecret,
        @DefaultValue("5m") Duration hmacMaxSkew) {

    public EventsProperties {
        require(window.compareTo(Duration.ofMinutes(1)) >= 0, "assist.events.window must be at least 1m");
        require(maxPerCustomer >= 1 && maxPerCustomer <= 100_000,
                "assist.events.max-per-customer must be between 1 and 100000");
        require(maxBatch >= 1 && maxBatch <= 10_000, "assist.events.max-batch must be between 1 and 10000");
        require(maxBody.toBytes() >= 1024, "assist.events.max-body must be at least 1KB");
        require(maxAttributes >= 0 && maxAttributes <= 100, "assist.events.max-attributes must be between 0 and 100");
        require(maxAttributeLength >= 1 && maxAttributeLength <= 4096,
                "assist.events.max-attribute-length must be between 1 and 4096");
        require(!maxAhead.isNegative(), "assist.events.max-ahead must not be negative");
        require(!topic.isBlank(), "assist.events.topic must not be blank");
        require(!consumerGroup.isBlank(), "assist.events.consumer-group must not be blank");
        require(hmacSecret.isEmpty() || hmacSecret.length() >= 32,
                "assist.events.hmac-secret must be at least 32 characters (or empty: no signed requests)");
        require(!hmacMaxSkew.isNegative() && !hmacMaxSkew.isZero(), "assist.events.hmac-max-skew must be positive");
    }

    /** Whether signed requests are taken. */
    public boolean signedRequests() {
        return !hmacSecret.isEmpty();
    }

    /** No secret in the text: settings are logged. */
    @Override
    public String toString() {
        return "EventsProperties[window=" + window + ", maxBatch=" + maxBatch + ", topic=" + topic
                + ", hmacSecret=" + (signedRequests() ? "(set)" : "(none)") + "]";
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
