package com.wecomassist.cluster;

import com.wecomassist.conversation.ConversationLanes;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

/**
 * How the gateway's listeners handle a JSON record of a topic keyed by conversation: read it (a
 * record that is not a {@code T} goes to the dead-letter topic with the reason), run its work one at
 * a time per key (the records of one poll arrive together and are acknowledged out of order, so the
 * order per conversation is kept here, not assumed from the partition), try failed work again with
 * backoff, and dead-letter it after the last attempt. The returned Mono completes when the record
 * may be acknowledged.
 */
public final class OrderedRecords<T> {

    private final Class<T> type;
    private final String what;
    private final JsonMapper json;
    private final DeadLetters deadLetters;
    private final int attempts;
    private final Duration backoff;
    private final ConversationLanes lanes = new ConversationLanes();

    /**
     * @param what how a record of this kind is named in dead-letter reasons ("an inbound message")
     */
    public OrderedRecords(Class<T> type, String what, JsonMapper json, DeadLetters deadLetters, int attempts,
                          Duration backoff) {
        this.type = type;
        this.what = what;
        this.json = json;
        this.deadLetters = deadLetters;
        this.attempts = attempts;
        this.backoff = backoff;
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

    /** Keys with records being handled right now (shutdown waits for them). */
    public int inFlight() {
        return lanes.activeLanes();
    }
}
