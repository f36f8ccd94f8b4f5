package com.wecomassist.knowledge;

import com.wecomassist.error.Refused;
import com.wecomassist.kb.KnowledgeBase;
import com.wecomassist.kb.entry.Entry;
import com.wecomassist.kb.entry.EntryStatus;
import com.wecomassist.kb.search.ConfidenceModel;
import com.wecomassist.kb.search.ScoredEntry;
import com.wecomassist.kb.search.SearchResult;
import com.wecomassist.kb.store.EntryJson;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.List;
import java.util.Locale;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
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
 * <p>The rules are {@link CurationDesk}'s: this class reads the request and writes the answer.
 * Updates and transitions carry the version the editor saw; a stale one answers 409. Refusals are
 * answered by {@code error/RefusedAnswers} as {@code {"reason": ..., "message": ...}}: 400 bad input (an import lists every bad row and
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

    private static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");
    private static final MediaType JSONL = MediaType.parseMediaType("application/x-ndjson;charset=UTF-8");

    /**
     * {@code GET /entries/{id}}: the latest version, the version served now (or null), every version.
     * Entries are in the shape of the knowledge base's JSONL files ({@link EntryJson}), which the
     * console edits and sends back as they are.
     */
    record EntryAnswer(JsonNode latest, JsonNode served, List<JsonNode> history) {
    }

    /** {@code GET /search}: what the reply pipeline would see for the question. */
    record SearchAnswer(String query, double confidence, double tookMillis, ConfidenceModel.Features features,
                        List<RankedEntry> ranked) {
    }

    /** One ranked answer and the evidence behind its rank. */
    record RankedEntry(JsonNode entry, double score, double lexical, double cosine, String matchedPhrasing,
                       boolean contradiction) {
    }

    private final CurationDesk desk;
    private final KnowledgeProperties settings;
    private final JsonMapper json;

    KnowledgeController(CurationDesk desk, KnowledgeProperties settings, JsonMapper json) {
        this.desk = desk;
        this.settings = settings;
        this.json = json;
    }

    // ---------------------------------------------------------------- reading

    /** Latest version of every entry, by id; optionally of one status and containing a text. */
    @GetMapping("/entries")
    Mono<List<JsonNode>> list(@RequestParam(required = false) String status, @RequestParam(required = false) String q) {
        EntryStatus wanted = status == null || status.isBlank() ? null : status(status);
        return desk.entries(wanted, q).map(entries -> entries.stream().map(this::view).toList());
    }

    /** One entry: its latest version, the version served now (or null), and every version. */
    @GetMapping("/entries/{id}")
    Mono<EntryAnswer> get(@PathVariable String id) {
        return desk.entry(id).map(e -> new EntryAnswer(view(e.latest()), e.served().map(this::view).orElse(null),
                e.history().stream().map(this::view).toList()));
    }

    /** Ranked answers for a question, with their evidence and the confidence: what the pipeline sees. */
    @GetMapping("/search")
    Mono<SearchAnswer> search(@RequestParam(required = false) String q, @RequestParam(required = false) String k) {
        int n = k == null || k.isBlank() ? settings.topK() : (int) number(k, "k", 1, KnowledgeProperties.MAX_K);
        return desk.search(q, n).map(this::searchView);
    }

    /** Every entry's latest version as a JSONL (default) or CSV file. */
    @GetMapping("/export")
    Mono<ResponseEntity<byte[]>> export(@RequestParam(required = false) String format) {
        CurationDesk.Format f = format(format, null);
        return desk.export(f).map(bytes -> ResponseEntity.ok()
                .contentType(f == CurationDesk.Format.CSV ? CSV : JSONL)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"kb-export." + f.extension() + "\"")
                .body(bytes));
    }

    // ---------------------------------------------------------------- editing

    /** Saves a new entry as version 1, in draft; status and version in the body are ignored. */
    @PostMapping("/entries")
    Mono<ResponseEntity<JsonNode>> create(Principal editor, @RequestBody(required = false) String body) {
        return desk.create(editor.getName(), entry(object(body)))
                .map(saved -> ResponseEntity.created(URI.create("/api/kb/entries/"
                        + URLEncoder.encode(saved.id(), StandardCharsets.UTF_8))).body(view(saved)));
    }

    /**
     * Saves new content as the next draft version. The body is the whole entry as read, with the
     * {@code version} it was read at; the published version keeps answering until this one is published.
     */
    @PutMapping("/entries/{id}")
    Mono<JsonNode> update(@PathVariable String id, Principal editor, @RequestBody(required = false) String body) {
        ObjectNode node = object(body);
        JsonNode version = node.get("version");
        if (version == null || version.isNull()) {
            throw Refused.invalid("MISSING_VERSION", "give the version you edited as \"version\" (from GET "
                    + "/api/kb/entries/" + id + "), so that two editors cannot overwrite each other");
        }
        long expected = number(version.asString(), "version", 1, Long.MAX_VALUE);
        JsonNode bodyId = node.get("id");
        if (bodyId == null || bodyId.isNull()) {
            node.put("id", id);
        }
        return desk.update(editor.getName(), id, expected, entry(node)).map(this::view);
    }

    /** Moves the latest draft into review. */
    @PostMapping("/entries/{id}/submit")
    Mono<JsonNode> submit(@PathVariable String id, @RequestParam(required = false) String version, Principal editor) {
        return desk.submit(editor.getName(), id, version(id, version)).map(this::view);
    }

    /**
     * Publishes the version in review: it replaces the served version on every instance. Refused
     * when {@code assist.kb.regression.required}: then only a measured change set goes on air.
     */
    @PostMapping("/entries/{id}/publish")
    Mono<JsonNode> publish(@PathVariable String id, @RequestParam(required = false) String version, Principal editor) {
        return desk.publish(editor.getName(), id, version(id, version)).map(this::view);
    }

    /** Takes the entry off air on every instance. */
    @PostMapping("/entries/{id}/archive")
    Mono<JsonNode> archive(@PathVariable String id, @RequestParam(required = false) String version, Principal editor) {
        return desk.archive(editor.getName(), id, version(id, version)).map(this::view);
    }

    /**
     * Imports a JSONL (default) or CSV body ({@code ?format=csv} or {@code Content-Type: text/csv}) as
     * one batch: every row is checked first and any bad row refuses the whole file, listing them all.
     * Rows keep their own status (default draft); unchanged rows are skipped.
     */
    @PostMapping("/import")
    Mono<KnowledgeBase.ImportReport> importFile(Principal editor, @RequestParam(required = false) String format,
                                                ServerHttpRequest request) {
        CurationDesk.Format f = format(format, request.getHeaders().getContentType());
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
                .defaultIfEmpty(new byte[0])
                .onErrorMap(DataBufferLimitException.class, e -> Refused.tooLarge("TOO_LARGE",
                        "the body is larger than assist.kb.max-import-size (" + settings.maxImportSize() + ")"))
                .flatMap(bytes -> desk.importFile(editor.getName(), f, bytes));
    }

    // ---------------------------------------------------------------- input and output

    private static long version(String id, String version) {
        if (version == null || version.isBlank()) {
            throw Refused.invalid("MISSING_VERSION", "give the version you saw in the version parameter (from GET "
                    + "/api/kb/entries/" + id + ")");
        }
        return number(version, "version", 1, Long.MAX_VALUE);
    }

    private ObjectNode object(String body) {
        if (body == null || body.isBlank()) {
            throw Refused.invalid("EMPTY_BODY", "send the entry as a JSON object (id, question, answer, variants, "
                    + "category, ...)");
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (RuntimeException e) {
            throw Refused.invalid("INVALID_ENTRY", "the body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw Refused.invalid("INVALID_ENTRY", "send the entry as a JSON object");
        }
        return (ObjectNode) node;
    }

    /** The entry in the knowledge base's file shape, with its messages ("missing field 'answer'"). */
    private Entry entry(ObjectNode node) {
        try {
            return EntryJson.fromJson(json.writeValueAsString(node), EntryStatus.DRAFT);
        } catch (IllegalArgumentException e) {
            throw Refused.invalid("INVALID_ENTRY", e.getMessage());
        }
    }

    private static EntryStatus status(String text) {
        try {
            return EntryStatus.parse(text);
        } catch (IllegalArgumentException e) {
            throw Refused.invalid("INVALID_REQUEST", "status must be one of draft, in_review, published, archived, "
                    + "not '" + text + "'");
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
        throw Refused.invalid("INVALID_REQUEST", name + " must be a whole number within " + min + ".."
                + (max == Long.MAX_VALUE ? "" : max) + ", not '" + text + "'");
    }

    private static CurationDesk.Format format(String format, MediaType contentType) {
        if (format != null && !format.isBlank()) {
            String f = format.strip().toLowerCase(Locale.ROOT);
            if (f.equals("csv") || f.equals("jsonl")) {
                return CurationDesk.Format.valueOf(f.toUpperCase(Locale.ROOT));
            }
            throw Refused.invalid("INVALID_REQUEST", "format must be jsonl or csv, not '" + format + "'");
        }
        return contentType != null && contentType.getSubtype().equalsIgnoreCase("csv")
                ? CurationDesk.Format.CSV : CurationDesk.Format.JSONL;
    }

    private JsonNode view(Entry e) {
        return json.readTree(EntryJson.toJson(e));
    }

    private SearchAnswer searchView(SearchResult result) {
        return new SearchAnswer(result.query(), result.confidence(), result.tookNanos() / 1_000_000.0,
                result.features(), result.ranked().stream().map(this::scoredView).toList());
    }

    private RankedEntry scoredView(ScoredEntry s) {
        return new RankedEntry(view(s.entry()), s.score(), s.lexical(), s.cosine(), s.matchedPhrasing(),
                s.contradiction());
    }
}
