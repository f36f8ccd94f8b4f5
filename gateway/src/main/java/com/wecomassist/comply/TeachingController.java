package com.wecomassist.comply;

import com.wecomassist.audit.AuditDetails.ComplianceTaught;
import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.compliance.pii.PiiMasker;
import com.wecomassist.compliance.rules.InvalidRulePackException;
import com.wecomassist.compliance.rules.RulePack;
import com.wecomassist.error.Refused;
import java.security.Principal;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The compliance officer teaches the checker (COMPLIANCE_OFFICER, ADMIN): marks a checked text (a
 * recent one by its key, or any text) as a violation or clean with a category, which adds an
 * exemplar to the draft; edits the rule pack as a draft, validated whole before it is kept. Nothing
 * here changes what is in force: the draft is measured and published through
 * {@link ComplianceGateController}. Every change of the draft is in the audit trail (COMPLIANCE_TAUGHT).
 */
@RestController
class TeachingController {

    /** Longest text an exemplar may hold: a chat message or a long draft, not a document. */
    static final int MAX_TEXT = 1_000;
    /** Longest note. */
    static final int MAX_NOTE = 500;
    /** Largest draft rule pack: the shipped one is about 30 KB. */
    static final int MAX_PACK = 1_000_000;

    private final ComplianceChanges changes;
    private final ComplianceGate gate;
    private final RecentTexts recent;
    private final PiiMasker masker;
    private final AuditTrail audit;
    private final Clock clock;

