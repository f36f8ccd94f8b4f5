package com.wecomassist.cluster;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/**
 * On shutdown, before the Kafka consumers, Redis and the web client go away: stop taking new
 * records (pause every listener container), let the records in hand finish (up to a limit), so
 * their offsets are committed, and only then let the rest stop. A rolling restart thus neither
 * drops the work in hand nor leaves it half done for another instance to repeat; what was not yet
 * taken stays on the topics for the instances that remain.
 */
class DrainBeforeStopping implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DrainBeforeStopping.class);

    private final KafkaListenerEndpointRegistry containers;
    private final List<RecordsInHand> listeners;
    private final Duration limit;
    private volatile boolean running;

    DrainBeforeStopping(KafkaListenerEndpointRegistry containers, List<RecordsInHand> listeners, Duration limit) {
        this.containers = containers;
        this.listeners = List.copyOf(listeners);
        this.limit = limit;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        containers.getListenerContainers().forEach(container -> container.pause());
        long deadline = System.nanoTime() + limit.toNanos();
        // runs on the closing thread, never on an event loop
        while (inFlight() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        // what finished and waited for the commit interval is committed as the containers stop
        listeners.forEach(RecordsInHand::acknowledgeFinished);
        int left = inFlight();
        if (left > 0) {
            log.warn("stopping with {} records still in hand; they and the later records of their partitions were "
                    + "not acknowledged and go to another instance", left);
        } else {
            log.info("drained: no record in hand");
        }
    }

    private int inFlight() {
        return listeners.stream().mapToInt(RecordsInHand::inFlight).sum();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops first: before the listener containers (whose phase is lower) and everything they use. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
