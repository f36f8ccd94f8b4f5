package com.wecomassist.outreach;

import com.wecomassist.error.Refused;
import com.wecomassist.kpi.KpiProperties;
import com.wecomassist.strategy.Strategy;
import com.wecomassist.strategy.StrategyDesk;
import com.wecomassist.strategy.StrategyStore;
import java.security.Principal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/strategies/{id}/results}: the A/B test of the strategy's latest publication (in force or
 * stopped), for the roles that read strategies ({@code staff/SecurityConfiguration}), and
 * {@code GET .../results/series?from=&to=}: the same day by day (the bank's days, {@code assist.kpi.zone});
 * {@code POST /api/strategies/{id}/promote}: the winner drafted into a new version (operations).
 */
@RestController
class OutreachController {

    /** Days one series may cover: a year, as a KPI report. */
    static final int MAX_SERIES_DAYS = 366;
    /** Days a series covers when not told: a month up to today. */
    static final int DEFAULT_SERIES_DAYS = 30;

    private final StrategyStore strategies;
    private final OutreachResults results;
    private final WinnerPromotion promotion;
    private final Clock bankClock;

    OutreachController(StrategyStore strategies, OutreachResults results, WinnerPromotion promotion, Clock clock,
                       KpiProperties kpi) {
        this.strategies = strategies;
        this.results = results;
        this.promotion = promotion;
        this.bankClock = clock.withZone(kpi.zone());
    }

    @GetMapping("/api/strategies/{id}/results")
    Mono<OutreachResults.Results> results(@PathVariable String id) {
        return published(id).flatMap(results::of);
    }

    @GetMapping("/api/strategies/{id}/results/series")
    Mono<OutreachResults.Series> series(@PathVariable String id, @RequestParam(required = false) String from,
                                        @RequestParam(required = false) String to) {
        LocalDate today = LocalDate.now(bankClock);
        return range(from, to, today).flatMap(days -> published(id)
                .flatMap(strategy -> results.series(strategy, days[0], days[1], today)));
    }

    /** The strategy as last published (in force or stopped): its test is the one read. */
    private Mono<Strategy> published(String id) {
        return strategies.publications(id).takeLast(1).next()
                .switchIfEmpty(Mono.error(() -> Refused.notFound("NOT_PUBLISHED", id + " was never published: "
                        + "it has no results")))
                .map(p -> StrategyDesk.readPublished(p.spec()));
    }

    /**
     * The days asked for: by default the last {@value #DEFAULT_SERIES_DAYS} up to today; refused when they do not
     * read, are the wrong way round, are more than {@value #MAX_SERIES_DAYS}, end after today or begin before the
     * ledger's oldest day (a day's counts up to it need every day after it).
     */
    private static Mono<LocalDate[]> range(String from, String to, LocalDate today) {
        LocalDate end;
        LocalDate start;
        try {
            end = to == null || to.isBlank() ? today : LocalDate.parse(to);
            start = from == null || from.isBlank() ? end.minusDays(DEFAULT_SERIES_DAYS - 1) : LocalDate.parse(from);
        } catch (DateTimeParseException e) {
            return Mono.error(Refused.invalid("INVALID_RANGE", "days are written yyyy-MM-dd, not '"
                    + e.getParsedString() + "'"));
        }
        LocalDate oldest = today.minusDays(OutreachLedger.DAYS_KEPT - 1);
        if (start.isAfter(end)) {
            return Mono.error(Refused.invalid("INVALID_RANGE", "from " + start + " is after to " + end));
        }
        if (ChronoUnit.DAYS.between(start, end) + 1 > MAX_SERIES_DAYS) {
            return Mono.error(Refused.invalid("INVALID_RANGE", "a series covers at most " + MAX_SERIES_DAYS
                    + " days, not " + (ChronoUnit.DAYS.between(start, end) + 1)));
        }
        if (end.isAfter(today)) {
            return Mono.error(Refused.invalid("INVALID_RANGE", "to " + end + " is after today (" + today
                    + " in the bank's zone): it has no figures yet"));
        }
        if (start.isBefore(oldest)) {
            return Mono.error(Refused.invalid("INVALID_RANGE", "days are kept " + OutreachLedger.DAYS_KEPT
                    + " days: from is " + oldest + " or later, not " + start));
        }
        return Mono.just(new LocalDate[] {start, end});
    }

    @PostMapping("/api/strategies/{id}/promote")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<StrategyDesk.Drafted> promote(@PathVariable String id, Principal author) {
        return promotion.promote(id, author.getName());
    }
}
