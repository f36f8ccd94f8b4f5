package com.wecomassist.outreach;

import com.wecomassist.error.Refused;
import com.wecomassist.strategy.StrategyDesk;
import com.wecomassist.strategy.StrategyStore;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/strategies/{id}/results}: the A/B test of the strategy's latest publication (in force or
 * stopped), for the roles that read strategies ({@code staff/SecurityConfiguration}).
 */
@RestController
class OutreachController {

    private final StrategyStore strategies;
    private final OutreachResults results;

    OutreachController(StrategyStore strategies, OutreachResults results) {
        this.strategies = strategies;
        this.results = results;
    }

    @GetMapping("/api/strategies/{id}/results")
    Mono<OutreachResults.Results> results(@PathVariable String id) {
        return strategies.publications(id).takeLast(1).next()
                .switchIfEmpty(Mono.error(() -> Refused.notFound("NOT_PUBLISHED", id + " was never published: "
                        + "it has no results")))
                .flatMap(p -> results.of(StrategyDesk.parse(p.spec())));
    }
}
