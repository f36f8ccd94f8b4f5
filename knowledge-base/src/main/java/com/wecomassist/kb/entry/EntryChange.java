package com.wecomassist.kb.entry;

import java.util.Objects;

/**
 * A change to the served (published) view of one entry, at a version: either the entry as it
 * should now be served, or its removal. This is what travels between instances (e.g. on a
 * compacted Kafka topic keyed by entry id) and what each local index applies. Applying a change
 * is idempotent: a change whose version is not newer than what an index already holds for that
 * entry is ignored, so redelivery and out-of-order delivery are harmless.
 *
 * @param entryId the entry
 * @param version the entry version this change reflects
 * @param entry   the entry to serve, or null when the entry must no longer be served
 */
public record EntryChange(String entryId, long version, Entry entry) {

    public EntryChange {
        Objects.requireNonNull(entryId, "entryId");
        if (entry != null && (!entry.id().equals(entryId) || entry.version() != version)) {
            throw new IllegalArgumentException("change " + entryId + "@" + version
                    + " does not match its entry " + entry.id() + "@" + entry.version());
        }
    }

    public static EntryChange upsert(Entry entry) {
        return new EntryChange(entry.id(), entry.version(), entry);
    }

    public static EntryChange delete(String entryId, long version) {
        return new EntryChange(entryId, version, null);
    }

    public boolean isDelete() {
        return entry == null;
    }
}
