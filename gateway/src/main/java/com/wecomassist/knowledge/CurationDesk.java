package com.wecomassist.knowledge;

import com.wecomassist.error.Refused;
import com.wecomassist.kb.ChangeSetMovedException;
import com.wecomassist.kb.KnowledgeBase;
import com.wecomassist.kb.entry.CurationException;
import com.wecomassist.kb.entry.Entry;
import com.wecomassist.kb.entry.EntryStatus;
import com.wecomassist.kb.search.SearchResult;
import com.wecomassist.kb.store.EntryFileException;
import com.wecomassist.kb.store.EntryFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;

/**
 * What the content team does with the knowledge base, as named operations: read, search, export,
 * create, edit, submit, publish, archive, import, and add a phrasing as a variant. The rules live
 * here and in the library (an unknown entry, a stale version, a transition the lifecycle does not
 * allow, the regression gate's "only change sets go on air"), not in the controllers; every refusal
 * leaves as a {@link Refused} with a stable reason code and an English message.
 *
 * <p>Every operation runs on the knowledge-base scheduler through {@link KnowledgeCuration}, so
 * edits are replicated and audited with the editor.
 */
public final class CurationDesk {

    // Ids travel in URLs and as Kafka keys: no whitespace, slashes or URL syntax.
    private static final Pattern ID = Pattern.compile("[^\\s/\\\\?#%]{1,128}");

    /** File formats the desk imports and exports. */
    public enum Format {
        JSONL, CSV;

        public String extension() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One entry: its latest version, the version served now (if any), and every version, oldest first. */
    public record EntryRecord(Entry latest, Optional<Entry> served, List<Entry> history) {
    }

    private final KnowledgeCuration kb;
    private final boolean changeSetRequired;

    /**
     * @param changeSetRequired {@code assist.kb.regression.required}: content goes on air only through
     *                          a measured change set, never one entry or an import at a time
     */
    public CurationDesk(KnowledgeCuration kb, boolean changeSetRequired) {
        this.kb = kb;
        this.changeSetRequired = changeSetRequired;
    }

    // ---------------------------------------------------------------- reading

    /** Latest version of every entry, by id; of one status if given, containing a text if given. */
    public Mono<List<Entry>> entries(EntryStatus status, String text) {
        String wanted = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return read(base -> base.entries().stream()
                .filter(e -> status == null || e.status() == status)
                .filter(e -> wanted.isEmpty() || contains(e, wanted))
                .toList());
    }

    /** One entry with its served version and history; refused ({@code UNKNOWN_ENTRY}) when there is none. */
    public Mono<EntryRecord> entry(String id) {
        return read(base -> {
            Entry latest = base.latest(id).orElseThrow(() -> unknown(id));
            return new EntryRecord(latest, base.served(id), base.history(id));
        });
    }

    /** The latest version of an entry; empty when there is none. */
    public Mono<Entry> latest(String id) {
        return read(base -> base.latest(id).orElse(null));
    }

    /** The latest versions of the given entries that exist and are not archived, in the order given. */
    public Mono<List<Entry>> liveLatest(Collection<String> ids) {
        return read(base -> new LinkedHashSet<>(ids).stream()
                .map(base::latest)
                .flatMap(Optional::stream)
                .filter(e -> e.status() != EntryStatus.ARCHIVED)
                .toList());
    }

    /**
     * The entries at the versions given (entry id → version), in the order given; a version the
     * history does not have is left out.
     */
    public Mono<List<Entry>> atVersions(Map<String, Long> versions) {
        return read(base -> versions.entrySet().stream()
                .flatMap(wanted -> base.history(wanted.getKey()).stream()
                        .filter(e -> e.version() == wanted.getValue())
                        .limit(1))
                .toList());
    }

    /** Ranked answers with their evidence and the confidence: what the reply pipeline sees. */
    public Mono<SearchResult> search(String question, int k) {
        if (question == null || question.isBlank()) {
            return Mono.error(Refused.invalid("MISSING_QUERY", "give the question to search for in the q parameter"));
        }
        return read(base -> base.search(question.strip(), k));
    }

