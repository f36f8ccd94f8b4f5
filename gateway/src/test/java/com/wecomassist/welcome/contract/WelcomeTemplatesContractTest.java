package com.wecomassist.welcome.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.testing.RedisTestServer;
import com.wecomassist.welcome.Publication;
import com.wecomassist.welcome.TemplateVersion;
import com.wecomassist.welcome.WelcomeKey;
import com.wecomassist.welcome.WelcomeTemplates;
import com.wecomassist.welcome.memory.InMemoryWelcomeTemplates;
import com.wecomassist.welcome.redis.RedisWelcomeTemplates;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** The welcome templates' versions and publications, for the in-memory and the Redis adapter. */
class WelcomeTemplatesContractTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant NOW = Instant.parse("2026-12-07T01:00:00Z");
    private static final WelcomeKey BRANCH = WelcomeKey.contact("branch01", WelcomeKey.ANY);
    private static final WelcomeKey MANAGERS = WelcomeKey.contact(WelcomeKey.ANY, "account-manager");

    abstract static class Contract {

        abstract WelcomeTemplates templates();

        @Test
        void draftsAreNumberedPerKeyAndKeptOldestFirst() {
            WelcomeTemplates t = templates();
            assertThat(t.versions(BRANCH).collectList().block(WAIT)).isEmpty();
            assertThat(t.draft(BRANCH, "您好一", "ed", NOW).block(WAIT).version()).isEqualTo(1);
            assertThat(t.draft(BRANCH, "您好二", "alice", NOW.plusSeconds(1)).block(WAIT).version()).isEqualTo(2);
            assertThat(t.draft(MANAGERS, "经理好", "ed", NOW).block(WAIT).version()).isEqualTo(1);

            assertThat(t.versions(BRANCH).collectList().block(WAIT)).containsExactly(
                    new TemplateVersion(BRANCH, 1, "您好一", "ed", NOW),
                    new TemplateVersion(BRANCH, 2, "您好二", "alice", NOW.plusSeconds(1)));
            assertThat(t.version(BRANCH, 2).block(WAIT).text()).isEqualTo("您好二");
            assertThat(t.version(BRANCH, 3).block(WAIT)).isNull();
            assertThat(t.keys().collectList().block(WAIT)).containsExactlyInAnyOrder(BRANCH, MANAGERS);
        }

        @Test
        void concurrentDraftsGetDistinctVersions() {
            WelcomeTemplates t = templates();
            List<Long> versions = Flux.range(0, 40).flatMap(i -> t.draft(BRANCH, "v" + i, "ed", NOW), 8)
                    .map(TemplateVersion::version).collectList().block(WAIT);
            assertThat(versions).doesNotHaveDuplicates().hasSize(40);
            assertThat(t.versions(BRANCH).count().block(WAIT)).isEqualTo(40);
        }

        @Test
        void aPublicationWinsOnlyOverTheVersionItExpectedAndEveryOneIsKept() {
            WelcomeTemplates t = templates();
            assertThat(t.publicationCount().block(WAIT)).isZero();
            Publication first = new Publication(BRANCH, 1, "您好一", "ed", "alice", NOW);
            Publication second = new Publication(BRANCH, 2, "您好二", "ed", "alice", NOW.plusSeconds(5));

            assertThat(t.publish(first, 0).block(WAIT)).isTrue();
            assertThat(t.publish(first, 0).block(WAIT)).as("someone published since").isFalse();
            assertThat(t.publish(second, 1).block(WAIT)).isTrue();
            assertThat(t.publish(new Publication(MANAGERS, 1, "经理好", "ed", "bob", NOW), 0).block(WAIT)).isTrue();

            assertThat(t.published().collectList().block(WAIT)).containsExactlyInAnyOrder(second,
                    new Publication(MANAGERS, 1, "经理好", "ed", "bob", NOW));
            assertThat(t.publications(BRANCH).collectList().block(WAIT)).containsExactly(first, second);
            assertThat(t.publicationCount().block(WAIT)).isEqualTo(3);
        }

        @Test
        void twoReviewersPublishingAtOnceCannotBothWin() {
            WelcomeTemplates t = templates();
            List<Boolean> won = Flux.range(0, 10)
                    .flatMap(i -> t.publish(new Publication(BRANCH, i + 1, "v" + i, "ed", "r" + i, NOW), 0), 10)
                    .collectList().block(WAIT);
            assertThat(won.stream().filter(w -> w).count()).isEqualTo(1);
            assertThat(t.publications(BRANCH).count().block(WAIT)).isEqualTo(1);
        }
    }

    @Nested
    class InMemory extends Contract {
        final WelcomeTemplates templates = new InMemoryWelcomeTemplates();

        @Override
        WelcomeTemplates templates() {
            return templates;
        }
    }

    @Nested
    class OnRedis extends Contract {
        final String prefix = RedisTestServer.freshPrefix();
        final WelcomeTemplates templates = new RedisWelcomeTemplates(RedisTestServer.template(), prefix);

        @Override
        WelcomeTemplates templates() {
            return templates;
        }

        @Test
        void anotherInstanceSeesWhatOneWrote() {
            templates.draft(BRANCH, "您好", "ed", NOW).block(WAIT);
            templates.publish(new Publication(BRANCH, 1, "您好", "ed", "alice", NOW), 0).block(WAIT);
            WelcomeTemplates other = new RedisWelcomeTemplates(RedisTestServer.template(), prefix);
            assertThat(other.versions(BRANCH).collectList().block(WAIT)).hasSize(1);
            assertThat(other.published().collectList().block(WAIT)).singleElement()
                    .satisfies(p -> assertThat(p.reviewer()).isEqualTo("alice"));
            assertThat(other.publicationCount().block(WAIT)).isEqualTo(1);
        }
    }
}
