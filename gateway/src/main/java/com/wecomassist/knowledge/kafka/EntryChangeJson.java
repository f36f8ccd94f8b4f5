package com.wecomassist.knowledge.kafka;

import com.wecomassist.kb.entry.Entry;
import com.wecomassist.kb.entry.EntryChange;
import com.wecomassist.kb.entry.EntryStatus;
import com.wecomassist.kb.store.EntryJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The value of a record on the changes topic: {@code {"entryId", "version", "entry"}}, where
 * {@code entry} is the entry in the knowledge base's own file shape ({@link EntryJson}) or null
 * when the entry is no longer served.
 */
final class EntryChangeJson {

    private final JsonMapper json;

    EntryChangeJson(JsonMapper json) {
        this.json = json;
    }

    String write(EntryChange change) {
        ObjectNode node = json.createObjectNode();
        node.put("entryId", change.entryId());
        node.put("version", change.version());
        if (change.isDelete()) {
            node.putNull("entry");
        } else {
            node.set("entry", json.readTree(EntryJson.toJson(change.entry())));
        }
        return json.writeValueAsString(node);
    }

    /** Reads a record value; throws {@link IllegalArgumentException} saying what is wrong. */
    EntryChange read(String value) {
        if (value == null) {
            throw new IllegalArgumentException("no value (a tombstone)");
        }
        JsonNode node;
        try {
            node = json.readTree(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        JsonNode id = node.get("entryId");
        JsonNode version = node.get("version");
        if (id == null || !id.isString() || id.asString().isBlank()) {
            throw new IllegalArgumentException("missing entryId");
        }
        if (version == null || !version.isIntegralNumber() || version.longValue() < 1) {
            throw new IllegalArgumentException("missing or invalid version");
        }
        JsonNode entryNode = node.get("entry");
        if (entryNode == null || entryNode.isNull()) {
            return EntryChange.delete(id.asString(), version.longValue());
        }
        Entry entry = EntryJson.fromJson(json.writeValueAsString(entryNode), EntryStatus.PUBLISHED);
        return new EntryChange(id.asString(), version.longValue(), entry);
    }
}
