package com.wecomassist.learn;

import com.wecomassist.error.Refused;
import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.kb.entry.CurationException;
import com.wecomassist.kb.entry.Entry;
import com.wecomassist.kb.entry.EntryStatus;
import com.wecomassist.knowledge.KnowledgeCuration;
import java.security.Principal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The knowledge base learning from agents and from what it could not answer.
 *
 * <p>Agents (role AGENT): {@code GET /api/approvals/{draftId}/variant-suggestion} offers, for a
 * low-confidence draft the agent approved or edited, the customer's phrasing and the entries the
 * draft rested on; {@code POST} the same with {@code {"entryId", "phrasing"?}} puts "this phrasing
 * as a variant of that entry" on the content team's review list (the same suggestion twice counts twice).
 *
 * <p>Content team (role CONTENT_EDITOR): {@code GET /api/kb/suggestions?status=open|accepted|dismissed|all},
 * {@code POST /api/kb/suggestions/{id}/accept} (the phrasing becomes a variant in a new draft version
 * of the entry, which then goes through review and publishing as usual) and {@code .../dismiss};
 * {@code GET /api/kb/gaps} (questions answered with low confidence, not at all, or handed off,
 * grouped), {@code POST /api/kb/gaps/variant} {@code {"gapIds", "entryId", "phrasing"}} and
 * {@code POST /api/kb/gaps/dismiss} {@code {"gapIds"}}. Every action is in the audit trail.
 *
 * <p>Refusals answer {@code {"reason", "message"}}: 400 bad input, 403 a draft another agent
 * decided, 404 unknown, 409 already decided or the entry cannot take it.
 */
@RestController
class LearnController {

    static final int MAX_GROUPS = 200;

    private final DecidedDrafts decisions;
    private final PhrasingSuggestions suggestions;
    private final KnowledgeGaps gaps;
    private final KnowledgeCuration kb;
    private final AuditTrail audit;
    private final LearnProperties settings;
    private final Clock clock;