    /** Every entry's latest version as a file of the given format. */
    public Mono<byte[]> export(Format format) {
        return read(base -> withTempFile("kb-export", format, file -> {
            base.exportFile(file);
            return Files.readAllBytes(file);
        }));
    }

    // ---------------------------------------------------------------- editing

    /** Saves a new entry as version 1, in draft; refused when the id is unusable or taken. */
    public Mono<Entry> create(String editor, Entry entry) {
        if (!ID.matcher(entry.id()).matches()) {
            return Mono.error(Refused.invalid("INVALID_ENTRY",
                    "id must be 1 to 128 characters without spaces, slashes, ?, # or %"));
        }
        return edit(editor, "create", entry.id(), base -> base.create(entry, editor));
    }

    /**
     * Saves new content as the next draft version of {@code id}, provided {@code expectedVersion} is
     * still its latest; the published version keeps answering until this one is published.
     */
    public Mono<Entry> update(String editor, String id, long expectedVersion, Entry edited) {
        if (!edited.id().equals(id)) {
            return Mono.error(Refused.invalid("INVALID_ENTRY", "the body's id " + edited.id() + " is not the entry "
                    + id + ": an edit cannot change the id"));
        }
        return edit(editor, "update", id, base -> base.update(id, expectedVersion, latest -> edited, editor));
    }

    /** Moves the latest draft into review. */
    public Mono<Entry> submit(String editor, String id, long expectedVersion) {
        return edit(editor, "submit", id, base -> base.submitForReview(id, expectedVersion, editor));
    }

    /**
     * Publishes the version in review on every instance. Refused ({@code CHANGE_SET_REQUIRED}) when
     * only measured change sets may go on air.
     */
    public Mono<Entry> publish(String editor, String id, long expectedVersion) {
        if (changeSetRequired) {
            return Mono.error(changeSetRequired("entry " + id + " cannot be published on its own"));
        }
        return edit(editor, "publish", id, base -> base.publish(id, expectedVersion, editor));
    }

    /** Takes the entry off air on every instance. */
    public Mono<Entry> archive(String editor, String id, long expectedVersion) {
        return edit(editor, "archive", id, base -> base.archive(id, expectedVersion, editor));
    }

