package com.wecomassist.strategy;

import com.wecomassist.audit.AuditDetails;
import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.compliance.Hit;
import com.wecomassist.compliance.Verdict;
import com.wecomassist.compliance.rules.Action;
import com.wecomassist.compliance.rules.TextKind;
import com.wecomassist.comply.ComplianceReview;
import com.wecomassist.error.Refused;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the operations team does with strategies, as the content team does with knowledge and welcome
 * texts: an edit is a new version (a draft) that changes nothing customers get; a reviewer who is not its
 * author publishes it, or stops the strategy; every version and publication is kept; every step is on the
 * audit trail. A draft is checked when written — {@link StrategyRules} (400 listing every problem) and
 * the compliance check of each arm's words (shown) — and again when published, where a word that does not
 * pass as written refuses it: an AI personalises the words, but each message is checked again before the
 * employee sees it, so the words a reviewer approves must be clean on their own.
 */
public final class StrategyDesk {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /** A strategy for the list: its latest version, the publication in force (null: none), both parsed. */
    public record Listed(String id, String name, StrategyVersion latest, StrategyPublication inForce) {
    }

    /** One strategy's whole story. */
    public record History(String id, List<StrategyVersion> versions, List<StrategyPublication> publications) {
    }

    /** A version as written, with the verdict on each message's words (by where they are: message, arms[1].message). */
    public record Drafted(StrategyVersion draft, Map<String, Check> checks) {
    }

    /** A shipped sample strategy: its file name and its JSON. */
    public record Sample(String file, String spec) {
    }