    LearnController(DecidedDrafts decisions, PhrasingSuggestions suggestions, KnowledgeGaps gaps,
                    KnowledgeCuration kb, AuditTrail audit, LearnProperties settings, Clock clock) {
        this.decisions = decisions;
        this.suggestions = suggestions;
        this.gaps = gaps;
        this.kb = kb;
        this.audit = audit;
        this.settings = settings;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- agents

    @GetMapping("/api/approvals/{draftId}/variant-suggestion")
    Mono<Map<String, Object>> offer(@PathVariable String draftId, Principal agent) {
        return decidedBy(draftId, agent.getName()).flatMap(draft -> kb.read(base -> {
            List<Map<String, Object>> entries = new ArrayList<>();
            for (String id : new LinkedHashSet<>(draft.entryIds())) {
                base.latest(id).filter(e -> e.status() != EntryStatus.ARCHIVED).ifPresent(e -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("entryId", e.id());
                    entry.put("version", draft.versionOf(e.id()));
                    entry.put("question", e.question());
                    entries.add(entry);
                });
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("draftId", draft.draftId());
            body.put("phrasing", defaultPhrasing(draft.customerText()));
            body.put("confidence", draft.confidence());
            body.put("edited", draft.edited());
            body.put("entries", entries);
            return body;
        }));
    }

    @PostMapping("/api/approvals/{draftId}/variant-suggestion")
    Mono<ResponseEntity<Map<String, Object>>> suggest(@PathVariable String draftId, Principal agent,
                                                      @RequestBody(required = false) Map<String, Object> body) {
        String entryId = text(body, "entryId");
        if (entryId == null) {
            throw bad("MISSING_ENTRY", "name the entry the phrasing is a variant of: {\"entryId\": ...}");
        }
        String asked = text(body, "phrasing");
        String name = agent.getName();
        return decidedBy(draftId, name).flatMap(draft -> {
            if (!draft.entryIds().contains(entryId)) {
                throw bad("NOT_A_SOURCE", "entry " + entryId + " is not one the draft was answered from: "
                        + draft.entryIds());
            }
            String phrasing = asked == null ? defaultPhrasing(draft.customerText()) : asked;
            if (!draft.customerText().contains(phrasing)) {
                throw bad("NOT_THE_CUSTOMERS_WORDS", "the phrasing must be (part of) what the customer wrote");
            }
            if (Phrasings.normalise(phrasing).length() < 2 || phrasing.length() > PhrasingSuggestion.MAX_PHRASING) {
                throw bad("INVALID_PHRASING", "a phrasing has 2 to " + PhrasingSuggestion.MAX_PHRASING
                        + " characters with words in them");
            }
            return kb.read(base -> base.latest(entryId).orElse(null))
                    .switchIfEmpty(Mono.error(() -> unknownEntry(entryId)))
                    .flatMap(entry -> suggestions.add(PhrasingSuggestion.open(phrasing, entryId,
                            draft.versionOf(entryId), entry.question(), name, draftId, draft.conversation(),
                            clock.instant())))
                    .flatMap(added -> {
                        Map<String, Object> details = new LinkedHashMap<>();
                        details.put("draftId", draftId);
                        details.put("entryId", entryId);
                        details.put("phrasing", phrasing);
                        details.put("new", added.created());
                        return audit.record(new AuditEvent(AuditEvent.Type.PHRASING_SUGGESTED, draft.conversation(),
                                        added.suggestion().id(), name, clock.instant(), details))
                                .thenReturn(ResponseEntity.status(added.created() ? HttpStatus.CREATED : HttpStatus.OK)
                                        .body(Map.<String, Object>of("suggestion", added.suggestion(),
                                                "created", added.created())));
                    });
        });
    }

    // ---------------------------------------------------------------- the content team's review list

    @GetMapping("/api/kb/suggestions")
    Mono<List<PhrasingSuggestion>> suggestions(@RequestParam(required = false) String status) {
        PhrasingSuggestion.Status wanted;
        if (status == null || status.isBlank()) {
            wanted = PhrasingSuggestion.Status.OPEN;
        } else if (status.strip().equalsIgnoreCase("all")) {
            wanted = null;
        } else {
            try {
                wanted = PhrasingSuggestion.Status.valueOf(status.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw bad("INVALID_STATUS", "status is open, accepted, dismissed or all, not " + status);
            }
        }
        return suggestions.list(wanted).collectList();
    }

    @PostMapping("/api/kb/suggestions/{id}/accept")
    Mono<Map<String, Object>> accept(@PathVariable String id, Principal editor) {
        return openSuggestion(id).flatMap(suggestion -> addVariant(editor.getName(), suggestion.entryId(),
                        suggestion.phrasing())
                .flatMap(entry -> decide(suggestion, PhrasingSuggestion.Status.ACCEPTED, editor.getName(), entry)));
    }

    @PostMapping("/api/kb/suggestions/{id}/dismiss")
    Mono<Map<String, Object>> dismiss(@PathVariable String id, Principal editor) {
        return openSuggestion(id).flatMap(suggestion -> decide(suggestion, PhrasingSuggestion.Status.DISMISSED,
                editor.getName(), null));
    }

    // ---------------------------------------------------------------- gaps

    @GetMapping("/api/kb/gaps")
    Mono<Map<String, Object>> gaps() {
        return gaps.recent().collectList()
                // grouping compares every question with the groups so far: CPU work, off the event loop
                .publishOn(Schedulers.parallel())
                .map(all -> {
                    List<GapGroups.Group> groups = GapGroups.of(all, settings.gapSimilarity());
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("questions", all.size());
                    body.put("groupCount", groups.size());
                    body.put("groups", groups.size() > MAX_GROUPS ? groups.subList(0, MAX_GROUPS) : groups);
                    return body;
                });
    }

    @PostMapping("/api/kb/gaps/variant")
    Mono<Map<String, Object>> gapAsVariant(Principal editor, @RequestBody(required = false) Map<String, Object> body) {
        List<String> ids = gapIds(body);
        String entryId = text(body, "entryId");
        String phrasing = text(body, "phrasing");
        if (entryId == null) {
            throw bad("MISSING_ENTRY", "name the entry the question is a variant of: {\"entryId\": ...}");
        }
        if (phrasing == null || Phrasings.normalise(phrasing).length() < 2
                || phrasing.length() > PhrasingSuggestion.MAX_PHRASING) {
            throw bad("INVALID_PHRASING", "give the question to add as \"phrasing\" (2 to "
                    + PhrasingSuggestion.MAX_PHRASING + " characters)");
        }
        return addVariant(editor.getName(), entryId, phrasing)
                .flatMap(entry -> forget(ids, editor.getName(), "variant of " + entryId)
                        .map(dismissed -> Map.<String, Object>of("entry", view(entry), "dismissed", dismissed)));
    }

    @PostMapping("/api/kb/gaps/dismiss")
    Mono<Map<String, Object>> dismissGaps(Principal editor, @RequestBody(required = false) Map<String, Object> body) {
        List<String> ids = gapIds(body);
        return forget(ids, editor.getName(), "dismissed").map(dismissed -> Map.<String, Object>of("dismissed", dismissed));
    }

    // ---------------------------------------------------------------- steps

    /** The low-confidence draft this agent decided; refused when unknown or decided by another. */
    private Mono<DecidedDraft> decidedBy(String draftId, String agent) {
        return decisions.find(draftId)
                .switchIfEmpty(Mono.error(() -> new Refused(HttpStatus.NOT_FOUND, "NO_LOW_CONFIDENCE_DECISION",
                        "no low-confidence draft " + draftId + " was approved or edited lately")))
                .handle((draft, sink) -> {
                    if (!draft.decidedBy().equals(agent)) {
                        sink.error(new Refused(HttpStatus.FORBIDDEN, "NOT_YOUR_DECISION",
                                "draft " + draftId + " was decided by another agent"));
                    } else {
                        sink.next(draft);
                    }
                });
    }

    private Mono<PhrasingSuggestion> openSuggestion(String id) {
        return suggestions.find(id)
                .switchIfEmpty(Mono.error(() -> new Refused(HttpStatus.NOT_FOUND, "UNKNOWN_SUGGESTION",
                        "no suggestion " + id)))
                .handle((s, sink) -> {
                    if (s.status() != PhrasingSuggestion.Status.OPEN) {
                        sink.error(alreadyDecided(s));
                    } else {
                        sink.next(s);
                    }
                });
    }

    private Mono<Map<String, Object>> decide(PhrasingSuggestion suggestion, PhrasingSuggestion.Status status,
                                             String editor, Entry entry) {
        return suggestions.decide(suggestion.id(), status, editor, clock.instant())
                .flatMap(decided -> decided ? suggestions.find(suggestion.id())
                        : suggestions.find(suggestion.id()).flatMap(s -> Mono.<PhrasingSuggestion>error(alreadyDecided(s))))
                .flatMap(decided -> {
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("decision", status.name());
                    details.put("entryId", suggestion.entryId());
                    details.put("phrasing", suggestion.phrasing());
                    details.put("suggestedBy", suggestion.suggestedBy());
                    if (entry != null) {
                        details.put("entryVersion", entry.version());
                    }
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("suggestion", decided);
                    if (entry != null) {
                        body.put("entry", view(entry));
                    }
                    return audit.record(new AuditEvent(AuditEvent.Type.SUGGESTION_DECIDED, suggestion.conversation(),
                            suggestion.id(), editor, clock.instant(), details)).thenReturn(body);
                });
    }

    /**
     * Adds the phrasing to the entry's variants as a new draft version (the served version keeps
     * answering until it is reviewed and published); an entry that already has it is left as it is.
     */
    private Mono<Entry> addVariant(String editor, String entryId, String phrasing) {
        String variant = phrasing.strip();
        String normalised = Phrasings.normalise(variant);
        return kb.edit(editor, "add-variant", entryId, base -> {
            Entry latest = base.latest(entryId).orElseThrow(() -> unknownEntry(entryId));
            if (latest.status() == EntryStatus.ARCHIVED) {
                throw new Refused(HttpStatus.CONFLICT, "ENTRY_ARCHIVED", "entry " + entryId
                        + " is archived: restore it first, or choose another entry");
            }
            if (latest.phrasings().stream().map(Phrasings::normalise).anyMatch(normalised::equals)) {
                return latest;
            }
            List<String> variants = new ArrayList<>(latest.variants());
            variants.add(variant);
            return base.update(entryId, latest.version(), e -> e.withVariants(variants), editor);
        });
    }

    private Mono<Long> forget(List<String> ids, String editor, String why) {
        return gaps.dismiss(ids).flatMap(n -> audit.record(new AuditEvent(AuditEvent.Type.GAPS_DISMISSED, null,
                "gaps", editor, clock.instant(), Map.<String, Object>of("gapIds", ids, "how", why, "dismissed", n))).thenReturn(n));
    }

    /** The customer's longest line: a burst's greeting is not the question. */
    static String defaultPhrasing(String customerText) {
        return customerText.lines().map(String::strip).max(Comparator.comparingInt(String::length)).orElse("");
    }

    private List<String> gapIds(Map<String, Object> body) {
        Object raw = body == null ? null : body.get("gapIds");
        if (!(raw instanceof List<?> list) || list.isEmpty()) {
            throw bad("MISSING_GAPS", "list the gaps as \"gapIds\": [...] (a group's gapIds)");
        }
        if (list.size() > settings.gapCapacity()) {
            throw bad("TOO_MANY_GAPS", "at most " + settings.gapCapacity() + " gap ids at once");
        }
        List<String> ids = new ArrayList<>();
        for (Object id : list) {
            if (!(id instanceof String s) || s.isBlank()) {
                throw bad("INVALID_GAP_ID", "gap ids are non-blank strings");
            }
            ids.add(s.strip());
        }
        return ids;
    }

    private static Map<String, Object> view(Entry e) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", e.id());
        view.put("version", e.version());
        view.put("status", e.status().fileName());
        view.put("question", e.question());
        view.put("variants", e.variants());
        return view;
    }

    private static String text(Map<String, Object> body, String name) {
        Object value = body == null ? null : body.get(name);
        if (value != null && !(value instanceof String)) {
            throw bad("INVALID_" + name.toUpperCase(Locale.ROOT), name + " must be a string");
        }
        return value == null || ((String) value).isBlank() ? null : ((String) value).strip();
    }

    private static Refused bad(String reason, String message) {
        return new Refused(HttpStatus.BAD_REQUEST, reason, message);
    }

    private static Refused unknownEntry(String id) {
        return new Refused(HttpStatus.NOT_FOUND, "UNKNOWN_ENTRY", "no entry " + id);
    }

    private static Refused alreadyDecided(PhrasingSuggestion s) {
        return new Refused(HttpStatus.CONFLICT, "ALREADY_DECIDED", "the suggestion was "
                + s.status().name().toLowerCase(Locale.ROOT) + " by " + s.decidedBy());
    }

    // ---------------------------------------------------------------- refusals

    @ExceptionHandler(CurationException.class)
    ResponseEntity<Map<String, Object>> notAllowed(CurationException e) {
        return refusal(HttpStatus.CONFLICT, "NOT_ALLOWED", e.getMessage());
    }

    @ExceptionHandler({IllegalArgumentException.class, ServerWebInputException.class})
    ResponseEntity<Map<String, Object>> invalid(RuntimeException e) {
        String message = e instanceof ServerWebInputException input ? input.getReason() : e.getMessage();
        return refusal(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", message);
    }

    @ExceptionHandler(com.wecomassist.error.TransientException.class)
    ResponseEntity<Map<String, Object>> busy(RuntimeException e) {
        return refusal(HttpStatus.SERVICE_UNAVAILABLE, "BUSY", e.getMessage() + "; try again shortly");
    }

    private static ResponseEntity<Map<String, Object>> refusal(HttpStatus status, String reason, String message) {
        return ResponseEntity.status(status).body(Map.<String, Object>of("reason", reason, "message",
                Optional.ofNullable(message).orElse(reason)));
    }
}
