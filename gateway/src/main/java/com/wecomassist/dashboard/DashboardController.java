package com.wecomassist.dashboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.wecomassist.approval.ApprovalQueue;
import com.wecomassist.error.Refused;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/dashboard?hours=24}: the 人机协作 figures of the last hours — how many answers the
 * machine sent alone, how many agents approved with one click, edited, or wrote themselves, their
 * shares, by knowledge-base category and hour (all instances together) — and this instance's
 * operational figures: approval queue depth, SLA breaches, LLM fallbacks by reason, and per-stage
 * latency (p50/p99 of the last {@code assist.dashboard.latency-window}); and the live split of how
 * questions were answered ({@code split}: the {@code assist.answers} counters of this instance).
 */
@RestController
class DashboardController {

    /** The answer: the collaboration figures of all instances and this instance's operational ones. */
    record Dashboard(Instant from, Instant to, Map<CollaborationStats.Outcome, Long> answers, long total,
                     Map<String, Double> shares, Map<String, Map<CollaborationStats.Outcome, Long>> byCategory,
                     List<Hour> hourly, Operations thisInstance, Split split) {
    }

    /**
     * The live split of {@code assist.answers} on this instance since it started, by outcome
     * ({@link AnswerOutcome#tag()}, every outcome present, 0 when none): {@code answered} is the sum of
     * the outcomes that answer a question (auto, menu_chosen, agent_one_click, agent_edited,
     * agent_wrote), and {@code shares} are of it, for every outcome but menu_offered (the answering
     * five add up to 1; menu_abandoned's share is the abandoned menus per answered question).
     */
    record Split(Map<String, Long> counts, long answered, Map<String, Double> shares) {

        static Split of(Map<AnswerOutcome, Long> counts) {
            Map<String, Long> named = new LinkedHashMap<>();
            counts.forEach((outcome, n) -> named.put(outcome.tag(), n));
            long answered = counts.entrySet().stream().filter(e -> e.getKey().answers())
                    .mapToLong(Map.Entry::getValue).sum();
            Map<String, Double> shares = new LinkedHashMap<>();
            counts.forEach((outcome, n) -> {
                if (outcome != AnswerOutcome.MENU_OFFERED) {
                    shares.put(outcome.tag(), answered == 0 ? 0 : (double) n / answered);
                }
            });
            return new Split(named, answered, shares);
        }
    }

    /** One hour's answers by outcome (an outcome without answers that hour is left out). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Hour(Instant hour, @JsonProperty("AUTO_SENT") Long autoSent, @JsonProperty("MENU_CHOSEN") Long menuChosen,
                @JsonProperty("APPROVED") Long approved,
                @JsonProperty("EDITED") Long edited, @JsonProperty("WRITTEN_BY_PEOPLE") Long writtenByPeople) {

        static Hour of(Instant hour, Map<CollaborationStats.Outcome, Long> counts) {
            return new Hour(hour, counts.get(CollaborationStats.Outcome.AUTO_SENT),
                    counts.get(CollaborationStats.Outcome.MENU_CHOSEN),
                    counts.get(CollaborationStats.Outcome.APPROVED), counts.get(CollaborationStats.Outcome.EDITED),
                    counts.get(CollaborationStats.Outcome.WRITTEN_BY_PEOPLE));
        }
    }

    /**
     * This instance now: queue depth, SLA breaches, LLM fallbacks by reason, latency per stage (and
     * "total"), whose percentiles are of the last {@code latencyWindowMinutes}.
     */
    record Operations(long queueDepth, double slaBreaches, Map<String, Double> llmFallbacks,
                      Map<String, Latency> latencyMs, long latencyWindowMinutes) {
    }

