package com.wecomassist.cluster;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.Acknowledgment;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Acknowledges the records a listener took as they finish, in any order, while committing in offset
 * order per partition: a record's acknowledgement goes to the consumer only once every record taken
 * before it from its partition has finished too, so the committed offset never passes an unfinished
 * record and a crash redelivers from the first one (at least once, as before).
 *
 * <p>Why not Spring Kafka's own out-of-order acknowledgements ({@code async-acks}): they keep the
 * consumer paused until every record of its last poll is acknowledged, and an inbound record is
 * finished only when it is answered, so every customer also waited for the slowest answer of the
 * poll before theirs (load-tests/RESULTS.md, Scenario 3). Here the consumer goes on polling while
 * earlier records are in flight, up to {@code maxInFlight} records per partition not yet committed
 * (in flight, or finished behind one that is): then that partition is paused until half of them are
 * committed. Paused through its listener container, which keeps polling, rather than by holding the
 * consumer thread: neither the consumer's {@code max.poll.interval.ms} nor a rebalance waits for the
 * slow records. The rest of the poll being delivered still arrives, so the bound can be exceeded by
 * one poll. The bound keeps the memory for a stuck partition and what a crash delivers again finite.
 *
 * <p>Acknowledgements are called on whichever thread finished the record; with
 * {@code ack-mode: manual} (and {@code async-acks} off) Spring Kafka queues an acknowledgement made off
 * the consumer thread and commits it on the consumer thread before its next poll, and on stop or
 * revocation ({@code KafkaMessageListenerContainer.ListenerConsumer#processAck}, {@code
 * commitPendingAcks}).
 *
 * <p>With a commit interval ({@code assist.kafka.commit-interval}) a partition is acknowledged at most once
 * within it: what finishes sooner waits, and the last finished record is acknowledged for all of them
 * when the interval has passed, on drain ({@link #acknowledgeFinished}) or on revocation.
 *
 * <p>A partition taken away from this consumer (a rebalance) is forgotten: records of it that finish
 * later acknowledge nothing, and a new assignment starts afresh, since the new owner starts from the
 * committed offset. One acknowledgement can still race a revocation (made just before it, committed
 * just after); it is harmless: everything below it did finish here, and a copy handled twice is what
 * at-least-once delivery already asks the listeners to bear.
 */
public final class InOrderAcks {

    /** Stops and restarts fetching from a partition (a listener container, or nothing in tests). */
    public interface Pauses {

        void pause(TopicPartition partition);

        void resume(TopicPartition partition);

        Pauses NONE = new Pauses() {
            @Override
            public void pause(TopicPartition partition) {
            }

            @Override
            public void resume(TopicPartition partition) {
            }
        };
    }

    /** A record taken: tell it {@link #finished()} once, whichever way its handling ended. */
    public interface Taken {

        void finished();
    }

    private final int maxInFlight;
    private final Pauses pauses;
    private final long commitEveryNanos;
    private final Scheduler flushes;
    private final Map<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();

    /**
     * @param maxInFlight records taken from one partition and not yet committed at which it is paused
     */
    public InOrderAcks(int maxInFlight, Pauses pauses) {
        this(maxInFlight, pauses, Duration.ZERO);
    }

    /**
     * @param commitEvery at most one acknowledgement per partition within this time: records that finish
     *                    sooner after the last one are acknowledged together when it has passed (each
     *                    commit is a record on the brokers' offsets topic, per partition). Zero: every
     *                    finished run of records at once. A crash then delivers again up to this much
     *                    more of what was done, which the listeners skip (at least once, as before)
     */
    public InOrderAcks(int maxInFlight, Pauses pauses, Duration commitEvery) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, not " + maxInFlight);
        }
        if (commitEvery.isNegative()) {
            throw new IllegalArgumentException("commitEvery must not be negative, not " + commitEvery);
        }
        this.maxInFlight = maxInFlight;
        this.pauses = pauses;
        this.commitEveryNanos = commitEvery.toNanos();
        this.flushes = Schedulers.parallel();
    }

    /** Pauses the partitions of the listener container with this id (looked up when needed). */
    public static Pauses pausing(KafkaListenerEndpointRegistry containers, String listenerId) {
        return new Pauses() {
            @Override
            public void pause(TopicPartition partition) {
                MessageListenerContainer container = containers.getListenerContainer(listenerId);
                if (container != null) {
                    container.pausePartition(partition);
                }
            }

            @Override
            public void resume(TopicPartition partition) {
                MessageListenerContainer container = containers.getListenerContainer(listenerId);
                if (container != null) {
                    // resumes whichever of its consumers was asked to pause it, even one that lost it since;
                    // a partition resumed while the whole container is paused (shutdown) stays paused
                    container.resumePartition(partition);
                }
            }
        };
    }

    /**
     * A record the consumer just delivered (called on the consumer thread, in offset order per
     * partition); returns what to tell when its handling is over.
     */
    public Taken taken(ConsumerRecord<?, ?> record, Acknowledgment acknowledgment) {
        TopicPartition where = new TopicPartition(record.topic(), record.partition());
        Partition partition = partitions.computeIfAbsent(where, k -> new Partition());
        Entry entry = new Entry(acknowledgment);
        inFlight.incrementAndGet();
        if (partition.add(entry)) {
            pauses.pause(where);
        }
        return () -> {
            if (entry.finish()) {
                inFlight.decrementAndGet();
                if (partition.finished()) {
                    pauses.resume(where);
                }
            }
        };
    }

    /**
     * Partitions this consumer no longer owns (revoked or lost): their records still in flight
     * acknowledge nothing when they finish, and a pause asked for them is lifted, so that they are
     * not found paused when they come back.
     */
    public void revoked(Collection<TopicPartition> revoked) {
        for (TopicPartition where : revoked) {
            Partition partition = partitions.remove(where);
            if (partition != null && partition.revoke()) {
                pauses.resume(where);
            }
        }
    }

    /** Records taken and not yet finished, revoked partitions' included (shutdown waits for them). */
    public int inFlight() {
        return inFlight.get();
    }

    /**
     * Acknowledges now what finished and waits for {@code commitEvery} to pass (a drained consumer
     * about to stop commits all it did).
     */
    public void acknowledgeFinished() {
        partitions.values().forEach(Partition::acknowledgeWaiting);
    }

    private static final class Entry {

        final Acknowledgment acknowledgment;
        private final AtomicBoolean finished = new AtomicBoolean();

        Entry(Acknowledgment acknowledgment) {
            this.acknowledgment = acknowledgment;
        }

        /** True the first time only: a record finishes once. */
        boolean finish() {
            return finished.compareAndSet(false, true);
        }

        boolean isFinished() {
            return finished.get();
        }
    }

    /** One partition's records in the order taken; the head is the oldest unfinished one. */
    private final class Partition {

        private final Deque<Entry> taken = new ArrayDeque<>();
        private boolean paused;
        private boolean revoked;
        /** Finished with all before it, its acknowledgement waiting for {@code commitEvery} to pass. */
        private Entry waiting;
        private long acknowledgedAt = System.nanoTime() - commitEveryNanos;
        private boolean flushPlanned;

        /** True when the partition is to be paused now. */
        synchronized boolean add(Entry entry) {
            taken.addLast(entry);
            if (!paused && taken.size() >= maxInFlight) {
                paused = true;
                return true;
            }
            return false;
        }

        /**
         * Drops the finished records at the head and acknowledges the last of them (its offset + 1 is
         * committed: everything before it is finished). Acknowledged under the lock, so that two
         * threads never hand a lower offset after a higher one and none after {@link #revoke()}.
         * True when the partition is to be resumed now.
         */
        synchronized boolean finished() {
            if (revoked) {
                return false;
            }
            Entry last = null;
            while (!taken.isEmpty() && taken.peekFirst().isFinished()) {
                last = taken.pollFirst();
            }
            if (last != null) {
                long sinceLast = System.nanoTime() - acknowledgedAt;
                if (sinceLast >= commitEveryNanos) {
                    acknowledge(last);
                } else {
                    waiting = last;
                    if (!flushPlanned) {
                        flushPlanned = true;
                        flushes.schedule(this::flush, commitEveryNanos - sinceLast, TimeUnit.NANOSECONDS);
                    }
                }
            }
            if (paused && taken.size() <= maxInFlight / 2) {
                paused = false;
                return true;
            }
            return false;
        }

        private void acknowledge(Entry entry) {
            entry.acknowledgment.acknowledge();
            acknowledgedAt = System.nanoTime();
            waiting = null;
        }

        private synchronized void flush() {
            flushPlanned = false;
            acknowledgeWaiting();
        }

        synchronized void acknowledgeWaiting() {
            if (!revoked && waiting != null) {
                acknowledge(waiting);
            }
        }

        /**
         * True when it was paused (the pause is to be lifted). What finished here and waited for its
         * acknowledgement is acknowledged first (it may still reach the commit made on revocation; if
         * not, the new owner delivers it again and it is skipped).
         */
        synchronized boolean revoke() {
            acknowledgeWaiting();
            revoked = true;
            taken.clear();
            boolean wasPaused = paused;
            paused = false;
            return wasPaused;
        }

        synchronized int size() {
            return taken.size();
        }
    }
}
