package com.wecomassist.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Records finish in any order, but what is acknowledged (and so committed) per partition is only the
 * finished prefix: never an offset past a record still in hand.
 */
class InOrderAcksTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    /** Offsets acknowledged, as "partition@offset", in the order the consumer got them. */
    private final List<String> acknowledged = new CopyOnWriteArrayList<>();
    private final List<String> pauses = new CopyOnWriteArrayList<>();
    private final InOrderAcks.Pauses recordingPauses = new InOrderAcks.Pauses() {
        @Override
        public void pause(TopicPartition partition) {
            pauses.add("pause " + partition);
        }

        @Override
        public void resume(TopicPartition partition) {
            pauses.add("resume " + partition);
        }
    };

    @Test
    void outOfOrderCompletionsAcknowledgeOnlyTheFinishedPrefixOfEachPartition() {
        InOrderAcks acks = new InOrderAcks(100, recordingPauses);
        List<InOrderAcks.Taken> p0 = takeAll(acks, P0, 0, 5);
        InOrderAcks.Taken p1 = take(acks, P1, 7);

        p0.get(2).finished();
        p0.get(1).finished();
        assertThat(acknowledged).as("offset 0 is still in hand").isEmpty();
        p1.finished();
        assertThat(acknowledged).as("another partition is not held back").containsExactly("1@7");

        p0.get(0).finished();
        assertThat(acknowledged).as("0, 1 and 2 are done: 2 is acknowledged (commits 3)").containsExactly("1@7", "0@2");
        p0.get(4).finished();
        assertThat(acknowledged).hasSize(2);
        p0.get(3).finished();
        assertThat(acknowledged).containsExactly("1@7", "0@2", "0@4");
        assertThat(acks.inFlight()).isZero();
    }

    @Test
    void aRecordFinishedTwiceCountsOnce() {
        InOrderAcks acks = new InOrderAcks(100, recordingPauses);
        List<InOrderAcks.Taken> taken = takeAll(acks, P0, 0, 2);
        taken.get(1).finished();
        taken.get(1).finished();

        assertThat(acks.inFlight()).isEqualTo(1);
        assertThat(acknowledged).isEmpty();
        taken.get(0).finished();
        assertThat(acknowledged).containsExactly("0@1");
    }

    /**
     * A partition taken away by a rebalance: its records that finish afterwards acknowledge nothing
     * (another consumer owns it and starts from the committed offset), and the same partition assigned
     * again starts afresh.
     */
    @Test
    void aRevokedPartitionsLateCompletionsAcknowledgeNothing() {
        InOrderAcks acks = new InOrderAcks(100, recordingPauses);
        List<InOrderAcks.Taken> before = takeAll(acks, P0, 0, 3);
        before.get(0).finished();
        assertThat(acknowledged).containsExactly("0@0");

        acks.revoked(List.of(P0));
        before.get(1).finished();
        before.get(2).finished();
        assertThat(acknowledged).as("nothing after the revocation").containsExactly("0@0");
        assertThat(acks.inFlight()).isZero();

        // assigned again: delivered again from the committed offset 1
        List<InOrderAcks.Taken> again = takeAll(acks, P0, 1, 2);
        again.get(0).finished();
        assertThat(acknowledged).containsExactly("0@0", "0@1");
    }

    /**
     * At the limit the partition is paused, and resumed when half of its window is committed; a
     * paused partition that is revoked has its pause lifted, or it would come back paused.
     */
    @Test
    void aPartitionIsPausedAtTheLimitAndResumedAtHalf() {
        InOrderAcks acks = new InOrderAcks(4, recordingPauses);
        List<InOrderAcks.Taken> taken = takeAll(acks, P0, 0, 4);
        assertThat(pauses).containsExactly("pause t-0");

        taken.get(1).finished();
        assertThat(pauses).as("the head is still in hand: 4 uncommitted").hasSize(1);
        taken.get(0).finished();
        assertThat(pauses).as("2 left").containsExactly("pause t-0", "resume t-0");

        takeAll(acks, P0, 4, 2);
        assertThat(pauses).containsExactly("pause t-0", "resume t-0", "pause t-0");
        acks.revoked(List.of(P0));
        assertThat(pauses).containsExactly("pause t-0", "resume t-0", "pause t-0", "resume t-0");
        taken.get(2).finished();
        assertThat(pauses).as("a late completion touches nothing").hasSize(4);
    }

    /**
     * With a commit interval, records finishing soon after an acknowledgement wait and are acknowledged
     * together, once the interval has passed (by then the last of them stands for all); a drain before
     * stopping and a revocation acknowledge what waits at once.
     */
    @Test
    void withinTheCommitIntervalFinishedRecordsAreAcknowledgedTogetherOnceItHasPassed() {
        InOrderAcks acks = new InOrderAcks(100, recordingPauses, java.time.Duration.ofMillis(300));
        List<InOrderAcks.Taken> p0 = takeAll(acks, P0, 0, 4);
        p0.get(0).finished();
        assertThat(acknowledged).as("the first after a quiet time at once").containsExactly("0@0");
        p0.get(1).finished();
        p0.get(2).finished();
        assertThat(acknowledged).as("the next ones wait").containsExactly("0@0");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> acknowledged.size() == 2);
        assertThat(acknowledged).as("one acknowledgement for both, the later").containsExactly("0@0", "0@2");

        p0.get(3).finished();
        acks.acknowledgeFinished();
        assertThat(acknowledged).as("drained before stopping").containsExactly("0@0", "0@2", "0@3");

        InOrderAcks.Taken p1 = take(acks, P1, 9);
        InOrderAcks.Taken p1Next = take(acks, P1, 10);
        p1.finished();
        p1Next.finished();
        assertThat(acknowledged).endsWith("1@9");
        acks.revoked(List.of(P1));
        assertThat(acknowledged).as("revoked: what waited is acknowledged first").endsWith("1@9", "1@10");
        assertThat(acks.inFlight()).isZero();
    }

    private List<InOrderAcks.Taken> takeAll(InOrderAcks acks, TopicPartition partition, long from, int count) {
        List<InOrderAcks.Taken> taken = new ArrayList<>();
        for (long offset = from; offset < from + count; offset++) {
            taken.add(take(acks, partition, offset));
        }
        return taken;
    }

    private InOrderAcks.Taken take(InOrderAcks acks, TopicPartition partition, long offset) {
        return acks.taken(new ConsumerRecord<>(partition.topic(), partition.partition(), offset, "k", "v"),
                () -> acknowledged.add(partition.partition() + "@" + offset));
    }
}
