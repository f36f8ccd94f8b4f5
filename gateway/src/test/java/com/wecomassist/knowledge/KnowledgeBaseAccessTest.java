package com.wecomassist.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.error.TransientException;
import com.wecomassist.kb.KnowledgeBase;
import com.wecomassist.kb.entry.Entry;
import com.wecomassist.kb.search.EmbeddingModels;
import com.wecomassist.kb.search.SearchSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

/** The one place blocking knowledge-base calls run: its thread, its bound, the changes of an edit. */
class KnowledgeBaseAccessTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    KnowledgeBaseAccess access;

    @BeforeEach
    void open() {
        access = new KnowledgeBaseAccess(KnowledgeBase.inMemory(EmbeddingModels.bgeSmallZh(),
                SearchSettings.defaults(), Clock.systemUTC()), 1, 1);
    }

    @AfterEach
    void close() {
        access.close();
    }

    @Test
    void callsRunOnTheKbScheduler() {
        StepVerifier.create(access.call(kb -> Thread.currentThread().getName()))
                .assertNext(name -> assertThat(name).startsWith("kb-"))
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void beyondTheQueueACallFailsAtOnceAsTransient() throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Disposable busy = access.call(kb -> {
            running.countDown();
            try {
                return release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }).subscribe();
        try {
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
            Disposable queued = access.call(kb -> 1).subscribe();
            StepVerifier.create(access.call(kb -> 2))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(TransientException.class)
                            .hasMessageContaining("knowledge base busy"))
                    .verify(WAIT);
            queued.dispose();
        } finally {
            release.countDown();
            busy.dispose();
        }
    }

    @Test
    void anEditReturnsTheServedChangesItMade() {
        StepVerifier.create(access.edit(kb -> {
                    Entry draft = kb.create(Entry.draft("t-1", "如何开通短信提醒？", "在手机银行设置中开通。"), "alice");
                    Entry review = kb.submitForReview("t-1", draft.version(), "alice");
                    return kb.publish("t-1", review.version(), "bob");
                }))
                .assertNext(edit -> {
                    assertThat(edit.result().version()).isEqualTo(3);
                    assertThat(edit.changes()).singleElement().satisfies(c -> {
                        assertThat(c.entryId()).isEqualTo("t-1");
                        assertThat(c.version()).isEqualTo(3);
                        assertThat(c.isDelete()).isFalse();
                    });
                })
                .expectComplete()
                .verify(WAIT);
        // a read changes nothing served, and an edit that serves nothing reports no change
        StepVerifier.create(access.edit(kb -> kb.update("t-1", 3, e -> e.withAnswer("新的答案。"), "alice")))
                .assertNext(edit -> assertThat(edit.changes()).isEmpty())
                .expectComplete()
                .verify(WAIT);
    }
}
