package com.wecomassist.welcome;

import com.wecomassist.audit.AuditDetails;
import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.compliance.Hit;
import com.wecomassist.compliance.Verdict;
import com.wecomassist.compliance.rules.Action;
import com.wecomassist.compliance.rules.TextKind;
import com.wecomassist.comply.ComplianceReview;
import com.wecomassist.error.Refused;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * What the content team does with welcome templates, as the knowledge base's curation does with
 * entries: an edit is a new version (a draft) that changes nothing a customer sees; a reviewer who is
 * not its author publishes it; every version and publication is kept; every step is on the audit
 * trail. A draft is compliance-checked when written (the verdict is shown) and again when published,
 * where anything but a clean PASS refuses it: a welcome goes out unattended, word for word.
 *
 * <p>Texts are sent as written: no placeholders. The customer's WeChat name may be anything
 * (an advert, abuse, a phone number), and the employee's name is not in the event (it would take a
 * WeCom call on a path that has 20 s), so neither is put into a welcome, and what the reviewer and the
 * compliance check saw is exactly what the customer gets.
 */
public final class WelcomeDesk {

    /** send_welcome_msg's text.content takes at most 4000 bytes. */
    static final int MAX_BYTES = 4000;

    /**
     * A key for the list: its text in force (shipped or published), the publication that put it there
     * (null: shipped or none), its latest version, and that version's verdict now.
     *
     * @param latestCheck the check a welcome gets right before it is sent ({@link CheckedTexts}: rule packs
     *                    and semantic layer, never the LLM judge, so listing costs no model call); null
     *                    when the key has no version
     */
    public record Listed(WelcomeKey key, WelcomeCatalogue.Template inForce, Publication published,
                         TemplateVersion latest, Check latestCheck) {
    }

    /** A verdict as the content team reads it: the action and each finding. */
    public record Check(String action, List<String> rules, List<Finding> findings) {

        static Check of(Verdict verdict) {
            return new Check(verdict.action().name(), WelcomeDesk.rules(verdict),
                    verdict.hits().stream().map(Finding::of).toList());
        }
    }

    /**
     * One rule that matched, where, and why it matters in the rule pack's words.
     *
     * @param start the match's start in the text (UTF-16 index), so a page can mark it
     * @param end   its end, exclusive
     */
    public record Finding(String ruleId, String action, int start, int end, String explanation) {

        static Finding of(Hit hit) {
            return new Finding(hit.ruleId(), hit.action().name(), hit.start(), hit.end(), hit.explanation());
        }
    }

    /** One key's whole story: what is in force, every version, every publication. */
    public record History(WelcomeKey key, WelcomeCatalogue.Template inForce, List<TemplateVersion> versions,
                          List<Publication> publications) {
    }

    /** A draft as written, with the verdict it would get now. */
    public record Drafted(TemplateVersion draft, Verdict verdict) {
    }

    private final WelcomeTemplates store;
    private final WelcomeCatalogue catalogue;
    private final ComplianceReview compliance;
    private final CheckedTexts sendChecks;
    private final AuditTrail audit;
    private final Clock clock;

    public WelcomeDesk(WelcomeTemplates store, WelcomeCatalogue catalogue, ComplianceReview compliance,
                       CheckedTexts sendChecks, AuditTrail audit, Clock clock) {
        this.store = store;
        this.catalogue = catalogue;
        this.compliance = compliance;
        this.sendChecks = sendChecks;
        this.audit = audit;
        this.clock = clock;
    }

    /** Every key that has a text in force or a version, by id. */
    public Mono<List<Listed>> list() {
        return store.keys().collectList().flatMap(keys -> {
            java.util.TreeSet<WelcomeKey> all = new java.util.TreeSet<>(java.util.Comparator.comparing(WelcomeKey::id));
            all.addAll(keys);
            all.addAll(catalogue.inForce().keySet());
            return reactor.core.publisher.Flux.fromIterable(all)
                    .concatMap(key -> Mono.zip(
                            store.versions(key).takeLast(1).next().map(Optional::of).defaultIfEmpty(Optional.empty()),
                            store.publications(key).takeLast(1).next().map(Optional::of)
                                    .defaultIfEmpty(Optional.<Publication>empty()))
                            .flatMap(t -> {
                                TemplateVersion latest = t.getT1().orElse(null);
                                Mono<Optional<Check>> check = latest == null ? Mono.just(Optional.empty())
                                        : sendChecks.check(latest.text()).map(v -> Optional.of(Check.of(v)));
                                return check.map(c -> new Listed(key, catalogue.inForce().get(key),
                                        t.getT2().orElse(null), latest, c.orElse(null)));
                            }))
                    .collectList();
        });
    }

