package com.wecomassist.reply;

import com.wecomassist.inbound.InboundMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Notices when a customer writes several lines in a row, so that the pipeline answers the last
 * line (with the earlier ones as context) instead of each. It remembers the latest line that
 * arrived per conversation, on this instance: in cluster mode one conversation's messages all go to
 * the same consumer (one partition per key), so the instance handling a line also saw the later
 * ones arrive.
 */
final class BurstWatch {

    private record Arrival(String messageId, Instant sentAt, long atNanos) {
    }

    private final ConcurrentMap<String, Arrival> latest = new ConcurrentHashMap<>();
    private final Duration quietPeriod;

    BurstWatch(Duration quietPeriod) {
        this.quietPeriod = quietPeriod;
    }

    /**
     * A line sent before the latest one is a redelivered copy (intake is at least once, and a
     * conversation's lines arrive in the order they were sent): it does not become the latest, else
     * the real latest line would be folded into a copy that the reply flow then drops.
     */
    void arrived(InboundMessage message) {
        if (message.fromPersonBeingServed()) {
            latest.compute(message.conversation().id(), (id, current) ->
                    current != null && message.sentAt().isBefore(current.sentAt()) ? current
                            : new Arrival(message.messageId(), message.sentAt(), System.nanoTime()));
        }
    }

    /** How long to wait before answering this message: until it has been the latest for the quiet period. */
    Duration waitBeforeAnswering(InboundMessage message) {
        Arrival arrival = latest.get(message.conversation().id());
        if (arrival == null || !arrival.messageId().equals(message.messageId())) {
            return Duration.ZERO;
        }
        long left = arrival.atNanos() + quietPeriod.toNanos() - System.nanoTime();
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }

    /** True when a newer line of the same conversation arrived after this one: that one will answer. */
    boolean supersededAfter(InboundMessage message) {
        Arrival arrival = latest.get(message.conversation().id());
        return arrival != null && !arrival.messageId().equals(message.messageId());
    }

    /**
     * This line's handling ended, whichever way (answered, folded into a later line, too old, without
     * words, failed): if it is still the latest, forget the conversation, so that the map stays as
     * small as the work in flight. A later line's entry stays for that line.
     */
    void ended(InboundMessage message) {
        latest.computeIfPresent(message.conversation().id(),
                (k, arrival) -> arrival.messageId().equals(message.messageId()) ? null : arrival);
    }

    int watching() {
        return latest.size();
    }
}