    /**
     * A timer in milliseconds: the count and mean since this instance started; the 50th and 99th
     * percentiles of the latency window, absent when it saw no answer (a window
     * without answers has no percentile, and 0 ms would be a measurement nobody made).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Latency(long count, double mean, Double p50, Double p99) {
    }

    static final int MAX_HOURS = 24 * 35;

    private final CollaborationStats stats;
    private final ApprovalQueue approvals;
    private final MeterRegistry meters;
    private final Clock clock;

    private final Duration latencyWindow;

    DashboardController(CollaborationStats stats, ApprovalQueue approvals, MeterRegistry meters, Clock clock,
                        DashboardProperties settings) {
        this.stats = stats;
        this.approvals = approvals;
        this.meters = meters;
        this.clock = clock;
        this.latencyWindow = settings.latencyWindow();
    }

    @GetMapping("/api/dashboard")
    Mono<Dashboard> dashboard(@RequestParam(name = "hours", defaultValue = "24") int hours) {
        if (hours < 1 || hours > MAX_HOURS) {
            throw Refused.invalid("INVALID_HOURS", "hours must be between 1 and " + MAX_HOURS);
        }
        Instant to = clock.instant();
        Instant from = to.minus(Duration.ofHours(hours - 1L));
        return Mono.zip(stats.between(from, to).collectList(), approvals.pending().count())
                .map(t -> figures(from, to, t.getT1(), t.getT2()));
    }

    private Dashboard figures(Instant from, Instant to, List<CollaborationStats.HourlyCount> counts,
                                        long queueDepth) {
        Map<CollaborationStats.Outcome, Long> totals = new EnumMap<>(CollaborationStats.Outcome.class);
        Map<String, Map<CollaborationStats.Outcome, Long>> byCategory = new TreeMap<>();
        Map<Instant, Map<CollaborationStats.Outcome, Long>> hourly = new TreeMap<>();
        for (CollaborationStats.Outcome outcome : CollaborationStats.Outcome.values()) {
            totals.put(outcome, 0L);
        }
        for (CollaborationStats.HourlyCount c : counts) {
            totals.merge(c.outcome(), c.count(), Long::sum);
            byCategory.computeIfAbsent(c.category(), k -> new EnumMap<>(CollaborationStats.Outcome.class))
                    .merge(c.outcome(), c.count(), Long::sum);
            hourly.computeIfAbsent(c.hour(), k -> new EnumMap<>(CollaborationStats.Outcome.class))
                    .merge(c.outcome(), c.count(), Long::sum);
        }
        long total = totals.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Double> shares = new LinkedHashMap<>();
        totals.forEach((outcome, n) -> shares.put(outcome.name(), total == 0 ? 0 : (double) n / total));

        return new Dashboard(CollaborationStats.hourOf(from), to, totals, total, shares, byCategory,
                hourly.entrySet().stream().map(e -> Hour.of(e.getKey(), e.getValue())).toList(),
                operational(queueDepth), split());
    }

    /** The counters of {@code assist.answers} on this instance, by outcome. */
    private Split split() {
        Map<AnswerOutcome, Long> counts = new EnumMap<>(AnswerOutcome.class);
        for (AnswerOutcome outcome : AnswerOutcome.values()) {
            counts.put(outcome, 0L);
        }
        for (Counter counter : meters.find(AnswerOutcome.METER).counters()) {
            String tag = counter.getId().getTag(AnswerOutcome.TAG);
            for (AnswerOutcome outcome : AnswerOutcome.values()) {
                if (outcome.tag().equals(tag)) {
                    counts.merge(outcome, Math.round(counter.count()), Long::sum);
                }
            }
        }
        return Split.of(counts);
    }

    private Operations operational(long queueDepth) {
        Map<String, Double> fallbacks = new TreeMap<>();
        meters.find("assist.draft.fallbacks").counters()
                .forEach(c -> fallbacks.merge(String.valueOf(c.getId().getTag("reason")), c.count(), Double::sum));
        Map<String, Latency> latency = new TreeMap<>();
        meters.find("assist.pipeline.stage").timers().forEach(timer -> latency.put(timer.getId().getTag("stage"),
                percentiles(timer)));
        Timer total = meters.find("assist.pipeline.latency").timer();
        if (total != null) {
            latency.put("total", percentiles(total));
        }
        return new Operations(queueDepth, sum("assist.approval.sla_breaches"), fallbacks, latency,
                latencyWindow.toMinutes());
    }

    private double sum(String name) {
        return meters.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    /**
     * The timers are published with the 50th and 99th percentiles; others (if ever added) are not
     * shown. A window that recorded nothing reads 0.0 at every percentile (no answer takes 0 ns):
     * those are left out rather than shown as a measurement.
     */
    static Latency percentiles(Timer timer) {
        Double p50 = null;
        Double p99 = null;
        for (ValueAtPercentile v : timer.takeSnapshot().percentileValues()) {
            long at = Math.round(v.percentile() * 100);
            if (at == 50) {
                p50 = v.value(TimeUnit.MILLISECONDS);
            } else if (at == 99) {
                p99 = v.value(TimeUnit.MILLISECONDS);
            }
        }
        boolean windowEmpty = (p50 == null || p50 <= 0) && (p99 == null || p99 <= 0);
        return windowEmpty ? new Latency(timer.count(), timer.mean(TimeUnit.MILLISECONDS), null, null)
                : new Latency(timer.count(), timer.mean(TimeUnit.MILLISECONDS), p50, p99);
    }
}
