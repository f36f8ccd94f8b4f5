package com.wecomassist.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON the events are read from and kept in. Decimals are read as {@link java.math.BigDecimal}, never
 * through a double: an amount of {@code 12345678901.23} stays what the bank sent.
 */
public final class EventJson {

    /** Reads numbers with a fraction as BigDecimal; writes as any mapper does. */
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private EventJson() {
    }

    /** The event as a store keeps it: everything but the customer (the store's key names them). */
    public static String stored(BankEvent event) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", event.id());
        fields.put("type", event.type());
        fields.put("at", event.occurredAt().toEpochMilli());
        fields.put("recv", event.receivedAt().toEpochMilli());
        fields.put("src", event.source().name());
        fields.put("attrs", event.attributes());
        return MAPPER.writeValueAsString(fields);
    }

    /** An event kept by {@link #stored}, under this customer key. */
    @SuppressWarnings("unchecked")
    public static BankEvent fromStored(String customerKey, String text) {
        Map<String, Object> fields = MAPPER.readValue(text, Map.class);
        boolean unlinked = customerKey.startsWith(BankEvent.UNLINKED_PREFIX);
        String customerNo = unlinked ? customerKey.substring(BankEvent.UNLINKED_PREFIX.length()) : null;
        return new BankEvent((String) fields.get("id"), unlinked ? null : customerKey, customerNo,
                (String) fields.get("type"), Instant.ofEpochMilli(((Number) fields.get("at")).longValue()),
                (Map<String, Object>) fields.get("attrs"),
                BankEvent.Source.valueOf((String) fields.get("src")),
                Instant.ofEpochMilli(((Number) fields.get("recv")).longValue()));
    }
}