    public Mono<History> history(WelcomeKey key) {
        return Mono.zip(store.versions(key).collectList(), store.publications(key).collectList())
                .map(t -> new History(key, catalogue.inForce().get(key), t.getT1(), t.getT2()));
    }

    /** Writes {@code text} as the key's next version; nothing a customer sees changes until it is published. */
    public Mono<Drafted> draft(WelcomeKey key, String text, String author) {
        String clean = text == null ? "" : text.strip();
        if (clean.isEmpty()) {
            return Mono.error(Refused.invalid("MISSING_TEXT", "give the welcome text as {\"text\": \"...\"}"));
        }
        if (clean.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return Mono.error(Refused.invalid("TEXT_TOO_LONG", "a welcome is at most " + MAX_BYTES
                    + " bytes (WeCom's limit); this one is " + clean.getBytes(StandardCharsets.UTF_8).length));
        }
        return store.draft(key, clean, author, clock.instant())
                .flatMap(draft -> compliance.check(clean, TextKind.AGENT_REPLY)
                        .flatMap(verdict -> recorded(author, "drafted", draft.key(), draft.version(),
                                verdict.action().name(), rules(verdict)).thenReturn(new Drafted(draft, verdict))));
    }

    /**
     * Puts {@code version} of the key on air. Refused when the reviewer wrote it, when a newer version
     * exists (review that one), when it is already published, or when the compliance check gives
     * anything but PASS; every refusal is on the trail too.
     */
    public Mono<Publication> publish(WelcomeKey key, long version, String reviewer) {
        return store.version(key, version)
                .switchIfEmpty(Mono.error(() -> Refused.notFound("UNKNOWN_VERSION", key.id() + " has no version " + version)))
                .zipWith(store.versions(key).takeLast(1).next().map(TemplateVersion::version))
                .zipWith(store.publications(key).takeLast(1).next().map(Publication::version).defaultIfEmpty(0L))
                .flatMap(t -> {
                    TemplateVersion draft = t.getT1().getT1();
                    long latest = t.getT1().getT2();
                    long current = t.getT2();
                    if (draft.author().equals(reviewer)) {
                        return refused(reviewer, key, version, "SAME_PERSON", List.of(), Refused.forbidden("SAME_PERSON",
                                "a template is published by a reviewer other than its author (" + draft.author() + ")"));
                    }
                    if (version == current) {
                        return refused(reviewer, key, version, "ALREADY_PUBLISHED", List.of(), Refused.conflict(
                                "ALREADY_PUBLISHED", key.id() + " v" + version + " is already in force"));
                    }
                    if (version != latest) {
                        return refused(reviewer, key, version, "NOT_LATEST", List.of(), Refused.conflict("NOT_LATEST",
                                key.id() + " has a newer version (v" + latest + "): review that one",
                                Map.of("latest", latest)));
                    }
                    return compliance.check(draft.text(), TextKind.AGENT_REPLY).flatMap(verdict -> {
                        if (verdict.action() != Action.PASS) {
                            return refused(reviewer, key, version, "NOT_COMPLIANT", rules(verdict), new Refused(
                                    org.springframework.http.HttpStatus.UNPROCESSABLE_CONTENT, "NOT_COMPLIANT",
                                    "the compliance check says " + verdict.action() + " (" + String.join(", ",
                                            rules(verdict)) + "); a welcome goes out unattended and word for word, "
                                            + "so only a text that passes as written is published",
                                    Map.of("action", verdict.action().name(), "rules", rules(verdict),
                                            "findings", Check.of(verdict).findings())));
                        }
                        Publication next = new Publication(key, version, draft.text(), draft.author(), reviewer,
                                clock.instant());
                        return store.publish(next, current).flatMap(done -> done
                                ? recorded(reviewer, "published", key, version, "PASS", List.of())
                                        .then(catalogue.refresh(true)).thenReturn(next)
                                : refused(reviewer, key, version, "PUBLISHED_MEANWHILE", List.of(), Refused.conflict(
                                        "PUBLISHED_MEANWHILE", "another publication of " + key.id()
                                                + " came first: look again")));
                    });
                });
    }

    private <T> Mono<T> refused(String actor, WelcomeKey key, long version, String why, List<String> rules,
                                Refused refusal) {
        return recorded(actor, "publish-refused", key, version, why, rules).then(Mono.error(refusal));
    }

    private Mono<Void> recorded(String actor, String action, WelcomeKey key, long version, String result,
                                List<String> rules) {
        return audit.record(AuditEvent.of(null, key.id(), actor, clock.instant(),
                new AuditDetails.WelcomeTemplateChanged(action, key.id(), version, result,
                        rules.isEmpty() ? null : rules)));
    }

    private static List<String> rules(Verdict verdict) {
        return verdict.hits().stream().map(Hit::ruleId).distinct().toList();
    }
}
