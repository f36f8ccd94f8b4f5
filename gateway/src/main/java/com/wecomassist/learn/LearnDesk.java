package com.wecomassist.learn;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.wecomassist.approval.PendingDraft;
import com.wecomassist.audit.AuditDetails;
import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.error.Refused;
import com.wecomassist.kb.entry.Entry;
import com.wecomassist.knowledge.CurationDesk;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The knowledge base learning from agents and from what it could not answer, as named operations:
 * an agent offers a low-confidence draft's phrasing as a variant of an entry it was answered from;
 * the content team accepts or dismisses such suggestions, and turns the questions the knowledge base
 * could not answer (gaps) into variants or dismisses them. The rules (whose decision it is, that the
 * phrasing is the customer's words, that a suggestion is decided once) live here; every action is in
 * the audit trail, and every refusal leaves as a {@link Refused} in English with a stable reason.
 */
public final class LearnDesk {

    private static final Logger log = LoggerFactory.getLogger(LearnDesk.class);

    /** Gap groups shown at most. */
    static final int MAX_GROUPS = 200;

    /**
     * What an agent is offered for a draft: the customer's phrasing and the entry whose answer the
     * customer received; no entry, and {@code notOffered} saying why ({@code NOT_THE_ANSWER_SENT},
     * {@code TOO_VAGUE}), when the phrasing may be no entry's variant.
     */
    public record VariantOffer(String draftId, String phrasing, double confidence, boolean edited,
                               List<OfferedEntry> entries,
                               @JsonInclude(JsonInclude.Include.NON_NULL) String notOffered) {
    }

    /** An entry a draft was answered from, at the version the draft used. */
    public record OfferedEntry(String entryId, long version, String question) {
    }

    /**
     * What became of the customer's phrasing when an agent sent a candidate: the suggestion on the
     * review list ({@code created} false when it was there already and was counted once more), or
     * none and {@code notSuggested} saying why ({@code TOO_VAGUE}, {@code INVALID_PHRASING},
     * {@code UNKNOWN_ENTRY}, {@code NOT_RECORDED} when the list could not be written).
     */
    public record ChosenPhrasing(PhrasingSuggestion suggestion, boolean created, String notSuggested) {

        static ChosenPhrasing not(String why) {
            return new ChosenPhrasing(null, false, why);
        }
    }

    /** A suggestion decided; {@code entry} is the entry's new version when accepted, else null. */
    public record Decision(PhrasingSuggestion suggestion, Entry entry) {
    }

    /** The gaps kept, grouped by similar question (the largest groups first, at most {@link #MAX_GROUPS}). */
    public record Gaps(int questions, int groupCount, List<GapGroups.Group> groups) {
    }

    /** A gap turned into a variant: the entry's new version and how many gaps were dismissed with it. */
    public record GapVariant(Entry entry, long dismissed) {
    }

    private final DecidedDrafts decisions;
    private final PhrasingSuggestions suggestions;
    private final KnowledgeGaps gaps;
    private final CurationDesk kb;
    private final AuditTrail audit;
    private final LearnProperties settings;
    private final Clock clock;

    public LearnDesk(DecidedDrafts decisions, PhrasingSuggestions suggestions, KnowledgeGaps gaps, CurationDesk kb,
                     AuditTrail audit, LearnProperties settings, Clock clock) {
        this.decisions = decisions;
        this.suggestions = suggestions;
        this.gaps = gaps;
        this.kb = kb;
        this.audit = audit;
        this.settings = settings;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- agents

    /**
     * The offer for a low-confidence draft this agent approved or edited: the entry whose answer the
     * customer received, or no entry at all when the text sent was none of the sources' answers or
     * the question is too vague to be any entry's variant ({@link #learnable}).
     */
    public Mono<VariantOffer> offer(String draftId, String agent) {
        return decidedBy(draftId, agent).flatMap(draft -> {
            String phrasing = defaultPhrasing(draft.customerText());
            Refused notLearnable = learnable(draft, phrasing);
            List<String> offered = notLearnable == null ? draft.answeredEntryId().stream().toList() : List.of();
            return kb.liveLatest(offered).map(entries -> new VariantOffer(draft.draftId(), phrasing,
                    draft.confidence(), draft.edited(), entries.stream()
                    .map(e -> new OfferedEntry(e.id(), draft.versionOf(e.id()), e.question()))
                    .toList(), notLearnable == null ? null : notLearnable.reason()));
        });
    }

    /**
     * Why this phrasing of a decided draft can be no entry's variant, as a refusal; null when it may be
     * one of the entry whose answer the customer received. A question too vague to say what it is
     * about ({@link VagueQuestions}), or one retrieval found nothing like (confidence below
     * {@code assist.learn.min-variant-confidence}), would teach the knowledge base to match any such
     * question to that entry.
     */
    private Refused learnable(DecidedDraft draft, String phrasing) {
        if (draft.answeredEntryId().isEmpty()) {
            return Refused.invalid("NOT_THE_ANSWER_SENT", "the text sent carries none of the draft's entries' "
                    + "answers (it was rewritten, or carries more than one): the question is no variant of them");
        }
        return learnable(phrasing, draft.confidence());
    }

    /** The guards on the question itself: it says what it is about, and retrieval found something like it. */
    private Refused learnable(String phrasing, double confidence) {
        if (VagueQuestions.tooVague(phrasing)) {
            return Refused.invalid("TOO_VAGUE", "the question does not say what it is about: it would match any "
                    + "such question to the entry");
        }
        if (confidence < settings.minVariantConfidence()) {
            return Refused.invalid("TOO_VAGUE", String.format(Locale.ROOT, "retrieval found nothing like the "
                    + "question (confidence %.2f < %.2f)", confidence, settings.minVariantConfidence()));
        }
        return null;
    }

    /**
     * Puts "this phrasing as a variant of that entry" on the content team's review list; the same
     * suggestion twice counts twice. {@code phrasing} null takes the customer's longest line.
     */
    public Mono<PhrasingSuggestions.Added> suggest(String draftId, String agent, String entryId, String asked) {
        if (entryId == null) {
            return Mono.error(Refused.invalid("MISSING_ENTRY",
                    "name the entry the phrasing is a variant of: {\"entryId\": ...}"));
        }
        return decidedBy(draftId, agent).flatMap(draft -> {
            if (!draft.entryIds().contains(entryId)) {
                return Mono.error(Refused.invalid("NOT_A_SOURCE", "entry " + entryId
                        + " is not one the draft was answered from: " + draft.entryIds()));
            }
            String phrasing = asked == null ? defaultPhrasing(draft.customerText()) : asked;
            if (!draft.customerText().contains(phrasing)) {
                return Mono.error(Refused.invalid("NOT_THE_CUSTOMERS_WORDS",
                        "the phrasing must be (part of) what the customer wrote"));
            }
            if (!usable(phrasing)) {
                return Mono.error(Refused.invalid("INVALID_PHRASING", "a phrasing has 2 to "
                        + PhrasingSuggestion.MAX_PHRASING + " characters with words in them"));
            }
            Refused notLearnable = learnable(draft, phrasing);
            if (notLearnable != null) {
                return Mono.error(notLearnable);
            }
            if (!draft.answeredEntryId().get().equals(entryId)) {
                return Mono.error(Refused.invalid("NOT_THE_ANSWER_SENT", "the customer received entry "
                        + draft.answeredEntryId().get() + "'s answer, not entry " + entryId + "'s"));
            }
            return kb.latest(entryId)
                    .switchIfEmpty(Mono.error(() -> Refused.notFound("UNKNOWN_ENTRY", "no entry " + entryId)))
                    .flatMap(entry -> suggestions.add(PhrasingSuggestion.open(phrasing, entryId,
                            draft.versionOf(entryId), entry.question(), agent, draftId, draft.conversation(),
                            clock.instant())))
                    .flatMap(added -> audit.record(AuditEvent.of(draft.conversation(), added.suggestion().id(),
                            agent, clock.instant(), new AuditDetails.PhrasingSuggested(draftId, entryId, phrasing,
                                    added.created()))).thenReturn(added));
        });
    }

    /**
     * An agent answered a queued draft with one of its candidates: the customer's question (their
     * longest line, masked as queued) goes on the content team's review list as a variant of that
     * entry, with no further click — the agent's choice says which entry answers it. The same guards
     * as an agent's own suggestion apply ({@link #learnable}: not too vague, retrieval found something
     * like it, a usable length); a question that fails one is not suggested, and
     * {@link ChosenPhrasing#notSuggested()} says why. Fails open: the customer has the answer already,
     * only the suggestion is lost.
     */
    public Mono<ChosenPhrasing> candidateChosen(PendingDraft draft, String agent, PendingDraft.Candidate candidate) {
        String phrasing = defaultPhrasing(draft.customerText());
        if (!usable(phrasing)) {
            return Mono.just(ChosenPhrasing.not("INVALID_PHRASING"));
        }
        Refused notLearnable = learnable(phrasing, draft.confidence());
        if (notLearnable != null) {
            return Mono.just(ChosenPhrasing.not(notLearnable.reason()));
        }
        String conversation = draft.conversation().id();
        return kb.latest(candidate.entryId())
                .flatMap(entry -> suggestions.add(PhrasingSuggestion.open(phrasing, candidate.entryId(),
                        candidate.version(), entry.question(), agent, draft.draftId(), conversation,
                        clock.instant())))
                .flatMap(added -> audit.record(AuditEvent.of(conversation, added.suggestion().id(), agent,
                                clock.instant(), new AuditDetails.PhrasingSuggested(draft.draftId(),
                                        candidate.entryId(), phrasing, added.created())))
                        .thenReturn(new ChosenPhrasing(added.suggestion(), added.created(), null)))
                // the entry was deleted since it was retrieved: nothing to add a variant to
                .defaultIfEmpty(ChosenPhrasing.not("UNKNOWN_ENTRY"))
                .onErrorResume(e -> {
                    log.warn("could not suggest the phrasing of draft {} for entry {}: {}", draft.draftId(),
                            candidate.entryId(), e.toString());
                    return Mono.just(ChosenPhrasing.not("NOT_RECORDED"));
                });
    }

    // ---------------------------------------------------------------- the content team's review list

    /** The suggestions of a status (every status when null), the latest first. */
    public Mono<List<PhrasingSuggestion>> suggestions(PhrasingSuggestion.Status status) {
        return suggestions.list(status).collectList();
    }

    /** The phrasing becomes a variant in a new draft version of its entry, and the suggestion is accepted. */
    public Mono<Decision> accept(String id, String editor) {
        return openSuggestion(id).flatMap(suggestion -> addVariant(editor, suggestion.entryId(), suggestion.phrasing())
                .flatMap(entry -> decide(suggestion, PhrasingSuggestion.Status.ACCEPTED, editor, entry)));
    }

    public Mono<Decision> dismiss(String id, String editor) {
        return openSuggestion(id).flatMap(suggestion -> decide(suggestion, PhrasingSuggestion.Status.DISMISSED,
                editor, null));
    }

    // ---------------------------------------------------------------- gaps

    public Mono<Gaps> gaps() {
        return gaps.recent().collectList()
                // grouping compares every question with the groups so far: CPU work, off the event loop
                .publishOn(Schedulers.parallel())
                .map(all -> {
                    List<GapGroups.Group> groups = GapGroups.of(all, settings.gapSimilarity());
                    return new Gaps(all.size(), groups.size(),
                            groups.size() > MAX_GROUPS ? groups.subList(0, MAX_GROUPS) : groups);
                });
    }

    /** Adds a gap's question to an entry as a variant and dismisses the gaps it answers. */
    public Mono<GapVariant> gapAsVariant(String editor, List<String> gapIds, String entryId, String phrasing) {
        List<String> ids = gapIds(gapIds);
        if (entryId == null) {
            return Mono.error(Refused.invalid("MISSING_ENTRY",
                    "name the entry the question is a variant of: {\"entryId\": ...}"));
        }
        if (phrasing == null || !usable(phrasing)) {
            return Mono.error(Refused.invalid("INVALID_PHRASING", "give the question to add as \"phrasing\" (2 to "
                    + PhrasingSuggestion.MAX_PHRASING + " characters)"));
        }
        return addVariant(editor, entryId, phrasing)
                .flatMap(entry -> forget(ids, editor, "variant of " + entryId)
                        .map(dismissed -> new GapVariant(entry, dismissed)));
    }

    /** Forgets these gaps (dealt with, or not worth it); answers how many went. */
    public Mono<Long> dismissGaps(String editor, List<String> gapIds) {
        return forget(gapIds(gapIds), editor, "dismissed");
    }

    // ---------------------------------------------------------------- steps

    /** The low-confidence draft this agent decided; refused when unknown or decided by another. */
    private Mono<DecidedDraft> decidedBy(String draftId, String agent) {
        return decisions.find(draftId)
                .switchIfEmpty(Mono.error(() -> Refused.notFound("NO_LOW_CONFIDENCE_DECISION",
                        "no low-confidence draft " + draftId + " was approved or edited lately")))
                .handle((draft, sink) -> {
                    if (!draft.decidedBy().equals(agent)) {
                        sink.error(Refused.forbidden("NOT_YOUR_DECISION", "draft " + draftId
                                + " was decided by another agent"));
                    } else {
                        sink.next(draft);
                    }
                });
    }

    private Mono<PhrasingSuggestion> openSuggestion(String id) {
        return suggestions.find(id)
                .switchIfEmpty(Mono.error(() -> Refused.notFound("UNKNOWN_SUGGESTION", "no suggestion " + id)))
                .handle((s, sink) -> {
                    if (s.status() != PhrasingSuggestion.Status.OPEN) {
                        sink.error(alreadyDecided(s));
                    } else {
                        sink.next(s);
                    }
                });
    }

    private Mono<Decision> decide(PhrasingSuggestion suggestion, PhrasingSuggestion.Status status, String editor,
                                  Entry entry) {
        return suggestions.decide(suggestion.id(), status, editor, clock.instant())
                .flatMap(decided -> decided ? suggestions.find(suggestion.id())
                        : suggestions.find(suggestion.id()).flatMap(s -> Mono.<PhrasingSuggestion>error(alreadyDecided(s))))
                .flatMap(decided -> audit.record(AuditEvent.of(suggestion.conversation(), suggestion.id(), editor,
                        clock.instant(), new AuditDetails.SuggestionDecided(status.name(), suggestion.entryId(),
                                suggestion.phrasing(), suggestion.suggestedBy(),
                                entry == null ? null : entry.version()))).thenReturn(new Decision(decided, entry)));
    }

    private Mono<Entry> addVariant(String editor, String entryId, String phrasing) {
        return kb.addVariant(editor, entryId, phrasing, Phrasings::normalise);
    }

    private Mono<Long> forget(List<String> ids, String editor, String why) {
        return gaps.dismiss(ids).flatMap(n -> audit.record(AuditEvent.of(null, "gaps", editor, clock.instant(),
                new AuditDetails.GapsDismissed(ids, why, n)))
                .thenReturn(n));
    }

    /** The customer's longest line: a burst's greeting is not the question. */
    static String defaultPhrasing(String customerText) {
        return customerText.lines().map(String::strip).max(Comparator.comparingInt(String::length)).orElse("");
    }

    private static boolean usable(String phrasing) {
        return Phrasings.normalise(phrasing).length() >= 2 && phrasing.length() <= PhrasingSuggestion.MAX_PHRASING;
    }

    private List<String> gapIds(List<String> ids) {
        if (ids == null || ids.isEmpty()) {
            throw Refused.invalid("MISSING_GAPS", "list the gaps as \"gapIds\": [...] (a group's gapIds)");
        }
        if (ids.size() > settings.gapCapacity()) {
            throw Refused.invalid("TOO_MANY_GAPS", "at most " + settings.gapCapacity() + " gap ids at once");
        }
        return ids.stream().map(id -> {
            if (id == null || id.isBlank()) {
                throw Refused.invalid("INVALID_GAP_ID", "gap ids are non-blank strings");
            }
            return id.strip();
        }).toList();
    }

    private static Refused alreadyDecided(PhrasingSuggestion s) {
        return Refused.conflict("ALREADY_DECIDED", "the suggestion was "
                + s.status().name().toLowerCase(Locale.ROOT) + " by " + s.decidedBy());
    }
}
