package com.wecomassist.comply;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.compliance.ComplianceChecker;
import com.wecomassist.compliance.Verdict;
import com.wecomassist.compliance.rules.Action;
import com.wecomassist.compliance.rules.TextKind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** Layers 1 and 2 run on the bounded "comply" scheduler, and a full queue fails closed. */
class LayeredComplianceReviewTest {

    static final Duration WAIT = Duration.ofSeconds(15);
    static final ComplianceChecker RULES = ComplianceChecker.bankDefault();

    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    List<LayeredComplianceReview> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(LayeredComplianceReview::close);
    }

    LayeredComplianceReview review(LayeredComplianceReview.Layers layers, int threads, int queue) {
        LayeredComplianceReview review = new LayeredComplianceReview(new ComplianceInForce(RULES), layers, threads,
                queue, null, Duration.ofSeconds(1), meters);
        opened.add(review);
        return review;
    }

    @Test
    void theCheckRunsOnTheComplySchedulerNeverOnTheCallersEventLoopThread() {
        AtomicReference<String> caller = new AtomicReference<>();
        AtomicReference<String> checker = new AtomicReference<>();
        LayeredComplianceReview review = review((text, kind) -> {
            checker.set(Thread.currentThread().getName());
            return RULES.check(text, kind);
        }, 2, 100);
        // Subscribed from a non-blocking (parallel) thread: BlockHound fails the test if anything
        // blocking (the semantic layer's ONNX inference, a lock) ran there.
        Mono<Verdict> call = Mono.defer(() -> {
            caller.set(Thread.currentThread().getName());
            return review.check("这款理财稳赚不赔。", TextKind.AI_DRAFT);
        }).subscribeOn(Schedulers.parallel());
        StepVerifier.create(call)
                .assertNext(v -> assertThat(v.action()).isEqualTo(Action.BLOCK))
                .expectComplete()
                .verify(WAIT);
        assertThat(caller.get()).startsWith("parallel-");
        assertThat(checker.get()).startsWith("comply-");
        assertThat(meters.timer("assist.compliance.check").count()).isEqualTo(1);
    }

    @Test
    void theCheckerInForceIsWhatTheReviewChecksWith() {
        ComplianceInForce inForce = new ComplianceInForce(RULES);
        LayeredComplianceReview review = new LayeredComplianceReview(inForce, 1, 10, null, Duration.ofSeconds(1),
                meters);
        opened.add(review);
        StepVerifier.create(review.check("您好，网点工作日9:00至17:00营业。", TextKind.AI_DRAFT).subscribeOn(Schedulers.parallel()))
                .assertNext(v -> {
                    assertThat(v.action()).isEqualTo(Action.PASS);
                    assertThat(v.packs()).isEqualTo(RULES.rules().packLabels());
                })
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void aFullQueueAnswersAFailClosedReviewAtOnceNotAnError() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        LayeredComplianceReview review = review((text, kind) -> {
            running.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return RULES.check(text, kind);
        }, 1, 1);
        List<Verdict> first = new ArrayList<>();
        review.check("您好。", TextKind.AI_DRAFT).subscribe(first::add);      // runs, holds the only thread
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        review.check("您好！", TextKind.AI_DRAFT).subscribe(first::add);      // waits: the queue is now full

        long started = System.nanoTime();
        StepVerifier.create(review.check("这款理财稳赚不赔。", TextKind.AI_DRAFT))
                .assertNext(v -> {
                    assertThat(v.action()).isEqualTo(Action.REVIEW);
                    assertThat(v.checkFailed()).isTrue();
                    assertThat(v.hits()).singleElement().satisfies(h -> {
                        assertThat(h.ruleId()).isEqualTo(Verdict.CHECK_FAILED_RULE);
                        assertThat(h.description()).contains("compliance checks busy");
                    });
                    assertThat(v.packs()).isEqualTo(RULES.rules().packLabels());
                })
                .expectComplete()
                .verify(WAIT);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(meters.counter("assist.compliance.check.refused").count()).isEqualTo(1);

        release.countDown();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (first.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(first).hasSize(2).allSatisfy(v -> assertThat(v.action()).isEqualTo(Action.PASS));
    }

    @Test
    void aCheckThatThrowsFailsClosed() {
        LayeredComplianceReview review = review((text, kind) -> {
            throw new IllegalStateException("exemplar index corrupt");
        }, 1, 10);
        StepVerifier.create(review.check("您好。", TextKind.AGENT_REPLY))
                .assertNext(v -> {
                    assertThat(v.action()).isEqualTo(Action.REVIEW);
                    assertThat(v.checkFailed()).isTrue();
                    assertThat(v.hits().get(0).description()).contains("exemplar index corrupt");
                })
                .expectComplete()
                .verify(WAIT);
    }
}
