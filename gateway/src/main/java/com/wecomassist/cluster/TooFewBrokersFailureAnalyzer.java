package com.wecomassist.cluster;

import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A cluster instance whose topics cannot have {@code assist.kafka.replication-factor} copies (the
 * Kafka cluster has fewer brokers) does not start ({@code spring.kafka.admin.fail-fast}); this turns
 * KafkaAdmin's "could not configure topics" into what to do. Registered in META-INF/spring.factories.
 */
final class TooFewBrokersFailureAnalyzer extends AbstractFailureAnalyzer<InvalidReplicationFactorException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidReplicationFactorException cause) {
        return new FailureAnalysis("The gateway's Kafka topics cannot be created with assist.kafka.replication-factor "
                + "copies of each partition: " + cause.getMessage(),
                "Give Kafka at least as many brokers as assist.kafka.replication-factor (default 3), or, for a "
                        + "single-broker development setup only, set assist.kafka.replication-factor=1 "
                        + "(ASSIST_KAFKA_REPLICATION_FACTOR=1).", cause);
    }
}
