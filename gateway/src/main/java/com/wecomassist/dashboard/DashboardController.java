package com.wecomassist.dashboard;

import com.wecomassist.approval.ApprovalQueue;
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
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/dashboard?hours=24}: the 人机协作 figures of the last hours — how many answers the
 * machine sent alone, how many agents approved with one click, edited, or wrote themselves, their
 * shares, by knowledge-base category and hour (all instances together) — and this instance's
 * operational figures: approval queue depth, SLA breaches, LLM fallbacks by reason, and per-stage
 * latency (p50/p99).
 */
@RestController
class DashboardController {

    static final int MAX_HOURS = 24 * 35;

    private final CollaborationStats stats;
    private final ApprovalQueue approvals;
    private final MeterRegistry meters;
    private final Clock clock;

    DashboardController(CollaborationStats stats, ApprovalQueue approvals, MeterRegistry meters, Clock clock) {
        this.stats = stats;
        this.approvals = approvals;
        this.meters = meters;
        this.clock = clock;
    }

    @GetMapping("/api/dashboard")
    Mono<ResponseEntity<Map<String, Object>>> dashboard(@RequestParam(name = "hours", defaultValue = "24") int hours) {
        if (hours < 1 || hours > MAX_HOURS) {
            return Mono.just(ResponseEntity.badRequest().body(Map.of("reason", "INVALID_HOURS",
                    "message", "hours must be between 1 and " + MAX_HOURS)));
        }
        Instant to = clock.instant();
        Instant from = to.minus(Duration.ofHours(hours - 1L));
        return Mono.zip(stats.between(from, to).collectList(), approvals.pending().count())
                .map(t -> ResponseEntity.ok(figures(from, to, t.getT1(), t.getT2())));
    }

    private Map<String, Object> figures(Instant from, Instant to, List<CollaborationStats.HourlyCount> counts,
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

        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("from", CollaborationStats.hourOf(from));
        answer.put("to", to);
        answer.put("answers", totals);
        answer.put("total", total);
        answer.put("shares", shares);
        answer.put("byCategory", byCategory);
        answer.put("hourly", hourly.entrySet().stream().map(e -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("hour", e.getKey());
            e.getValue().forEach((outcome, n) -> row.put(outcome.name(), n));
            return row;
        }).toList());
        answer.put("thisInstance", operational(queueDepth));
        return answer;
    }

    private Map<String, Object> operational(long queueDepth) {
        Map<String, Object> now = new LinkedHashMap<>();
        now.put("queueDepth", queueDepth);
        now.put("slaBreaches", sum("assist.approval.sla_breaches"));
        Map<String, Double> fallbacks = new TreeMap<>();
        meters.find("assist.draft.fallbacks").counters()
                .forEach(c -> fallbacks.merge(String.valueOf(c.getId().getTag("reason")), c.count(), Double::sum));
        now.put("llmFallbacks", fallbacks);
        Map<String, Object> latency = new TreeMap<>();
        meters.find("assist.pipeline.stage").timers().forEach(timer -> latency.put(timer.getId().getTag("stage"),
                percentiles(timer)));
        Timer total = meters.find("assist.pipeline.latency").timer();
        if (total != null) {
            latency.put("total", percentiles(total));
        }
        now.put("latencyMs", latency);
        return now;
    }

    private double sum(String name) {
        return meters.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    private static Map<String, Object> percentiles(Timer timer) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("count", timer.count());
        p.put("mean", timer.mean(TimeUnit.MILLISECONDS));
        for (ValueAtPercentile v : timer.takeSnapshot().percentileValues()) {
            p.put("p" + Math.round(v.percentile() * 100), v.value(TimeUnit.MILLISECONDS));
        }
        return p;
    }
}
