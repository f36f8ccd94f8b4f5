package com.wecomassist.cluster;

/**
 * A Kafka listener's work in hand, so that shutdown can wait for it (see {@link DrainBeforeStopping})
 * without the cluster package knowing the features whose listeners they are.
 */
public interface RecordsInHand {

    /** Records taken from the consumer and not yet over (their offsets are not committed yet). */
    int inFlight();

    /** Acknowledges what finished and still waits to be committed (before stopping). */
    default void acknowledgeFinished() {
    }
}
