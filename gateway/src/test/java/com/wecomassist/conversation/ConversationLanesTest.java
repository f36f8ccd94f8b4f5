package com.wecomassist.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class ConversationLanesTest {

    final ConversationLanes lanes = new ConversationLanes();

    @Test
    void runsOneConversationInOrderAndConversationsInParallel() {
        List<String> log = new CopyOnWriteArrayList<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        Flux.range(0, 40)
                .flatMap(i -> lanes.submit("c" + (i % 4), () -> Mono.delay(Duration.ofMillis(20 - i % 7))
                        .doOnSubscribe(s -> peak.accumulateAndGet(running.incrementAndGet(), Math::max))
                        .doOnNext(x -> {
                            running.decrementAndGet();
                            log.add("c" + (i % 4) + ":" + i);
                        })
                        .then()))
                .blockLast(Duration.ofSeconds(10));
        for (int c = 0; c < 4; c++) {
            String prefix = "c" + c + ":";
            List<Integer> order = log.stream().filter(e -> e.startsWith(prefix))
                    .map(e -> Integer.parseInt(e.substring(prefix.length()))).toList();
            assertThat(order).isSorted().hasSize(10);
        }
        assertThat(peak.get()).isBetween(2, 4);
        assertThat(lanes.activeLanes()).isZero();
    }

    @Test
    void aFailureIsReportedToItsSubmitterAndTheLaneGoesOn() {
        StepVerifier.create(lanes.submit("x", () -> Mono.error(new IllegalStateException("boom"))))
                .expectErrorMessage("boom").verify(Duration.ofSeconds(5));
        StepVerifier.create(lanes.submit("x", Mono::empty)).verifyComplete();
        assertThat(lanes.activeLanes()).isZero();
    }
}
