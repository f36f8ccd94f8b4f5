package com.wecomassist.learn;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.wecomassist.error.Refused;
import com.wecomassist.kb.entry.Entry;
import java.security.Principal;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The knowledge base learning from agents and from what it could not answer.
 *
 * <p>Agents (role AGENT): {@code GET /api/approvals/{draftId}/variant-suggestion} offers, for a
 * low-confidence draft the agent approved or edited, the customer's phrasing and the entry whose
 * answer the customer received (none for a rewritten answer or a question too vague to be a variant:
 * {@code notOffered} says which); {@code POST} the same with {@code {"entryId", "phrasing"?}} puts
 * "this phrasing as a variant of that entry" on the content team's review list (the same suggestion
 * twice counts twice).
 *
 * <p>Content team (role CONTENT_EDITOR): {@code GET /api/kb/suggestions?status=open|accepted|dismissed|all},
 * {@code POST /api/kb/suggestions/{id}/accept} (the phrasing becomes a variant in a new draft version
 * of the entry, which then goes through review and publishing as usual) and {@code .../dismiss};
 * {@code GET /api/kb/gaps} (questions answered with low confidence, not at all, or handed off,
 * grouped), {@code POST /api/kb/gaps/variant} {@code {"gapIds", "entryId", "phrasing"}} and
 * {@code POST /api/kb/gaps/dismiss} {@code {"gapIds"}}. Every action is in the audit trail.
 *
 * <p>The rules are {@link LearnDesk}'s. Refusals are answered by {@code error/RefusedAnswers} as
 * {@code {"reason", "message"}}: 400 bad input, 403 a draft another agent decided, 404 unknown, 409
 * already decided or the entry cannot take it.
 */
@RestController
class LearnController {

    /** An entry as the learning views show it: what a variant was added to. */
    record EntrySummary(String id, long version, String status, String question, List<String> variants) {

        static EntrySummary of(Entry e) {
            return new EntrySummary(e.id(), e.version(), e.status().fileName(), e.question(), e.variants());
        }
    }

    /** {@code POST .../variant-suggestion}: the entry, and the phrasing (default: the customer's longest line). */
    record SuggestRequest(String entryId, String phrasing) {
    }

    record SuggestAnswer(PhrasingSuggestion suggestion, boolean created) {
    }

    /** An accepted or dismissed suggestion; {@code entry} (its new version) only when accepted. */
    record DecisionAnswer(PhrasingSuggestion suggestion, @JsonInclude(JsonInclude.Include.NON_NULL) EntrySummary entry) {
    }

    /**
     * {@code POST /api/kb/gaps/variant}: the gaps answered, the entry and the question to add. Gap ids
     * are read as they come and checked to be strings ({@link #gapIds}): a number is a client's mistake,
     * not an id to coerce.
     */
    record GapVariantRequest(List<Object> gapIds, String entryId, String phrasing) {
    }

    record GapVariantAnswer(EntrySummary entry, long dismissed) {
    }

    /** {@code POST /api/kb/gaps/dismiss}. */
    record GapDismissRequest(List<Object> gapIds) {
    }

    record Dismissed(long dismissed) {
    }

    private final LearnDesk desk;

    LearnController(LearnDesk desk) {
        this.desk = desk;
    }

    // ---------------------------------------------------------------- agents

    @GetMapping("/api/approvals/{draftId}/variant-suggestion")
    Mono<LearnDesk.VariantOffer> offer(@PathVariable String draftId, Principal agent) {
        return desk.offer(draftId, agent.getName());
    }

    @PostMapping("/api/approvals/{draftId}/variant-suggestion")
    Mono<ResponseEntity<SuggestAnswer>> suggest(@PathVariable String draftId, Principal agent,
                                                @RequestBody(required = false) SuggestRequest body) {
        SuggestRequest request = body == null ? new SuggestRequest(null, null) : body;
        return desk.suggest(draftId, agent.getName(), given(request.entryId()), given(request.phrasing()))
                .map(added -> ResponseEntity.status(added.created() ? HttpStatus.CREATED : HttpStatus.OK)
                        .body(new SuggestAnswer(added.suggestion(), added.created())));
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
                throw Refused.invalid("INVALID_STATUS", "status is open, accepted, dismissed or all, not " + status);
            }
        }
        return desk.suggestions(wanted);
    }

    @PostMapping("/api/kb/suggestions/{id}/accept")
    Mono<DecisionAnswer> accept(@PathVariable String id, Principal editor) {
        return desk.accept(id, editor.getName()).map(LearnController::answer);
    }

    @PostMapping("/api/kb/suggestions/{id}/dismiss")
    Mono<DecisionAnswer> dismiss(@PathVariable String id, Principal editor) {
        return desk.dismiss(id, editor.getName()).map(LearnController::answer);
    }

    // ---------------------------------------------------------------- gaps

    @GetMapping("/api/kb/gaps")
    Mono<LearnDesk.Gaps> gaps() {
        return desk.gaps();
    }

    @PostMapping("/api/kb/gaps/variant")
    Mono<GapVariantAnswer> gapAsVariant(Principal editor, @RequestBody(required = false) GapVariantRequest body) {
        GapVariantRequest request = body == null ? new GapVariantRequest(null, null, null) : body;
        return desk.gapAsVariant(editor.getName(), gapIds(request.gapIds()), given(request.entryId()), given(request.phrasing()))
                .map(done -> new GapVariantAnswer(EntrySummary.of(done.entry()), done.dismissed()));
    }

    @PostMapping("/api/kb/gaps/dismiss")
    Mono<Dismissed> dismissGaps(Principal editor, @RequestBody(required = false) GapDismissRequest body) {
        return desk.dismissGaps(editor.getName(), body == null ? null : gapIds(body.gapIds())).map(Dismissed::new);
    }

    private static DecisionAnswer answer(LearnDesk.Decision decision) {
        return new DecisionAnswer(decision.suggestion(),
                decision.entry() == null ? null : EntrySummary.of(decision.entry()));
    }

    private static List<String> gapIds(List<Object> ids) {
        if (ids == null) {
            return null;
        }
        return ids.stream().map(id -> {
            if (!(id instanceof String s)) {
                throw Refused.invalid("INVALID_GAP_ID", "gap ids are non-blank strings");
            }
            return s;
        }).toList();
    }

    /** A text field as given: stripped, and null when blank (the same as not given). */
    private static String given(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
