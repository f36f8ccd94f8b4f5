package com.wecomassist.outreach;

import com.wecomassist.error.Refused;
import com.wecomassist.strategy.StrategyDesk;
import com.wecomassist.strategy.StrategyStore;
import java.security.Principal;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/strategies/{id}/results}: the A/B test of the strategy's latest publication (in force or
 * stopped), for the roles that read strategies ({@code staff/SecurityConfiguration}); and
 * {@code POST /api/strategies/{id}/promote}: the winner drafted into a new version (operations).
 */
@RestController
class OutreachController {

    private final StrategyStore strategies;
    private final OutreachResults results;
    private final WinnerPromotion promotion;

    OutreachController(StrategyStore strategies, OutreachResults results, WinnerPromotion promotion) {
        this.strategies = strategies;
        this.results = results;
        this.promotion = promotion;
    }

    @GetMapping("/api/strategies/{id}/results")
    Mono<OutreachResults.Results> results(@PathVariable String id) {
        return strategies.publications(id).takeLast(1).next()
                .switchIfEmpty(Mono.error(() -> Refused.notFound("NOT_PUBLISHED", id + " was never published: "
                        + "it has no results")))
                .flatMap(p -> results.of(StrategyDesk.parse(p.spec())));
    }

    @PostMapping("/api/strategies/{id}/promote")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<StrategyDesk.Drafted> promote(@PathVariable String id, Principal author) {
        return promotion.promote(id, author.getName());
    }
}
