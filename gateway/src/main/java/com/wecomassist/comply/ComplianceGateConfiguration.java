package com.wecomassist.comply;

import com.wecomassist.AssistProperties;
import com.wecomassist.ConditionalOnAssistMode;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.compliance.eval.LabelledSet;
import com.wecomassist.compliance.eval.Part;
import com.wecomassist.compliance.semantic.ExemplarSet;
import com.wecomassist.comply.memory.InMemoryComplianceChanges;
import com.wecomassist.comply.redis.RedisComplianceChanges;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * The compliance officers' teaching and its publish gate: where drafts and the publication are kept
 * (memory in the embedded mode, Redis in a cluster), the labelled rows a change is measured on, and
 * the gate, which at startup puts the latest publication in force before the gateway serves and
 * then polls for publications made on other instances.
 */
@Configuration(proxyBeanMethods = false)
class ComplianceGateConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ComplianceGateConfiguration.class);
    /** Longest wait at startup for the latest publication to be read and built. */
    private static final Duration STARTUP_FOLLOW = Duration.ofMinutes(2);

    @Bean(destroyMethod = "close")
    ComplianceGate complianceGate(ComplianceChanges changes, ComplianceInForce inForce, AuditTrail audit,
                                  EmbeddingModel embeddingModel, ComplianceProperties settings, Clock clock) {
        ComplianceProperties.Regression regression = settings.regression();
        ComplianceGate gate = new ComplianceGate(changes, inForce, audit, embeddingModel,
                () -> baseExemplars(settings.exemplars()),
                () -> new ComplianceGate.RegressionSet(rows(regression.tune(), Part.TUNE, "tune"),
                        rows(regression.heldBack(), Part.HELD_BACK, "held-back")),
                // the layers of the checker in force: with the semantic layer unless it is turned off
                regression.maxDrop(), settings.semantic().enabled(), clock);
        try {
            // on the starting thread, never an event loop: the gateway starts with what was published
            if (Boolean.TRUE.equals(gate.follow().block(STARTUP_FOLLOW))) {
                log.info("compliance: publication {} put in force at startup",
                        gate.applied().map(CompliancePublication::number).orElse(0L));
            }
        } catch (RuntimeException e) {
            // Not fatal: the poll below tries again; until then the shipped checker (the previous one) is in force.
            log.error("compliance: the latest publication could not be put in force at startup; the shipped rule "
                    + "pack and exemplars are in force until it can: {}", e.toString());
        }
        gate.startFollowing(settings.publicationPoll());
        log.info("compliance publish gate: recall and clean pass may drop by {} before publishing needs a reason; "
                + "publications followed every {}", regression.maxDrop(), readable(settings.publicationPoll()));
        return gate;
    }

    /** As the setting is written (5s, 100ms), not Duration's PT5S. */
    private static String readable(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? DurationStyle.SIMPLE.print(duration, ChronoUnit.SECONDS)
                : DurationStyle.SIMPLE.print(duration);
    }

    /** The configured exemplars, or the shipped ones. */
    static ExemplarSet baseExemplars(String file) {
        if (file.isEmpty()) {
            return ExemplarSet.bankDefault();
        }
        try (Reader in = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            return ExemplarSet.readJsonl(in, Path.of(file).getFileName().toString());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("assist.compliance.exemplars=" + file + ": " + e.getMessage(), e);
        }
    }

    /** The configured labelled rows (a JSONL file or a directory of them), or the shipped part. */
    static List<com.wecomassist.compliance.eval.LabelledText> rows(String file, Part part, String setting) {
        if (file.isEmpty()) {
            return LabelledSet.bankDefault(part).rows();
        }
        try {
            return LabelledSet.read(Path.of(file)).rows();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("assist.compliance.regression." + setting + "=" + file + ": "
                    + e.getMessage(), e);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnAssistMode(AssistProperties.Mode.EMBEDDED)
    static class Embedded {

        @Bean
        ComplianceChanges complianceChanges() {
            return new InMemoryComplianceChanges();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnAssistMode(AssistProperties.Mode.CLUSTER)
    static class Cluster {

        @Bean
        ComplianceChanges complianceChanges(ReactiveStringRedisTemplate redis, AssistProperties assist) {
            return new RedisComplianceChanges(redis, assist.keyPrefix());
        }
    }
}