    TeachingController(ComplianceChanges changes, ComplianceGate gate, RecentTexts recent, PiiMasker masker,
                       AuditTrail audit, Clock clock) {
        this.changes = changes;
        this.gate = gate;
        this.recent = recent;
        this.masker = masker;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * What the officer marks: a recent text by its key, or a typed text; the label (violation or
     * clean), the category, a note and the legal basis (a violation without one takes the rules').
     */
    record TeachRequest(String recentId, String text, String label, String category, String note, String basis) {
    }

    /** The rule pack in force, its YAML, and the draft of it (absent: null). */
    record RulePackAnswer(String id, String version, long publication, String yaml, String draft) {
    }

    /** The draft rule pack as it read. */
    record DraftPackAnswer(String id, String version, int rules) {
    }

    /** The categories an exemplar may carry: the labelled set's fifteen, then the rules' in force. */
    @GetMapping("/api/compliance/categories")
    List<String> categories() {
        return List.copyOf(gate.categories());
    }

    /** The draft's exemplars, oldest first. */
    @GetMapping("/api/compliance/exemplars")
    Mono<List<TaughtExemplar>> exemplars() {
        return changes.draftExemplars().collectList();
    }

    /**
     * Body {@code {"recentId": "<key of a recent text>"} or {"text": "..."}, "label": "violation" |
     * "clean", "category": "...", "note": "...", "basis": "..."}}: adds an exemplar to the draft (a
     * text already in the draft is marked again: the new mark replaces the old). Typed texts are
     * masked for personal data as recorded texts are. 400 with a reason for a bad field, 404 for a
     * recent text no longer kept, 409 when the draft is full.
     */
    @PostMapping("/api/compliance/exemplars")
    Mono<ResponseEntity<TaughtExemplar>> teach(Principal officer, @RequestBody(required = false) TeachRequest body) {
        if (body == null) {
            throw bad("INVALID_REQUEST", "send {\"text\" or \"recentId\", \"label\", \"category\", \"note\"}");
        }
        String label = string(body.label()).strip().toLowerCase(java.util.Locale.ROOT);
        if (!label.equals(TaughtExemplar.VIOLATION) && !label.equals(TaughtExemplar.CLEAN)) {
            throw bad("UNKNOWN_LABEL", "label is violation or clean, not '" + string(body.label()) + "'");
        }
        String category = string(body.category()).strip();
        if (!gate.categories().contains(category)) {
            throw bad("UNKNOWN_CATEGORY", "category is one of " + String.join(", ", gate.categories())
                    + ", not '" + category + "'");
        }
        String note = string(body.note()).strip();
        if (note.length() > MAX_NOTE) {
            throw bad("NOTE_TOO_LONG", "a note has at most " + MAX_NOTE + " characters");
        }
        String basis = string(body.basis()).strip();
        if (basis.length() > MAX_NOTE) {
            throw bad("BASIS_TOO_LONG", "a basis has at most " + MAX_NOTE + " characters");
        }
        String basisOrRules = basis.isEmpty() && label.equals(TaughtExemplar.VIOLATION) ? gate.basisOf(category) : basis;
        String recentId = string(body.recentId()).strip();
        Mono<String[]> textAndSource;
        if (!recentId.isEmpty()) {
            textAndSource = recent.find(recentId).map(d -> new String[] {d.text(), recentId})
                    .switchIfEmpty(Mono.error(() -> Refused.notFound("UNKNOWN_RECENT",
                            "no recent text " + recentId + " (the lists keep the latest only)")));
        } else {
            String text = string(body.text()).strip();
            if (text.isEmpty()) {
                throw bad("MISSING_TEXT", "send the text to mark, or the recentId of a recent text");
            }
            if (text.length() > MAX_TEXT) {
                throw bad("TOO_LONG", "an exemplar has at most " + MAX_TEXT + " characters");
            }
            textAndSource = Mono.fromCallable(() -> new String[] {masker.mask(text), ""});
        }
        return textAndSource.flatMap(ts -> {
            if (ts[0].length() > MAX_TEXT) {
                return Mono.error(bad("TOO_LONG", "an exemplar has at most " + MAX_TEXT + " characters"));
            }
            TaughtExemplar exemplar = new TaughtExemplar("ex-" + UUID.randomUUID().toString().replace("-", "")
                    .substring(0, 12), ts[0], label, category, basisOrRules, note, officer.getName(), clock.instant(),
                    ts[1]);
            // marked again: the newest mark is the officer's view, the older one goes
            return changes.draftExemplars().filter(e -> e.text().equals(exemplar.text()))
                    .concatMap(e -> changes.dropExemplar(e.id())).then(changes.draftExemplar(exemplar))
                    .flatMap(added -> added ? Mono.just(exemplar) : Mono.error(Refused.conflict("DRAFT_FULL", "the draft holds " + ComplianceChanges.MAX_DRAFT_EXEMPLARS
                            + " exemplars: measure and publish it, or take some out")));
        }).flatMap(exemplar -> taught(officer, exemplar.id(), ComplianceTaught.marked(new ComplianceTaught.Mark(
                        exemplar.label(), exemplar.category(), exemplar.text(), exemplar.note(), exemplar.from())))
                .thenReturn(ResponseEntity.status(HttpStatus.CREATED).body(exemplar)));
    }

    /** Takes an exemplar out of the draft; 404 when the draft has none with that id. */
    @DeleteMapping("/api/compliance/exemplars/{id}")
    Mono<ResponseEntity<Void>> forget(Principal officer, @PathVariable String id) {
        return changes.dropExemplar(id).flatMap(dropped -> dropped
                ? taught(officer, id, ComplianceTaught.unmarked()).thenReturn(ResponseEntity.noContent().<Void>build())
                : Mono.error(Refused.notFound("UNKNOWN_EXEMPLAR", "the draft has no exemplar " + id)));
    }

    /** The rule pack in force (its YAML) and the draft of it, if any. */
    @GetMapping("/api/compliance/rule-pack")
    Mono<RulePackAnswer> rulePack() {
        return changes.draftedPack().map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
                .map(draft -> {
                    RulePack pack = gate.packInForce();
                    return new RulePackAnswer(pack.id(), pack.version(),
                            gate.applied().map(CompliancePublication::number).orElse(0L), gate.packYamlInForce(),
                            draft.orElse(null));
                });
    }

    /**
     * The body (the pack's YAML, as text) becomes the draft rule pack once it reads and validates
     * whole: every rule and each rule's own examples. 400 INVALID_RULE_PACK names {@code file:line: problem}.
     */
    @PutMapping("/api/compliance/rule-pack/draft")
    Mono<DraftPackAnswer> draftPack(Principal officer, @RequestBody(required = false) String yaml) {
        if (yaml == null || yaml.isBlank()) {
            throw bad("MISSING_TEXT", "send the rule pack's YAML as the body");
        }
        if (yaml.length() > MAX_PACK) {
            throw bad("TOO_LONG", "a rule pack has at most " + MAX_PACK + " characters");
        }
        // compiling a pack and running its examples is CPU work, and a terms file is read from the
        // classpath: off the event loop
        return Mono.fromCallable(() -> gate.validateDraft(yaml)).subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(InvalidRulePackException.class, e -> {
                    Map<String, Object> facts = new LinkedHashMap<>();
                    facts.put("source", e.source());
                    facts.put("line", e.line());
                    facts.put("problem", e.problem());
                    return new Refused(HttpStatus.BAD_REQUEST, "INVALID_RULE_PACK", e.getMessage(), facts);
                })
                .flatMap(pack -> changes.draftPack(yaml)
                        .then(taught(officer, pack.label(), ComplianceTaught.rulePackDrafted(pack.rules().size())))
                        .thenReturn(new DraftPackAnswer(pack.id(), pack.version(), pack.rules().size())));
    }

    /** Discards the draft rule pack; 404 when there is none. */
    @DeleteMapping("/api/compliance/rule-pack/draft")
    Mono<ResponseEntity<Void>> discardPack(Principal officer) {
        return changes.dropPack().flatMap(dropped -> dropped
                ? taught(officer, gate.packInForce().id(), ComplianceTaught.rulePackDiscarded())
                .thenReturn(ResponseEntity.noContent().<Void>build())
                : Mono.error(Refused.notFound("NO_DRAFT", "there is no draft rule pack")));
    }

    private Mono<Void> taught(Principal officer, String subject, ComplianceTaught details) {
        return audit.record(AuditEvent.of(null, subject, officer.getName(), clock.instant(), details));
    }

    private static String string(String field) {
        return field == null ? "" : field;
    }

    private static Refused bad(String reason, String message) {
        return Refused.invalid(reason, message);
    }
}
