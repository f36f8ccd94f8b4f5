package com.wecomassist.knowledge;

import com.wecomassist.error.Refused;
import com.wecomassist.error.TransientException;
import com.wecomassist.kb.KnowledgeBase;
import com.wecomassist.kb.entry.CurationException;
import com.wecomassist.kb.entry.Entry;
import com.wecomassist.kb.entry.EntryStatus;
import com.wecomassist.kb.search.ScoredEntry;
import com.wecomassist.kb.search.SearchResult;
import com.wecomassist.kb.store.EntryFileException;
import com.wecomassist.kb.store.EntryFiles;
import com.wecomassist.kb.store.EntryJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The knowledge base over HTTP, for the content team (the content console builds on it). Entries
 * are read and written in the shape of the knowledge base's JSONL files; a search shows what the
 * reply pipeline would see (ranked entries, their evidence, the confidence).
 *
 * <p>Editing takes the role CONTENT_EDITOR (searching also AGENT and COMPLIANCE_OFFICER, see
 * {@code staff/SecurityConfiguration}); the editor recorded with every version and in the audit
 * trail is the logged-in user's login name.
 *
 * <p>Updates and transitions carry the version the editor saw; a stale one answers 409. Refusals
 * answer {@code {"reason": ..., "message": ...}}: 400 bad input (an import lists every bad row and
 * imports nothing), 404 unknown entry, 409 stale version or a transition the lifecycle does not
 * allow or, with {@code assist.kb.regression.required}, a publish outside a change set
 * ({@code CHANGE_SET_REQUIRED}: publishing one entry, importing rows that would publish), 413 import
 * too large, 503 busy or saved here but not yet replicated to the other instances (cluster mode;
 * re-sent in the background, do not repeat the edit).
 *
 * <p>In cluster mode drafts and reviews live on the instance that saved them; only what is served
 * replicates. Curate through one instance.
 */
@RestController
@RequestMapping("/api/kb")
class KnowledgeController {

    // Ids travel in URLs and as Kafka keys: no whitespace, slashes or URL syntax.
    private static final Pattern ID = Pattern.compile("[^\\s/\\\\?#%]{1,128}");
    private static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");
    private static final MediaType JSONL = MediaType.parseMediaType("application/x-ndjson;charset=UTF-8");

    private final KnowledgeCuration kb;
    private final KnowledgeProperties settings;
    private final JsonMapper json;

    KnowledgeController(KnowledgeCuration kb, KnowledgeProperties settings, JsonMapper json) {
        this.kb = kb;
        this.settings = settings;
        this.json = json;
    }

    // ---------------------------------------------------------------- reading

    /** Latest version of every entry, by id; optionally of one status and containing a text. */
    @GetMapping("/entries")
    Mono<List<JsonNode>> list(@RequestParam(required = false) String status, @RequestParam(required = false) String q) {
        EntryStatus wanted = status == null || status.isBlank() ? null : status(status);
        String text = q == null ? "" : q.strip().toLowerCase(Locale.ROOT);
        return kb.read(base -> base.entries().stream()
                .filter(e -> wanted == null || e.status() == wanted)
                .filter(e -> text.isEmpty() || contains(e, text))
                .map(this::view)
                .toList());
    }

    /** One entry: its latest version, the version served now (or null), and every version. */
    @GetMapping("/entries/{id}")
    Mono<Map<String, Object>> get(@PathVariable String id) {
        return kb.read(base -> {
            Entry latest = base.latest(id).orElseThrow(() -> unknown(id));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("latest", view(latest));
            body.put("served", base.served(id).map(this::view).orElse(null));
            body.put("history", base.history(id).stream().map(this::view).toList());
            return body;
        });
    }

    /** Ranked answers for a question, with their evidence and the confidence: what the pipeline sees. */
    @GetMapping("/search")
    Mono<Map<String, Object>> search(@RequestParam(required = false) String q, @RequestParam(required = false) String k) {
        if (q == null || q.isBlank()) {
            throw bad("MISSING_QUERY", "give the question to search for in the q parameter");
        }
        int n = k == null || k.isBlank() ? settings.topK() : number(k, "k", 1, KnowledgeProperties.MAX_K);
        return kb.read(base -> base.search(q.strip(), n)).map(this::searchView);
    }

