package com.wecomassist.retrieve.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.retrieve.Retrieval;
import com.wecomassist.retrieve.Retriever;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** The retriever on the gateway's knowledge base, seeded with the project's sample entries. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KnowledgeBaseRetrieverTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    Retriever retriever;

    @Test
    void aQuestionPhrasedDifferentlyFromTheEntryFindsItFirst() {
        StepVerifier.create(retriever.retrieve("我的银行卡丢了怎么办", 3))
                .assertNext(r -> {
                    assertThat(r.entries()).isNotEmpty().hasSizeLessThanOrEqualTo(3);
                    Retrieval.RetrievedEntry top = r.entries().get(0);
                    assertThat(top.question()).isEqualTo("银行卡丢了怎么挂失？");
                    assertThat(top.entryId()).startsWith("demo-");
                    assertThat(top.version()).isPositive();
                    assertThat(top.answer()).isNotBlank();
                    assertThat(r.confidence()).isGreaterThan(0.5);
                    assertThat(r.tookNanos()).isPositive();
                    // best first
                    for (int i = 1; i < r.entries().size(); i++) {
                        assertThat(r.entries().get(i).score()).isLessThanOrEqualTo(r.entries().get(i - 1).score());
                    }
                })
                .expectComplete()
                .verify(WAIT);
        StepVerifier.create(retriever.retrieve("APP一天最多转多少钱", 1))
                .assertNext(r -> assertThat(r.entries()).singleElement()
                        .satisfies(e -> assertThat(e.question()).isEqualTo("手机银行转账限额是多少？")))
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void gibberishGetsALowConfidence() {
        Retrieval onTopic = retriever.retrieve("银行卡丢了怎么挂失", 3).block(WAIT);
        StepVerifier.create(retriever.retrieve("咕噜咕噜 zxqv 蓝色的大象会飞吗", 3))
                .assertNext(r -> {
                    assertThat(r.confidence()).isLessThan(0.3);
                    assertThat(r.confidence()).isLessThan(onTopic.confidence() - 0.3);
                })
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void blankTextRetrievesNothingWithoutSearching() {
        StepVerifier.create(retriever.retrieve("   ", 3))
                .assertNext(r -> assertThat(r.entries()).isEmpty())
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void theSearchRunsOnTheKnowledgeBaseSchedulerNotOnTheCallersThread() {
        AtomicReference<String> caller = new AtomicReference<>();
        AtomicReference<String> searcher = new AtomicReference<>();
        // Subscribed from a non-blocking (parallel) thread: BlockHound fails the test if Lucene or
        // ONNX ran there.
        Mono<Retrieval> call = Mono.defer(() -> {
                    caller.set(Thread.currentThread().getName());
                    return retriever.retrieve("信用卡不见了", 3);
                })
                .doOnNext(r -> searcher.set(Thread.currentThread().getName()))
                .subscribeOn(Schedulers.parallel());
        StepVerifier.create(call)
                .assertNext(r -> assertThat(r.entries()).isNotEmpty())
                .expectComplete()
                .verify(WAIT);
        assertThat(caller.get()).startsWith("parallel-");
        assertThat(searcher.get()).startsWith("kb-");
    }
}
