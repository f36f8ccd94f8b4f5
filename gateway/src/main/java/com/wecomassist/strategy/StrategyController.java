package com.wecomassist.strategy;

import com.wecomassist.error.Refused;
import java.security.Principal;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The strategies' API ({@code staff/SecurityConfiguration}): operations users write, publish and stop
 * them; compliance officers and team leads read them. The samples the project ships
 * ({@code classpath:strategies/*.json}) are a start for a new one.
 */
@RestController
class StrategyController {

    /** {@code POST .../publish}: the version to put in force. */
    record PublishRequest(Long version) {
    }

    private final StrategyDesk desk;

    StrategyController(StrategyDesk desk) {
        this.desk = desk;
    }

    @GetMapping("/api/strategies")
    Mono<List<StrategyDesk.Listed>> list() {
        return desk.list();
    }

    @GetMapping("/api/strategies/samples")
    Mono<List<StrategyDesk.Sample>> samples() {
        // reading the jar is a file read: off the event loop
        return Mono.fromCallable(StrategyController::readSamples).subscribeOn(Schedulers.boundedElastic());
    }

    @GetMapping("/api/strategies/{id}")
    Mono<StrategyDesk.History> history(@PathVariable String id) {
        return desk.history(id);
    }

    @PostMapping("/api/strategies/{id}/versions")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<StrategyDesk.Drafted> draft(@PathVariable String id, @RequestBody(required = false) String body,
                                     Principal author) {
        if (body == null || body.isBlank()) {
            return Mono.error(Refused.invalid("INVALID_STRATEGY", "the body is the strategy's JSON"));
        }
        return desk.draft(id, body, author.getName());
    }

    @PostMapping("/api/strategies/{id}/publish")
    Mono<StrategyPublication> publish(@PathVariable String id, @RequestBody(required = false) PublishRequest request,
                                      Principal reviewer) {
        if (request == null || request.version() == null || request.version() < 1) {
            return Mono.error(Refused.invalid("INVALID_REQUEST", "give the version to publish: {\"version\": N}"));
        }
        return desk.publish(id, request.version(), reviewer.getName());
    }

    @PostMapping("/api/strategies/{id}/stop")
    Mono<StrategyPublication> stop(@PathVariable String id, Principal reviewer) {
        return desk.stop(id, reviewer.getName());
    }

    static List<StrategyDesk.Sample> readSamples() {
        return StrategyDesk.samples();
    }
}
