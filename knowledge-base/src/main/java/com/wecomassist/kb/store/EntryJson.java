package com.wecomassist.kb.store;

import com.wecomassist.kb.entry.Entry;
import com.wecomassist.kb.entry.EntryStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON shape of an entry, shared by the journal, JSONL import/export and the eval files.
 * Field names follow the evaluation KB files ({@code id, question, answer, answerId}) and add
 * the curation fields; {@code subject} is accepted as an alias of {@code category}. Mapping is
 * written out by hand so a bad row yields a message naming the field, not a binding trace.
 */
public final class EntryJson {

    /** Dates without a time are read as the start of that day in China. */
    public static final ZoneId BANK_ZONE = ZoneId.of("Asia/Shanghai");

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private EntryJson() {
    }

    /** Parses one JSON object into an entry; {@code defaultStatus} applies when the row has none. */
    public static Entry fromJson(String line, EntryStatus defaultStatus) {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid JSON: " + firstLine(e.getMessage()));
        }
        return fromNode(node, defaultStatus);
    }

    static Entry fromNode(JsonNode node, EntryStatus defaultStatus) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        String id = requiredText(node, "id");
        String question = requiredText(node, "question");
        String answer = requiredText(node, "answer");
        String category = text(node, "category");
        if (category.isEmpty()) {
            category = text(node, "subject");
        }
        String status = text(node, "status");
        long version = node.has("version") && !node.get("version").isNull() ? longValue(node, "version") : 0;
        return new Entry(id, question, list(node, "variants"), answer, text(node, "answerId"), category,
                list(node, "productTags"), text(node, "channel"),
                instant(text(node, "effectiveFrom"), "effectiveFrom"),
                instant(text(node, "effectiveTo"), "effectiveTo"),
                status.isEmpty() ? defaultStatus : parseStatus(status), version,
                text(node, "updatedBy"), instant(text(node, "updatedAt"), "updatedAt"));
    }

    public static String toJson(Entry e) {
        return MAPPER.writeValueAsString(toNode(e));
    }

    static ObjectNode toNode(Entry e) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", e.id());
        n.put("question", e.question());
        ArrayNode variants = n.putArray("variants");
        e.variants().forEach(variants::add);
        n.put("answer", e.answer());
        n.put("answerId", e.answerId());
        n.put("category", e.category());
        ArrayNode tags = n.putArray("productTags");
        e.productTags().forEach(tags::add);
        n.put("channel", e.channel());
        n.put("effectiveFrom", e.effectiveFrom() == null ? null : e.effectiveFrom().toString());
        n.put("effectiveTo", e.effectiveTo() == null ? null : e.effectiveTo().toString());
        n.put("status", e.status().fileName());
        n.put("version", e.version());
        n.put("updatedBy", e.updatedBy());
        n.put("updatedAt", e.updatedAt() == null ? null : e.updatedAt().toString());
        return n;
    }

    static EntryStatus parseStatus(String s) {
        try {
            return EntryStatus.parse(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("status must be one of draft, in_review, published, archived: '" + s + "'");
        }
    }

    /** Accepts an ISO instant ({@code 2026-01-01T00:00:00Z}) or a date ({@code 2026-01-01}, China time). */
    static Instant instant(String s, String field) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            if (s.length() == 10) {
                return LocalDate.parse(s).atStartOfDay(BANK_ZONE).toInstant();
            }
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " is not an ISO date or instant: '" + s + "'");
        }
    }

    private static String requiredText(JsonNode node, String field) {
        String v = text(node, field);
        if (v.isBlank()) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return v;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return "";
        }
        if (v.isString() || v.isNumber() || v.isBoolean()) {
            return v.asString().trim();
        }
        throw new IllegalArgumentException("field '" + field + "' must be a string");
    }

    private static long longValue(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v.isIntegralNumber()) {
            return v.longValue();
        }
        try {
            return Long.parseLong(v.asString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("field '" + field + "' must be a whole number");
        }
    }

    private static List<String> list(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new IllegalArgumentException("field '" + field + "' must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isString()) {
                throw new IllegalArgumentException("field '" + field + "' must be an array of strings");
            }
            out.add(item.asString());
        }
        return out;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
