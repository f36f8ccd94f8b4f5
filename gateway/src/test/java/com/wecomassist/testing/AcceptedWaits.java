package com.wecomassist.testing;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * The waits BlockHound may accept, each for a stated reason; everything else it reports fails the
 * test. Drawing from SecureRandom: on Linux the JDK reads /dev/urandom, which never waits once the
 * kernel's pool is initialised (long before a server starts). Lettuce's SharedLock: a command
 * parks only while its connection's endpoint is held exclusively for a moment (activation or
 * reconnect), which Lettuce's own reactive API accepts by design. Spring Data Redis's shared
 * connection: every command takes a lock just to read the connection, which is opened before
 * traffic (ClusterConfiguration in the gateway, RedisTestServer in tests), so the lock is only
 * ever contended for that read, never held across a connect on an event loop.
 */
public class AcceptedWaits implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("java.security.SecureRandom", "nextBytes");
        builder.allowBlockingCallsInside("java.util.UUID", "randomUUID");
        builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "incrementWriters");
        builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "lockWritersExclusive");
        builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "decrementWriters");
        builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "doExclusive");
        builder.allowBlockingCallsInside(
                "org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory$SharedConnection",
                "getConnection");
        // the same read of the already open shared connection, through the factory's own lock
        // (seen with 50 concurrent updates on parallel threads in ConversationStoreContractTest)
        builder.allowBlockingCallsInside(
                "org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory",
                "getOrCreateSharedReactiveConnection");
        // resilience4j 2.x guards the circuit breaker's sliding window (a few counters) with a
        // ReentrantLock held for an array update; under contention the lock parks for microseconds
        // (seen with 40 concurrent LLM drafts completing on two event loops in LlmDrafterTest)
        for (String window : new String[] {"io.github.resilience4j.core.metrics.FixedSizeSlidingWindowMetrics",
                "io.github.resilience4j.core.metrics.SlidingTimeWindowMetrics"}) {
            builder.allowBlockingCallsInside(window, "record");
            builder.allowBlockingCallsInside(window, "getSnapshot");
        }
        // a Kafka listener's acknowledgement made off the consumer thread (cluster.InOrderAcks, as Spring
        // Kafka's own async acks did) goes on the container's unbounded LinkedBlockingQueue for the consumer
        // thread to commit; put never waits for room, only for another thread's put of the same moment
        builder.allowBlockingCallsInside("org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer",
                "processAck");
        // Jackson builds a type's deserializer once, under a lock, and caches it; two event loops
        // reading their first answer of the same type at the same instant wait for each other that
        // once (seen with 40 concurrent LLM drafts in LlmDrafterTest); every later read is lock-free
        builder.allowBlockingCallsInside("tools.jackson.databind.deser.DeserializerCache",
                "_createAndCacheValueDeserializer");
        // Cancelling a periodic task (Flux.interval: a console live stream's session check, ended when the
        // page closes) takes it out of its executor's queue under the queue's lock, held by the
        // scheduler's thread for a moment while it takes or adds a task. Reactor accepts this for its
        // one-shot tasks (SchedulerTask, WorkerTask) but not the periodic ones. Thrown on an event loop
        // it broke that loop's connection handling mid-cancel: the suite then stalled under load with
        // requests never answered (IntervalCancelOnEventLoopTest reproduces the park in seconds).
        for (String periodic : new String[] {"reactor.core.scheduler.PeriodicWorkerTask",
                "reactor.core.scheduler.InstantPeriodicWorkerTask", "reactor.core.scheduler.PeriodicSchedulerTask"}) {
            builder.allowBlockingCallsInside(periodic, "dispose");
        }
    }
}