    /** Every entry's latest version as a JSONL (default) or CSV file. */
    @GetMapping("/export")
    Mono<ResponseEntity<byte[]>> export(@RequestParam(required = false) String format) {
        String ext = format(format, null);
        return kb.read(base -> withTempFile("kb-export", ext, file -> {
            base.exportFile(file);
            return Files.readAllBytes(file);
        })).map(bytes -> ResponseEntity.ok()
                .contentType(ext.equals("csv") ? CSV : JSONL)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"kb-export." + ext + "\"")
                .body(bytes));
    }

    // ---------------------------------------------------------------- editing

    /** Saves a new entry as version 1, in draft; status and version in the body are ignored. */
    @PostMapping("/entries")
    Mono<ResponseEntity<JsonNode>> create(Principal agent,
                                          @RequestBody(required = false) String body) {
        String editor = editor(agent);
        Entry entry = entry(object(body));
        if (!ID.matcher(entry.id()).matches()) {
            throw bad("INVALID_ENTRY", "id must be 1 to 128 characters without spaces, slashes, ?, # or %");
        }
        return kb.edit(editor, "create", entry.id(), base -> {
            if (base.latest(entry.id()).isPresent()) {
                throw new Refused(HttpStatus.CONFLICT, "ALREADY_EXISTS", "entry " + entry.id()
                        + " exists already: edit it with PUT /api/kb/entries/" + entry.id());
            }
            return base.create(entry, editor);
        }).map(saved -> ResponseEntity.created(URI.create("/api/kb/entries/"
                + URLEncoder.encode(saved.id(), StandardCharsets.UTF_8))).body(view(saved)));
    }

    /**
     * Saves new content as the next draft version. The body is the whole entry as read, with the
     * {@code version} it was read at; the published version keeps answering until this one is published.
     */
    @PutMapping("/entries/{id}")
    Mono<JsonNode> update(@PathVariable String id, Principal agent,
                          @RequestBody(required = false) String body) {
        String editor = editor(agent);
        ObjectNode node = object(body);
        JsonNode version = node.get("version");
        if (version == null || version.isNull()) {
            throw bad("MISSING_VERSION", "give the version you edited as \"version\" (from GET /api/kb/entries/"
                    + id + "), so that two editors cannot overwrite each other");
        }
        long expected = number(version.asString(), "version", 1, Long.MAX_VALUE);
        JsonNode bodyId = node.get("id");
        if (bodyId != null && !bodyId.isNull() && !bodyId.asString().strip().equals(id)) {
            throw bad("INVALID_ENTRY", "the body's id " + bodyId.asString() + " is not the entry " + id
                    + ": an edit cannot change the id");
        }
        node.put("id", id);
        Entry edited = entry(node);
        return kb.edit(editor, "update", id, base -> {
            expect(base, id, expected);
            return base.update(id, expected, latest -> edited, editor);
        }).map(this::view);
    }

    /** Moves the latest draft into review. */
    @PostMapping("/entries/{id}/submit")
    Mono<JsonNode> submit(@PathVariable String id, @RequestParam(required = false) String version,
                          Principal agent) {
        return transition(id, version, agent, "submit", (base, v, editor) -> base.submitForReview(id, v, editor));
    }

    /**
     * Publishes the version in review: it replaces the served version on every instance. Refused
     * when {@code assist.kb.regression.required}: then only a measured change set goes on air.
     */
    @PostMapping("/entries/{id}/publish")
    Mono<JsonNode> publish(@PathVariable String id, @RequestParam(required = false) String version,
                           Principal agent) {
        if (settings.regression().required()) {
            throw changeSetRequired("entry " + id + " cannot be published on its own");
        }
        return transition(id, version, agent, "publish", (base, v, editor) -> base.publish(id, v, editor));
    }

    /** Takes the entry off air on every instance. */
    @PostMapping("/entries/{id}/archive")
    Mono<JsonNode> archive(@PathVariable String id, @RequestParam(required = false) String version,
                           Principal agent) {
        return transition(id, version, agent, "archive", (base, v, editor) -> base.archive(id, v, editor));
    }

    /**
     * Imports a JSONL (default) or CSV body ({@code ?format=csv} or {@code Content-Type: text/csv}) as
     * one batch: every row is checked first and any bad row refuses the whole file, listing them all.
     * Rows keep their own status (default draft); unchanged rows are skipped.
     */
    @PostMapping("/import")
    Mono<KnowledgeBase.ImportReport> importFile(Principal agent,
                                                @RequestParam(required = false) String format,
                                                ServerHttpRequest request) {
        String editor = editor(agent);
        String ext = format(format, request.getHeaders().getContentType());
        int limit = (int) settings.maxImportSize().toBytes();
        return DataBufferUtils.join(request.getBody(), limit)
                .map(buffer -> {
                    try {
                        byte[] bytes = new byte[buffer.readableByteCount()];
                        buffer.read(bytes);
                        return bytes;
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .filter(bytes -> !new String(bytes, StandardCharsets.UTF_8).isBlank())
                .switchIfEmpty(Mono.error(() -> bad("EMPTY_BODY", "send the " + ext + " file as the request body")))
                .flatMap(bytes -> kb.edit(editor, "import", "import", base -> withTempFile("kb-import", ext, file -> {
                    Files.write(file, bytes);
                    List<Entry> rows = EntryFiles.read(file, EntryStatus.DRAFT);
                    if (settings.regression().required()) {
                        refuseRowsThatWouldPublish(base.wouldPublish(rows));
                    }
                    return base.importEntries(rows, editor);
                })));
    }

    /**
     * With the gate required, an import may bring drafts and entries in review, never new served
     * content (rows identical to what is there, as in a re-imported export, are skipped anyway).
     */
    private static void refuseRowsThatWouldPublish(List<String> ids) {
        if (!ids.isEmpty()) {
            throw changeSetRequired("the file has " + ids.size() + " rows that would publish ("
                    + String.join(", ", ids.subList(0, Math.min(10, ids.size())))
                    + (ids.size() > 10 ? ", …" : "") + "); import them as in_review and publish the change set");
        }
    }

    private static Refused changeSetRequired(String what) {
        return new Refused(HttpStatus.CONFLICT, "CHANGE_SET_REQUIRED", what + ": here content goes on air only "
                + "through a change set measured against the regression questions (assist.kb.regression.required); "
                + "submit it for review, then evaluate and publish the change set");
    }

    @FunctionalInterface
    private interface Transition {
        Entry apply(KnowledgeBase base, long version, String editor);
    }

    private Mono<JsonNode> transition(String id, String version, Principal agent, String name, Transition action) {
        String editor = editor(agent);
        if (version == null || version.isBlank()) {
            throw bad("MISSING_VERSION", "give the version you saw in the version parameter (from GET "
                    + "/api/kb/entries/" + id + ")");
        }
        long expected = number(version, "version", 1, Long.MAX_VALUE);
        return kb.edit(editor, name, id, base -> {
            expect(base, id, expected);
            return action.apply(base, expected, editor);
        }).map(this::view);
    }

    /** Checked before the knowledge base's own check, to tell an unknown entry and a stale version apart. */
    private static void expect(KnowledgeBase base, String id, long expected) {
        Entry latest = base.latest(id).orElseThrow(() -> unknown(id));
        if (latest.version() != expected) {
            throw new Refused(HttpStatus.CONFLICT, "STALE_VERSION", "entry " + id + " is at version "
                    + latest.version() + ", not " + expected + ": it was saved after you loaded it; reload it "
                    + "and edit again");
        }
    }

    // ---------------------------------------------------------------- refusals

    @ExceptionHandler(CurationException.class)
    ResponseEntity<Map<String, Object>> notAllowed(CurationException e) {
        return refusal(HttpStatus.CONFLICT, "NOT_ALLOWED", e.getMessage());
    }

    @ExceptionHandler(EntryFileException.class)
    ResponseEntity<Map<String, Object>> invalidRows(EntryFileException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reason", "INVALID_ROWS");
        body.put("message", e.errors().size() + " bad row(s), nothing imported");
        body.put("errors", e.errors().stream().map(r -> Map.of("line", r.line(), "entryId", r.entryId(),
                "message", r.message())).toList());
        return ResponseEntity.badRequest().body(body);
    }

    @ExceptionHandler(DataBufferLimitException.class)
    ResponseEntity<Map<String, Object>> tooLarge(DataBufferLimitException e) {
        return refusal(HttpStatus.CONTENT_TOO_LARGE, "TOO_LARGE", "the body is larger than assist.kb.max-import-size ("
                + settings.maxImportSize() + ")");
    }

    @ExceptionHandler({IllegalArgumentException.class, ServerWebInputException.class})
    ResponseEntity<Map<String, Object>> invalid(RuntimeException e) {
        String message = e instanceof ServerWebInputException input ? input.getReason() : e.getMessage();
        return refusal(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", message);
    }

    @ExceptionHandler(KnowledgeCuration.NotReplicatedException.class)
    ResponseEntity<Map<String, Object>> notReplicated(KnowledgeCuration.NotReplicatedException e) {
        return refusal(HttpStatus.SERVICE_UNAVAILABLE, "NOT_REPLICATED", e.getMessage());
    }

    @ExceptionHandler(TransientException.class)
    ResponseEntity<Map<String, Object>> busy(TransientException e) {
        return refusal(HttpStatus.SERVICE_UNAVAILABLE, "BUSY", e.getMessage() + "; try again shortly");
    }

    private static ResponseEntity<Map<String, Object>> refusal(HttpStatus status, String reason, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reason", reason);
        body.put("message", message == null ? reason.toLowerCase(Locale.ROOT) : message);
        return ResponseEntity.status(status).body(body);
    }

    private static Refused bad(String reason, String message) {
        return new Refused(HttpStatus.BAD_REQUEST, reason, message);
    }

    private static Refused unknown(String id) {
        return new Refused(HttpStatus.NOT_FOUND, "UNKNOWN_ENTRY", "no entry " + id);
    }

    // ---------------------------------------------------------------- input and output

    private static String editor(Principal agent) {
        return agent.getName();
    }

    private ObjectNode object(String body) {
        if (body == null || body.isBlank()) {
            throw bad("EMPTY_BODY", "send the entry as a JSON object (id, question, answer, variants, category, ...)");
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (RuntimeException e) {
            throw bad("INVALID_ENTRY", "the body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw bad("INVALID_ENTRY", "send the entry as a JSON object");
        }
        return (ObjectNode) node;
    }

    /** The entry in the knowledge base's file shape, with its messages ("missing field 'answer'"). */
    private Entry entry(ObjectNode node) {
        try {
            return EntryJson.fromJson(json.writeValueAsString(node), EntryStatus.DRAFT);
        } catch (IllegalArgumentException e) {
            throw bad("INVALID_ENTRY", e.getMessage());
        }
    }

    private static EntryStatus status(String text) {
        try {
            return EntryStatus.parse(text);
        } catch (IllegalArgumentException e) {
            throw bad("INVALID_REQUEST", "status must be one of draft, in_review, published, archived, not '"
                    + text + "'");
        }
    }

    private static long number(String text, String name, long min, long max) {
        try {
            long n = Long.parseLong(text.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below with the allowed range
        }
        throw bad("INVALID_REQUEST", name + " must be a whole number within " + min + ".."
                + (max == Long.MAX_VALUE ? "" : max) + ", not '" + text + "'");
    }

    private static int number(String text, String name, int min, int max) {
        return (int) number(text, name, min, (long) max);
    }

    private static String format(String format, MediaType contentType) {
        if (format != null && !format.isBlank()) {
            String f = format.strip().toLowerCase(Locale.ROOT);
            if (f.equals("csv") || f.equals("jsonl")) {
                return f;
            }
            throw bad("INVALID_REQUEST", "format must be jsonl or csv, not '" + format + "'");
        }
        return contentType != null && contentType.getSubtype().equalsIgnoreCase("csv") ? "csv" : "jsonl";
    }

    private static boolean contains(Entry e, String text) {
        return e.id().toLowerCase(Locale.ROOT).contains(text)
                || e.question().toLowerCase(Locale.ROOT).contains(text)
                || e.answer().toLowerCase(Locale.ROOT).contains(text)
                || e.category().toLowerCase(Locale.ROOT).contains(text)
                || e.variants().stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains(text));
    }

    private JsonNode view(Entry e) {
        return json.readTree(EntryJson.toJson(e));
    }

    private Map<String, Object> searchView(SearchResult result) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", result.query());
        body.put("confidence", result.confidence());
        body.put("tookMillis", result.tookNanos() / 1_000_000.0);
        body.put("features", result.features());
        body.put("ranked", result.ranked().stream().map(this::scoredView).toList());
        return body;
    }

    private Map<String, Object> scoredView(ScoredEntry s) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("entry", view(s.entry()));
        item.put("score", s.score());
        item.put("lexical", s.lexical());
        item.put("cosine", s.cosine());
        item.put("matchedPhrasing", s.matchedPhrasing());
        item.put("contradiction", s.contradiction());
        return item;
    }

    @FunctionalInterface
    private interface FileWork<T> {
        T apply(Path file) throws IOException;
    }

    /** Runs on the knowledge-base scheduler: the module reads and writes files by path. */
    private static <T> T withTempFile(String prefix, String ext, FileWork<T> work) {
        Path file = null;
        try {
            file = Files.createTempFile(prefix, "." + ext);
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