    /**
     * Imports a file as one batch: every row is checked first and any bad row refuses the whole file
     * ({@code INVALID_ROWS}, listing them all). Rows keep their own status (default draft); unchanged
     * rows are skipped. With change sets required, rows that would put new content on air refuse it.
     */
    public Mono<KnowledgeBase.ImportReport> importFile(String editor, Format format, byte[] file) {
        if (new String(file, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return Mono.error(Refused.invalid("EMPTY_BODY", "send the " + format.extension()
                    + " file as the request body"));
        }
        return edit(editor, "import", "import", base -> withTempFile("kb-import", format, path -> {
            Files.write(path, file);
            List<Entry> rows = EntryFiles.read(path, EntryStatus.DRAFT);
            if (changeSetRequired) {
                refuseRowsThatWouldPublish(base.wouldPublish(rows));
            }
            return base.importEntries(rows, editor);
        }));
    }

    /**
     * Adds a phrasing to an entry's variants as its next draft version (the served version keeps
     * answering until that is reviewed and published). An entry that has the phrasing already, as
     * {@code sameness} sees phrasings, is returned as it is; an archived entry refuses it.
     */
    public Mono<Entry> addVariant(String editor, String entryId, String phrasing, UnaryOperator<String> sameness) {
        String variant = phrasing.strip();
        String normalised = sameness.apply(variant);
        return edit(editor, "add-variant", entryId, base -> {
            Entry latest = base.latest(entryId).orElseThrow(() -> unknown(entryId));
            if (latest.status() == EntryStatus.ARCHIVED) {
                throw Refused.conflict("ENTRY_ARCHIVED", "entry " + entryId
                        + " is archived: restore it first, or choose another entry");
            }
            if (latest.phrasings().stream().map(sameness).anyMatch(normalised::equals)) {
                return latest;
            }
            List<String> variants = new ArrayList<>(latest.variants());
            variants.add(variant);
            return base.update(entryId, latest.version(), e -> e.withVariants(variants), editor);
        });
    }

    // ---------------------------------------------------------------- refusals

    /** With the gate required, an import may bring drafts and entries in review, never new served content. */
    private static void refuseRowsThatWouldPublish(List<String> ids) {
        if (!ids.isEmpty()) {
            throw changeSetRequired("the file has " + ids.size() + " rows that would publish ("
                    + String.join(", ", ids.subList(0, Math.min(10, ids.size())))
                    + (ids.size() > 10 ? ", …" : "") + "); import them as in_review and publish the change set");
        }
    }

    private static Refused changeSetRequired(String what) {
        return Refused.conflict("CHANGE_SET_REQUIRED", what + ": here content goes on air only "
                + "through a change set measured against the regression questions (assist.kb.regression.required); "
                + "submit it for review, then evaluate and publish the change set");
    }

    static Refused unknown(String id) {
        return Refused.notFound("UNKNOWN_ENTRY", "no entry " + id);
    }

    /**
     * The library's and the replication's refusals in the API's terms: every failure a caller can
     * act on becomes a {@link Refused}; anything else stays what it is (a 500, logged).
     */
    static Throwable refusal(Throwable e) {
        if (e instanceof ChangeSetMovedException moved) {
            return Refused.conflict("STALE_CHANGE_SET", moved.getMessage(), Map.of("current", moved.inReviewNow(),
                    "evaluated", moved.evaluated()));
        }
        if (e instanceof CurationException c) {
            return switch (c.reason()) {
                case UNKNOWN_ENTRY -> Refused.notFound("UNKNOWN_ENTRY", c.getMessage());
                case STALE_VERSION, ALREADY_EXISTS, STALE_CHANGE_SET -> Refused.conflict(c.reason().name(), c.getMessage());
                case NOT_ALLOWED -> Refused.conflict("NOT_ALLOWED", c.getMessage());
            };
        }
        if (e instanceof EntryFileException rows) {
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("errors", rows.errors().stream().map(r -> Map.of("line", r.line(), "entryId", r.entryId(),
                    "message", r.message())).toList());
            return Refused.invalid("INVALID_ROWS", rows.errors().size() + " bad row(s), nothing imported").with(facts);
        }
        if (e instanceof KnowledgeCuration.NotReplicatedException notReplicated) {
            return Refused.unavailable("NOT_REPLICATED", notReplicated.getMessage());
        }
        if (e instanceof IllegalArgumentException invalid) {
            // the entry model's own checks (a variant too long, an empty answer): the input, not us
            return Refused.invalid("INVALID_REQUEST", invalid.getMessage());
        }
        return e;
    }

    private <T> Mono<T> read(Function<KnowledgeBase, T> work) {
        return kb.read(work).onErrorMap(CurationDesk::refusal);
    }

    private <T> Mono<T> edit(String editor, String action, String subject, Function<KnowledgeBase, T> work) {
        return kb.edit(editor, action, subject, work).onErrorMap(CurationDesk::refusal);
    }

    private static boolean contains(Entry e, String text) {
        return e.id().toLowerCase(Locale.ROOT).contains(text)
                || e.question().toLowerCase(Locale.ROOT).contains(text)
                || e.answer().toLowerCase(Locale.ROOT).contains(text)
                || e.category().toLowerCase(Locale.ROOT).contains(text)
                || e.variants().stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains(text));
    }

    @FunctionalInterface
    private interface FileWork<T> {
        T apply(Path file) throws IOException;
    }

    /** Runs on the knowledge-base scheduler: the library reads and writes files by path. */
    private static <T> T withTempFile(String prefix, Format format, FileWork<T> work) {
        Path file = null;
        try {
            file = Files.createTempFile(prefix, "." + format.extension());
            return work.apply(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // a leftover temp file is harmless; the answer matters more
                }
            }
        }
    }
}
