package com.wecomassist.cluster;

import com.wecomassist.conversation.ConversationLanes;
import java.time.Duration;
import java.util.Collection;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.support.Acknowledgment;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

/**
 * How the gateway's listeners handle a JSON record of a topic keyed by conversation: read it (a
 * record that is not a {@code T} goes to the dead-letter topic with the reason), run its work one at
 * a time per key (the listener takes records without waiting for earlier ones to finish, so the
 * order per conversation is kept here, not by the partition), try failed work again with backoff,
 * and dead-letter it after the last attempt. {@link #take} returns at once and acknowledges the
 * record through {@link InOrderAcks} when it is over; {@link #handle} gives the Mono of that work.
 */
public final class OrderedRecords<T> {

    private static final Logger log = LoggerFactory.getLogger(OrderedRecords.class);

    private final Class<T> type;
    private final String what;
    private final JsonMapper json;
    private final DeadLetters deadLetters;
    private final int attempts;
    private final Duration backoff;
    private final InOrderAcks acks;
    private final ConversationLanes lanes = new ConversationLanes();

    /**
     * @param what how a record of this kind is named in dead-letter reasons ("an inbound message")
     * @param acks acknowledges the records taken, in offset order per partition
     */
    public OrderedRecords(Class<T> type, String what, JsonMapper json, DeadLetters deadLetters, int attempts,
                          Duration backoff, InOrderAcks acks) {
        this.type = type;
        this.what = what;
        this.json = json;
        this.deadLetters = deadLetters;
        this.attempts = attempts;
        this.backoff = backoff;
        this.acks = acks;
    }

    /**
     * Takes a record the consumer delivered (on its thread) and returns at once, so that the consumer
     * goes on polling: the record is handled as {@link #handle} does, and acknowledged when that is
     * over, whichever way. Work whose dead letter could not be written either (Kafka refused it for
     * the producer's whole delivery timeout) is logged and acknowledged all the same: holding its
     * offset back would stop its partition's commits, and then the partition, for good.
     */
    public void take(ConsumerRecord<String, String> record, Acknowledgment acknowledgment, Function<T, String> key,
                     Consumer<T> arrived, Function<T, Mono<Void>> work, BiFunction<T, Throwable, Mono<Void>> gaveUp) {
        InOrderAcks.Taken taken = acks.taken(record, acknowledgment);
        Mono<Void> handled;
        try {
            handled = handle(record, key, arrived, work, gaveUp);
        } catch (RuntimeException e) {
            // nothing may escape to the container, whose error handler would deliver the record again
            handled = Mono.error(e);
        }
        handled.doFinally(signal -> taken.finished())
                .subscribe(null, e -> log.error("record {}-{}@{} was neither handled nor dead-lettered; acknowledged "
                        + "so that its partition goes on: {}", record.topic(), record.partition(), record.offset(),
                        e.toString()));
    }

    /**
     * @param key     the record value's ordering key (its conversation)
     * @param arrived told at once, before the work waits for its turn
     * @param work    what to do with it
     */
    public Mono<Void> handle(ConsumerRecord<String, String> record, Function<T, String> key, Consumer<T> arrived,
                             Function<T, Mono<Void>> work) {
        return handle(record, key, arrived, work, (value, failure) -> Mono.empty());
    }

    /**
     * @param gaveUp what to do besides dead-lettering when the last attempt failed (the value and the
     *               last failure); its own failure does not keep the record from the dead-letter topic
     */
    public Mono<Void> handle(ConsumerRecord<String, String> record, Function<T, String> key, Consumer<T> arrived,
                             Function<T, Mono<Void>> work, BiFunction<T, Throwable, Mono<Void>> gaveUp) {
        T value;
        try {
            value = json.readValue(record.value(), type);
        } catch (RuntimeException e) {
            return deadLetters.send(record, "not " + what + ": " + e.getMessage());
        }
        arrived.accept(value);
        return lanes.submit(key.apply(value), () -> Mono.defer(() -> work.apply(value))
                        .retryWhen(Retry.backoff(attempts - 1L, backoff).jitter(0.5)))
                .onErrorResume(e -> gaveUp.apply(value, e.getCause() != null ? e.getCause() : e)
                        .onErrorResume(alsoFailed -> Mono.empty())
                        .then(deadLetters.send(record, "failed " + attempts + " times: "
                                + (e.getCause() != null ? e.getCause() : e))));
    }

    /** Records taken and not yet over (shutdown waits for them). */
    public int inFlight() {
        return acks.inFlight();
    }

    /** Acknowledges now what finished and waits for the commit interval (before stopping). */
    public void acknowledgeFinished() {
        acks.acknowledgeFinished();
    }

    /** Partitions this consumer no longer owns: what is still in flight of them acknowledges nothing. */
    public void revoked(Collection<TopicPartition> partitions) {
        acks.revoked(partitions);
    }
}