    /** The project's sample strategies ({@code classpath:strategies/*.json}), by file name. Reads the jar: not on an event loop. */
    public static List<Sample> samples() {
        try {
            List<Sample> out = new ArrayList<>();
            org.springframework.core.io.Resource[] files = new org.springframework.core.io.support
                    .PathMatchingResourcePatternResolver().getResources("classpath:strategies/*.json");
            java.util.Arrays.sort(files, java.util.Comparator.comparing(org.springframework.core.io.Resource::getFilename));
            for (org.springframework.core.io.Resource file : files) {
                out.add(new Sample(file.getFilename(), file.getContentAsString(java.nio.charset.StandardCharsets.UTF_8)));
            }
            return out;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A verdict as the operations team reads it. */
    public record Check(String action, List<String> rules) {

        static Check of(Verdict verdict) {
            return new Check(verdict.action().name(), StrategyDesk.rules(verdict));
        }
    }

    private final StrategyStore store;
    private final ComplianceReview compliance;
    private final AuditTrail audit;
    private final Clock clock;

    public StrategyDesk(StrategyStore store, ComplianceReview compliance, AuditTrail audit, Clock clock) {
        this.store = store;
        this.compliance = compliance;
        this.audit = audit;
        this.clock = clock;
    }

    /** Reads a strategy's JSON: 400 {@code INVALID_STRATEGY} naming what is wrong. */
    public static Strategy parse(String json) {
        Strategy strategy;
        try {
            strategy = JSON.readValue(json, Strategy.class);
        } catch (JacksonException e) {
            throw invalid(List.of("not a strategy: " + e.getOriginalMessage()));
        }
        if (strategy == null) {
            throw invalid(List.of("not a strategy: the body is empty"));
        }
        List<String> problems = StrategyRules.problems(strategy);
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        return strategy;
    }

    /**
     * Reads a strategy that was valid when it was published, without today's rules: a rule added since (a
     * churn warning's control group) must not keep a strategy in force from running, nor the catalogue from
     * loading the others. What the engine cannot run (no arms) it reads as such.
     */
    public static Strategy readPublished(String json) {
        try {
            return JSON.readValue(json, Strategy.class);
        } catch (JacksonException e) {
            throw new IllegalStateException("a published strategy is not readable: " + e.getOriginalMessage(), e);
        }
    }

    private static Refused invalid(List<String> problems) {
        return new Refused(HttpStatus.BAD_REQUEST, "INVALID_STRATEGY", problems.size() == 1 ? problems.get(0)
                : problems.size() + " problems: " + String.join("; ", problems), Map.of("problems", problems));
    }

    public Mono<List<Listed>> list() {
        return store.ids().concatMap(id -> Mono.zip(
                        store.versions(id).takeLast(1).next(),
                        store.publications(id).takeLast(1).next().map(Optional::of).defaultIfEmpty(Optional.empty()))
                .map(t -> new Listed(id, name(t.getT1().spec()), t.getT1(), t.getT2().orElse(null))))
                .collectList();
    }

    public Mono<History> history(String id) {
        return Mono.zip(store.versions(id).collectList(), store.publications(id).collectList())
                .flatMap(t -> t.getT1().isEmpty() ? Mono.error(Refused.notFound("UNKNOWN_STRATEGY", "no strategy " + id))
                        : Mono.just(new History(id, t.getT1(), t.getT2())));
    }

    /** Keeps {@code json} as the strategy's next version (its {@code id} must be {@code id}). */
    public Mono<Drafted> draft(String id, String json, String author) {
        return Mono.fromCallable(() -> parse(json)).flatMap(strategy -> {
            if (!strategy.id().equals(id)) {
                return Mono.error(invalid(List.of("id: the body says " + strategy.id() + ", the address " + id)));
            }
            return checks(strategy).flatMap(checks -> store.draft(id, json.strip(), author, clock.instant())
                    .flatMap(draft -> recorded(author, "drafted", id, draft.version(), worst(checks), List.of())
                            .thenReturn(new Drafted(draft, checks))));
        });
    }

    /**
     * Puts {@code version} in force. Refused when the reviewer wrote it, when a newer version exists, when
     * it is in force already, or when any of its words does not pass the compliance check as written.
     */
    public Mono<StrategyPublication> publish(String id, long version, String reviewer) {
        return versionAndState(id, version).flatMap(t -> {
            StrategyVersion draft = t.draft();
            if (draft.author().equals(reviewer)) {
                return refused(reviewer, id, version, "SAME_PERSON", List.of(), Refused.forbidden("SAME_PERSON",
                        "a strategy is published by a reviewer other than its author (" + draft.author() + ")"));
            }
            if (t.current() != null && t.current().version() == version && t.current().active()) {
                return refused(reviewer, id, version, "ALREADY_PUBLISHED", List.of(), Refused.conflict(
                        "ALREADY_PUBLISHED", id + " v" + version + " is already in force"));
            }
            if (version != t.latest()) {
                return refused(reviewer, id, version, "NOT_LATEST", List.of(), Refused.conflict("NOT_LATEST",
                        id + " has a newer version (v" + t.latest() + "): review that one", Map.of("latest", t.latest())));
            }
            Strategy strategy = parse(draft.spec());
            return checks(strategy).flatMap(checks -> {
                List<String> failing = checks.entrySet().stream()
                        .filter(c -> !c.getValue().action().equals(Action.PASS.name()))
                        .map(c -> c.getKey() + ": " + c.getValue().action() + " " + c.getValue().rules()).toList();
                if (!failing.isEmpty()) {
                    List<String> rules = checks.values().stream().flatMap(c -> c.rules().stream()).distinct().toList();
                    return refused(reviewer, id, version, "NOT_COMPLIANT", rules, new Refused(
                            HttpStatus.UNPROCESSABLE_CONTENT, "NOT_COMPLIANT", "words that do not pass the compliance "
                                    + "check as written: " + String.join("; ", failing), Map.of("checks", checks)));
                }
                StrategyPublication next = new StrategyPublication(id, version, draft.spec(), draft.author(), reviewer,
                        true, clock.instant());
                return store.publish(next, t.current() == null ? 0 : t.current().version())
                        .flatMap(done -> done ? recorded(reviewer, "published", id, version, "PASS", List.of())
                                .thenReturn(next)
                                : refused(reviewer, id, version, "PUBLISHED_MEANWHILE", List.of(), Refused.conflict(
                                        "PUBLISHED_MEANWHILE", "another publication of " + id + " came first: look again")));
            });
        });
    }

    /** Stops the strategy in force: no new customer is taken on (what went out is still measured). */
    public Mono<StrategyPublication> stop(String id, String reviewer) {
        return store.publications(id).takeLast(1).next()
                .switchIfEmpty(Mono.error(() -> Refused.conflict("NOT_IN_FORCE", id + " was never published")))
                .flatMap(current -> {
                    if (!current.active()) {
                        return Mono.error(Refused.conflict("NOT_IN_FORCE", id + " is stopped already"));
                    }
                    StrategyPublication stopped = new StrategyPublication(id, current.version(), current.spec(),
                            current.author(), reviewer, false, clock.instant());
                    return store.publish(stopped, current.version()).flatMap(done -> done
                            ? recorded(reviewer, "stopped", id, current.version(), "STOPPED", List.of()).thenReturn(stopped)
                            : Mono.error(Refused.conflict("PUBLISHED_MEANWHILE", "another publication of " + id
                                    + " came first: look again")));
                });
    }

    private record State(StrategyVersion draft, long latest, StrategyPublication current) {
    }

    private Mono<State> versionAndState(String id, long version) {
        return store.version(id, version)
                .switchIfEmpty(Mono.error(() -> Refused.notFound("UNKNOWN_VERSION", id + " has no version " + version)))
                .zipWith(store.versions(id).takeLast(1).next().map(StrategyVersion::version))
                .zipWith(store.publications(id).takeLast(1).next().map(Optional::of).defaultIfEmpty(Optional.empty()))
                .map(t -> new State(t.getT1().getT1(), t.getT1().getT2(), t.getT2().orElse(null)));
    }

    /**
     * Each message's words checked as an employee's reply would be, with the slots filled by neutral
     * stand-ins (the slots' own values are checked when a real message is made).
     */
    private Mono<Map<String, Check>> checks(Strategy strategy) {
        Map<String, String> texts = new LinkedHashMap<>();
        if (strategy.message() != null) {
            texts.put("message", strategy.message().template());
            if (strategy.message().kfTemplate() != null) {
                texts.put("message.kfTemplate", strategy.message().kfTemplate());
            }
        }
        List<Strategy.Arm> arms = strategy.arms() == null ? List.of() : strategy.arms();
        for (int i = 0; i < arms.size(); i++) {
            if (arms.get(i).message() != null) {
                texts.put("arms[" + i + "].message", arms.get(i).message().template());
                if (arms.get(i).message().kfTemplate() != null) {
                    texts.put("arms[" + i + "].message.kfTemplate", arms.get(i).message().kfTemplate());
                }
            }
        }
        return Flux.fromIterable(texts.entrySet())
                .concatMap(e -> compliance.check(standIns(e.getValue()), TextKind.AGENT_REPLY)
                        .map(verdict -> Map.entry(e.getKey(), Check.of(verdict))))
                .collectList()
                .map(list -> {
                    Map<String, Check> out = new LinkedHashMap<>();
                    list.forEach(e -> out.put(e.getKey(), e.getValue()));
                    return out;
                });
    }

    /** The template with its slots filled as a check can read it: 您, 客户经理, and the attribute's name. */
    static String standIns(String template) {
        return StrategyRules.SLOT.matcher(template).replaceAll(m -> switch (m.group(1)) {
            case "称呼" -> "您";
            case "员工" -> "客户经理";
            default -> "";
        });
    }

    private static String worst(Map<String, Check> checks) {
        List<String> order = List.of("BLOCK", "REVIEW", "PASS");
        return checks.values().stream().map(Check::action).min(java.util.Comparator.comparingInt(a -> {
            int i = order.indexOf(a);
            return i < 0 ? 0 : i;
        })).orElse("NONE");
    }

    private <T> Mono<T> refused(String actor, String id, long version, String why, List<String> rules, Refused refusal) {
        return recorded(actor, "publish-refused", id, version, why, rules).then(Mono.error(refusal));
    }

    private Mono<Void> recorded(String actor, String action, String id, long version, String result, List<String> rules) {
        return audit.record(AuditEvent.of(null, id, actor, clock.instant(),
                new AuditDetails.StrategyChanged(action, id, version, result, rules.isEmpty() ? null : rules)));
    }

    private static String name(String spec) {
        try {
            return JSON.readTree(spec).path("name").asString();
        } catch (JacksonException e) {
            return "";
        }
    }

    private static List<String> rules(Verdict verdict) {
        List<String> out = new ArrayList<>();
        for (Hit hit : verdict.hits()) {
            if (!out.contains(hit.ruleId())) {
                out.add(hit.ruleId());
            }
        }
        return out;
    }
}
