package com.wecomassist.kb.store;

import com.wecomassist.kb.entry.Entry;
import com.wecomassist.kb.entry.EntryStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The system of record for entries: every saved version of every entry, kept in memory and, when
 * opened on a file, in an append-only journal on local disk. The journal is the source from which
 * the search index can always be rebuilt, and it keeps the full history so an audited answer
 * ("entry X at version 7") can be looked up later.
 *
 * <p>Each journal line holds one batch of versions, written with a single write and an fsync, so
 * a batch (one edit, or a whole import) is either entirely in the journal or not at all; a torn
 * last line left by a crash is dropped when the journal is opened.
 *
 * <p>Thread-safe: appends are serialised; reads see a consistent state per entry.
 */
public final class EntryStore implements AutoCloseable {

    /** Latest saved version and the version currently published (if any) of one entry. */
    public record EntryState(Entry latest, Entry live, List<Entry> history) {
    }

    private final Map<String, EntryState> states = new ConcurrentHashMap<>();
    private final FileChannel journal;
    private final Path journalPath;

    private EntryStore(Path journalPath) {
        this.journalPath = journalPath;
        if (journalPath == null) {
            this.journal = null;
            return;
        }
        try {
            Files.createDirectories(journalPath.toAbsolutePath().getParent());
            this.journal = FileChannel.open(journalPath, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            replay();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open entry journal " + journalPath, e);
        }
    }

    /** A store persisted in the given journal file (created when missing). */
    public static EntryStore open(Path journalFile) {
        return new EntryStore(journalFile);
    }

    /** A store that lives only in memory (tests, evaluation runs). */
    public static EntryStore inMemory() {
        return new EntryStore(null);
    }

    public Optional<EntryState> get(String id) {
        return Optional.ofNullable(states.get(id));
    }

    /** The latest version of every entry, whatever its status. */
    public List<Entry> latestAll() {
        return states.values().stream().map(EntryState::latest).toList();
    }

    /** The currently published version of every entry that has one. */
    public List<Entry> liveAll() {
        return states.values().stream().map(EntryState::live).filter(e -> e != null).toList();
    }

    public int size() {
        return states.size();
    }

    /**
     * Appends versions durably as one batch. Each version must be exactly one more than the entry's
     * latest saved version (optimistic concurrency is checked by the caller; this re-checks).
     */
    public synchronized void append(Collection<Entry> versions) {
        append(versions, true);
    }

    /**
     * Records versions received from another instance: they may skip numbers (only changes to what
     * is served travel), but must still be newer than what is held.
     */
    public synchronized void appendReplicated(Entry version) {
        append(List.of(version), false);
    }

    private void append(Collection<Entry> versions, boolean contiguous) {
        if (versions.isEmpty()) {
            return;
        }
        Map<String, Long> next = new java.util.HashMap<>();
        for (Entry e : versions) {
            long current = next.getOrDefault(e.id(), get(e.id()).map(s -> s.latest().version()).orElse(0L));
            if (contiguous ? e.version() != current + 1 : e.version() <= current) {
                throw new IllegalStateException("entry " + e.id() + ": version " + e.version()
                        + " does not follow saved version " + current);
            }
            next.put(e.id(), e.version());
        }
        if (journal != null) {
            ObjectNode line = EntryJson.MAPPER.createObjectNode();
            ArrayNode arr = line.putArray("entries");
            versions.forEach(e -> arr.add(EntryJson.toNode(e)));
            byte[] bytes = (EntryJson.MAPPER.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
            try {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                journal.position(journal.size());
                while (buf.hasRemaining()) {
                    journal.write(buf);
                }
                journal.force(false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write entry journal " + journalPath, e);
            }
        }
        versions.forEach(this::applyVersion);
    }

    private void applyVersion(Entry e) {
        states.compute(e.id(), (id, old) -> {
            List<Entry> history = new ArrayList<>(old == null ? List.of() : old.history());
            history.add(e);
            Entry live = old == null ? null : old.live();
            // A new draft or review of a published entry leaves the published version on air;
            // publishing replaces it and archiving takes the entry off air.
            if (e.status() == EntryStatus.PUBLISHED) {
                live = e;
            } else if (e.status() == EntryStatus.ARCHIVED) {
                live = null;
            }
            return new EntryState(e, live, List.copyOf(history));
        });
    }

    private void replay() throws IOException {
        byte[] all = Files.readAllBytes(journalPath);
        int start = 0;
        long goodEnd = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] != '\n') {
                continue;
            }
            String line = new String(all, start, i - start, StandardCharsets.UTF_8);
            start = i + 1;
            if (line.isBlank()) {
                goodEnd = start;
                continue;
            }
            JsonNode node = EntryJson.MAPPER.readTree(line);
            for (JsonNode en : node.get("entries")) {
                applyVersion(EntryJson.fromNode(en, EntryStatus.DRAFT));
            }
            goodEnd = start;
        }
        if (goodEnd < all.length) {
            // A crash mid-write leaves a line without its newline: that batch never completed.
            journal.truncate(goodEnd);
            journal.force(false);
        }
    }

    @Override
    public void close() {
        if (journal != null) {
            try {
                journal.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
