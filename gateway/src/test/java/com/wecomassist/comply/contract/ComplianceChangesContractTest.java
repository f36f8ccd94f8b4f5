package com.wecomassist.comply.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.comply.ComplianceChanges;
import com.wecomassist.comply.CompliancePublication;
import com.wecomassist.comply.TaughtExemplar;
import com.wecomassist.comply.memory.InMemoryComplianceChanges;
import com.wecomassist.comply.redis.RedisComplianceChanges;
import com.wecomassist.testing.RedisTestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** The compliance officers' drafts and publication, for the in-memory and the Redis adapter. */
class ComplianceChangesContractTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    static TaughtExemplar exemplar(int n) {
        return new TaughtExemplar("ex-" + n, "亏了算我的，我私下补给您" + n, TaughtExemplar.VIOLATION, "return-promise",
                "《广告法》第二十五条", "私下承诺补偿", "cora", NOW.plusSeconds(n), n % 2 == 0 ? "ai:d-" + n + ":1764000000000" : "");
    }

    static CompliancePublication publication(long number, String yaml, List<TaughtExemplar> exemplars) {
        return new CompliancePublication(number, yaml, exemplars, "bank-default+officer." + number,
                List.of("bank-default@2026.12." + number), "cora", NOW.plusSeconds(100 + number), "季度更新");
    }

    abstract static class Contract {

        abstract ComplianceChanges changes();

        @Test
        void draftExemplarsAreListedOldestFirstAndCanBeDropped() {
            ComplianceChanges changes = changes();
            assertThat(changes.draftExemplars().collectList().block(WAIT)).isEmpty();
            assertThat(changes.draftExemplar(exemplar(3)).block(WAIT)).isTrue();
            assertThat(changes.draftExemplar(exemplar(1)).block(WAIT)).isTrue();
            assertThat(changes.draftExemplar(exemplar(2)).block(WAIT)).isTrue();
            assertThat(changes.draftExemplars().collectList().block(WAIT))
                    .containsExactly(exemplar(1), exemplar(2), exemplar(3));

            assertThat(changes.dropExemplar("ex-2").block(WAIT)).isTrue();
            assertThat(changes.dropExemplar("ex-2").block(WAIT)).isFalse();
            assertThat(changes.draftExemplars().collectList().block(WAIT)).containsExactly(exemplar(1), exemplar(3));
        }

        @Test
        void aDraftHoldsAtMostItsLimitEvenWhenWrittenConcurrently() {
            ComplianceChanges changes = changes();
            List<Boolean> added = Flux.range(0, ComplianceChanges.MAX_DRAFT_EXEMPLARS + 20)
                    .flatMap(i -> changes.draftExemplar(exemplar(i)), 16).collectList().block(WAIT);
            assertThat(added.stream().filter(a -> a).count()).isEqualTo(ComplianceChanges.MAX_DRAFT_EXEMPLARS);
            assertThat(changes.draftExemplars().count().block(WAIT)).isEqualTo(ComplianceChanges.MAX_DRAFT_EXEMPLARS);
            // replacing one already drafted is not an addition
            String id = changes.draftExemplars().blockFirst(WAIT).id();
            TaughtExemplar again = new TaughtExemplar(id, "改为合规", TaughtExemplar.CLEAN, "return-promise", "", "",
                    "cora", NOW, "");
            assertThat(changes.draftExemplar(again).block(WAIT)).isTrue();
        }

        @Test
        void theDraftPackIsKeptReplacedAndDropped() {
            ComplianceChanges changes = changes();
            assertThat(changes.draftedPack().block(WAIT)).isNull();
            assertThat(changes.dropPack().block(WAIT)).isFalse();
            changes.draftPack("pack: bank-default\nversion: \"1\"\n").block(WAIT);
            changes.draftPack("pack: bank-default\nversion: \"2\"\n").block(WAIT);
            assertThat(changes.draftedPack().block(WAIT)).isEqualTo("pack: bank-default\nversion: \"2\"\n");
            assertThat(changes.dropPack().block(WAIT)).isTrue();
            assertThat(changes.draftedPack().block(WAIT)).isNull();
        }

        @Test
        void aPublicationTakesWhatItPublishedOutOfTheDraftAndOnlyOneOfTwoRacingWins() {
            ComplianceChanges changes = changes();
            assertThat(changes.publishedNumber().block(WAIT)).isZero();
            assertThat(changes.published().block(WAIT)).isNull();
            changes.draftExemplar(exemplar(1)).block(WAIT);
            changes.draftExemplar(exemplar(2)).block(WAIT);
            String yaml = "pack: bank-default\nversion: \"2026.12.1\"\n";
            changes.draftPack(yaml).block(WAIT);

            // exemplar 2 was drafted after the measurement: it stays in the draft
            CompliancePublication first = publication(1, yaml, List.of(exemplar(1)));
            assertThat(changes.publish(first, Set.of("ex-1"), yaml).block(WAIT)).isTrue();
            assertThat(changes.publishedNumber().block(WAIT)).isEqualTo(1);
            assertThat(changes.published().block(WAIT)).isEqualTo(first);
            assertThat(changes.draftExemplars().collectList().block(WAIT)).containsExactly(exemplar(2));
            assertThat(changes.draftedPack().block(WAIT)).isNull();

            // two officers measured against publication 1: the second to publish is refused, nothing changes
            changes.draftPack("pack: bank-default\nversion: \"2026.12.3\"\n").block(WAIT);
            CompliancePublication second = publication(2, yaml, List.of(exemplar(1), exemplar(2)));
            assertThat(changes.publish(second, Set.of("ex-2"), "pack: other\n").block(WAIT)).isTrue();
            assertThat(changes.publish(publication(2, "", List.of()), Set.of(), null).block(WAIT)).isFalse();
            assertThat(changes.published().block(WAIT)).isEqualTo(second);
            assertThat(changes.draftExemplars().collectList().block(WAIT)).isEmpty();
            // the draft pack was edited since it was measured: it is not dropped with the publication
            assertThat(changes.draftedPack().block(WAIT)).isEqualTo("pack: bank-default\nversion: \"2026.12.3\"\n");
            assertThat(changes.publish(publication(4, "", List.of()), Set.of(), null).block(WAIT)).isFalse();
            assertThat(changes.publishedNumber().block(WAIT)).isEqualTo(2);
        }
    }

    @Nested
    class InMemory extends Contract {
        final ComplianceChanges changes = new InMemoryComplianceChanges();

        ComplianceChanges changes() { return changes; }
    }

    @Nested
    class OnRedis extends Contract {
        final String prefix = RedisTestServer.freshPrefix();
        final ComplianceChanges changes = new RedisComplianceChanges(RedisTestServer.template(), prefix);

        ComplianceChanges changes() { return changes; }

        /** Another instance (another adapter on the same Redis) sees the publication: what the follower polls. */
        @Test
        void anotherInstanceSeesThePublication() {
            ComplianceChanges other = new RedisComplianceChanges(RedisTestServer.template(), prefix);
            CompliancePublication first = publication(1, "", List.of(exemplar(1)));
            assertThat(changes.publish(first, Set.of(), null).block(WAIT)).isTrue();
            assertThat(other.publishedNumber().block(WAIT)).isEqualTo(1);
            assertThat(other.published().block(WAIT)).isEqualTo(first);
        }
    }
}
