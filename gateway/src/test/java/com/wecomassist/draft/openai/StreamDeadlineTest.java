package com.wecomassist.draft.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class StreamDeadlineTest {

    private static <T> Flux<T> guard(Flux<T> stream, long firstMs, long idleMs) {
        return StreamDeadline.guard(stream, Duration.ofMillis(firstMs), Duration.ofMillis(idleMs), Schedulers.parallel());
    }

    @Test
    void aStreamWithinItsDeadlinesPassesUnchanged() {
        // deadlines far above the 20 ms between elements: a busy machine's scheduling delays must not end it
        Flux<Long> chunks = Flux.interval(Duration.ofMillis(20)).take(20);
        StepVerifier.create(guard(chunks, 2_000, 1_000)).expectNextCount(20).verifyComplete();
    }

    @Test
    void noFirstElementWithinTheFirstDeadlineIsATimeout() {
        long start = System.nanoTime();
        StepVerifier.create(guard(Flux.never(), 300, 5_000))
                .expectError(TimeoutException.class).verify(Duration.ofSeconds(5));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void theFirstDeadlineIsNotCutShortByTheIdleOne() {
        // idle shorter than first: a first element at 250 ms is in time although the idle limit is 100 ms
        Flux<String> late = Mono.delay(Duration.ofMillis(250)).thenMany(Flux.just("a", "b"));
        StepVerifier.create(guard(late, 1_000, 100)).expectNext("a", "b").verifyComplete();
    }

    @Test
    void aLateFirstElementFollowedByAPauseTimesOutAtTheIdleDeadline() {
        // first element at 400 ms (first deadline 5 s), then silence: over at about 400 + 200 ms, not at 5 s
        Flux<String> lateThenStalls = Mono.delay(Duration.ofMillis(400)).thenMany(Flux.just("a"))
                .concatWith(Flux.never());
        long start = System.nanoTime();
        StepVerifier.create(guard(lateThenStalls, 5_000, 200)).expectNext("a")
                .expectError(TimeoutException.class).verify(Duration.ofSeconds(10));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(600), Duration.ofMillis(3_000));
    }

    @Test
    void aPauseLongerThanTheIdleDeadlineAfterElementsIsATimeout() {
        Flux<String> stalls = Flux.just("a", "b").concatWith(Flux.never());
        long start = System.nanoTime();
        StepVerifier.create(guard(stalls, 5_000, 200)).expectNext("a", "b")
                .expectError(TimeoutException.class).verify(Duration.ofSeconds(5));
        // the idle limit, not the first-element one, ended it
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(200), Duration.ofMillis(4_000));
    }

    @Test
    void elementsThatKeepComingKeepTheStreamAlivePastTheFirstDeadline() {
        // 1.5 s of elements 10 ms apart: past the first deadline (300 ms) and several idle deadlines (400 ms),
        // with 390 ms of slack for a busy machine's scheduling delays between two elements
        Flux<Long> steady = Flux.interval(Duration.ofMillis(10)).take(150);
        StepVerifier.create(guard(steady, 300, 400)).expectNextCount(150).verifyComplete();
    }

    @Test
    void aStreamThatErrorsOrIsCancelledEndsItsTimer() {
        StepVerifier.create(guard(Flux.error(new IllegalStateException("boom")), 100, 100))
                .expectError(IllegalStateException.class).verify(Duration.ofSeconds(2));
        StepVerifier.create(guard(Flux.never(), 100, 100)).thenCancel().verify(Duration.ofSeconds(2));
    }
}
