package com.wecomassist.comply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.wecomassist.audit.memory.InMemoryAuditTrail;
import com.wecomassist.compliance.ComplianceChecker;
import com.wecomassist.compliance.eval.Part;
import com.wecomassist.compliance.rules.Action;
import com.wecomassist.compliance.rules.TextKind;
import com.wecomassist.comply.redis.RedisComplianceChanges;
import com.wecomassist.error.Refused;
import com.wecomassist.kb.search.EmbeddingModels;
import com.wecomassist.testing.RedisTestServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances of a cluster share one Redis: a publication made on one is put in force on the
 * other when it follows (as its poll does), and on an instance started afterwards (a restart).
 */
class ComplianceGateTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Clock CLOCK = Clock.systemUTC();

    private final String prefix = RedisTestServer.freshPrefix();
    private final List<ComplianceGate> gates = new ArrayList<>();

    /** An instance: its own checker in force, the cluster's Redis. */
    private ComplianceGate instance(ComplianceInForce inForce) {
        ComplianceGate gate = new ComplianceGate(new RedisComplianceChanges(RedisTestServer.template(), prefix), inForce,
                new InMemoryAuditTrail(100, 100, Duration.ofDays(1), CLOCK), EmbeddingModels.bgeSmallZh(),
                () -> ComplianceGateConfiguration.baseExemplars("src/test/resources/compliance/exemplars.jsonl"),
                () -> new ComplianceGate.RegressionSet(
                        ComplianceGateConfiguration.rows("src/test/resources/compliance/tune.jsonl", Part.TUNE, "tune"),
                        ComplianceGateConfiguration.rows("src/test/resources/compliance/held-back.jsonl", Part.HELD_BACK,
                                "held-back")), 0.01, true, CLOCK);
        gates.add(gate);
        return gate;
    }

    @AfterEach
    void close() {
        gates.forEach(ComplianceGate::close);
    }

    @Test
    void aPublicationOnOneInstanceIsFollowedByAnotherAndByOneStartedLater() {
        ComplianceInForce here = new ComplianceInForce(ComplianceChecker.bankDefault());
        ComplianceInForce there = new ComplianceInForce(ComplianceChecker.bankDefault());
        ComplianceGate gate = instance(here);
        ComplianceGate other = instance(there);
        ComplianceChanges changes = new RedisComplianceChanges(RedisTestServer.template(), prefix);
        String rude = TeachingControllerTest.RUDE.get(2);
        int n = 0;
        for (String text : TeachingControllerTest.RUDE) {
            changes.draftExemplar(new TaughtExemplar("ex-" + n++, text, TaughtExemplar.VIOLATION, "abusive-language",
                    "", "辱骂", "cora", Instant.now(), "")).block(WAIT);
        }
        assertThat(other.follow().block(WAIT)).isFalse();

        // publishing before a measurement is refused
        assertThatThrownBy(() -> gate.publish("cora", null, "")).isInstanceOf(Refused.class)
                .extracting(e -> ((Refused) e).reason()).isEqualTo("NOT_MEASURED");
        ComplianceGate.Run run = gate.measure("cora").block(WAIT);
        await().atMost(Duration.ofMinutes(2)).until(() -> run.state() != ComplianceGate.State.RUNNING);
        assertThat(run.state()).isEqualTo(ComplianceGate.State.DONE);
        ComplianceGate.Published published = gate.publish("cora", run.id(), "教会辱骂类").block(WAIT);
        assertThat(published.publication().number()).isEqualTo(1);
        assertThat(here.checker().check(rude, TextKind.AGENT_REPLY).action()).isNotEqualTo(Action.PASS);

        // the other instance still has its own until it follows
        assertThat(there.checker().check(rude, TextKind.AGENT_REPLY).action()).isEqualTo(Action.PASS);
        assertThat(other.follow().block(WAIT)).isTrue();
        assertThat(other.applied().orElseThrow().number()).isEqualTo(1);
        assertThat(other.applied().orElseThrow().reason()).isEqualTo("教会辱骂类");
        assertThat(there.checker().check(rude, TextKind.AGENT_REPLY).action()).isNotEqualTo(Action.PASS);
        assertThat(there.checker().semanticLayer().orElseThrow().exemplars().version())
                .isEqualTo(published.publication().exemplarVersion());
        assertThat(other.follow().block(WAIT)).isFalse();

        // restarted: a new instance starts from the shipped checker and follows to the publication
        ComplianceInForce restarted = new ComplianceInForce(ComplianceChecker.bankDefault());
        ComplianceGate later = instance(restarted);
        assertThat(later.follow().block(WAIT)).isTrue();
        assertThat(restarted.checker().check(rude, TextKind.AGENT_REPLY).action()).isNotEqualTo(Action.PASS);

        // the polling follower does it by itself
        ComplianceInForce polled = new ComplianceInForce(ComplianceChecker.bankDefault());
        instance(polled).startFollowing(Duration.ofMillis(200));
        await().atMost(WAIT).until(() -> polled.checker().semanticLayer().isPresent());
    }

    @Test
    void aTextMarkedAgainReplacesItsPublishedMark() {
        Instant at = Instant.parse("2026-12-06T10:00:00Z");
        TaughtExemplar published = new TaughtExemplar("ex-1", "这款产品很稳", TaughtExemplar.VIOLATION, "return-promise",
                "", "", "cora", at, "");
        TaughtExemplar kept = new TaughtExemplar("ex-2", "爱买不买", TaughtExemplar.VIOLATION, "abusive-language",
                "", "", "cora", at, "");
        TaughtExemplar remarked = new TaughtExemplar("ex-3", "这款产品很稳", TaughtExemplar.CLEAN, "return-promise",
                "", "仅描述历史波动小", "cora", at.plusSeconds(60), "");
        CompliancePublication base = new CompliancePublication(1, "", List.of(published, kept), "v+officers.1",
                List.of(), "cora", at, "");
        assertThat(ComplianceGate.officers(new ComplianceGate.Candidate(List.of(remarked), null, base)))
                .containsExactly(kept, remarked);
        assertThat(ComplianceGate.officers(new ComplianceGate.Candidate(List.of(remarked), null, null)))
                .containsExactly(remarked);
    }

    /** The gate reports progress a slice of rows at a time: the slices' figures must add up to the whole's. */
    @Test
    void figuresMeasuredInSlicesAddUpToTheWhole() {
        ComplianceChecker rules = ComplianceChecker.bankDefault();
        List<com.wecomassist.compliance.eval.LabelledText> rows =
                com.wecomassist.compliance.eval.LabelledSet.bankDefault(Part.HELD_BACK).rows();
        com.wecomassist.compliance.eval.EvaluationReport whole =
                com.wecomassist.compliance.eval.ComplianceEvaluation.run(rules, rows);
        List<com.wecomassist.compliance.eval.EvaluationReport> slices = new ArrayList<>();
        for (int i = 0; i < rows.size(); i += 37) {
            slices.add(com.wecomassist.compliance.eval.ComplianceEvaluation.run(rules,
                    rows.subList(i, Math.min(rows.size(), i + 37))));
        }
        com.wecomassist.compliance.eval.EvaluationReport summed = ComplianceGate.sum(slices);
        assertThat(summed.violations()).isEqualTo(whole.violations()).isPositive();
        assertThat(summed.clean()).isEqualTo(whole.clean()).isPositive();
        assertThat(summed.recall()).isCloseTo(whole.recall(), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(summed.cleanPass()).isCloseTo(whole.cleanPass(), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(summed.perCategory()).isEqualTo(whole.perCategory());
        assertThat(summed.confusion()).isEqualTo(whole.confusion());
        assertThat(summed.decidedBy()).isEqualTo(whole.decidedBy());
        assertThat(summed.misses()).containsExactlyInAnyOrderElementsOf(whole.misses());
    }
}
