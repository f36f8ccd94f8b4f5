package com.wecomassist.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wecomassist.AssistApplication;
import com.wecomassist.testing.OwnNettyResources;
import com.wecomassist.kb.entry.Entry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/** The knowledge base on disk: seeded once, kept across restarts; bad settings stop the gateway. */
@ExtendWith(OutputCaptureExtension.class)
class KnowledgeConfigurationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static ConfigurableApplicationContext start(String... properties) {
        return new SpringApplicationBuilder(AssistApplication.class, OwnNettyResources.class).run(Stream.concat(Stream.of("server.port=0"),
                Arrays.stream(properties)).map(p -> "--" + p).toArray(String[]::new));
    }

    @Test
    void aKnowledgeBaseOnDiskIsSeededOnceAndKeptAcrossRestarts(@TempDir Path dir) {
        try (ConfigurableApplicationContext gateway = start("assist.kb.dir=" + dir)) {
            KnowledgeCuration kb = gateway.getBean(KnowledgeCuration.class);
            assertThat(kb.read(base -> base.entries().size()).block(WAIT)).isEqualTo(89);
            kb.edit("alice", "create", "disk-1", base -> base.create(Entry.draft("disk-1", "问题？", "答案。"), "alice"))
                    .block(WAIT);
            // every edit is in the audit trail
            assertThat(gateway.getBean(io.micrometer.core.instrument.MeterRegistry.class)
                    .find("assist.audit.events").tag("type", "KB_CHANGED").counter().count()).isEqualTo(1);
        }
        assertThat(Files.exists(dir.resolve("entries.journal"))).isTrue();
        try (ConfigurableApplicationContext gateway = start("assist.kb.dir=" + dir)) {
            KnowledgeCuration kb = gateway.getBean(KnowledgeCuration.class);
            // not seeded again: the sample's 89 and the draft saved before the restart
            assertThat(kb.read(base -> base.entries().size()).block(WAIT)).isEqualTo(90);
            assertThat(kb.read(base -> base.latest("disk-1").orElseThrow().updatedBy()).block(WAIT)).isEqualTo("alice");
        }
    }

    @Test
    void withoutSeedingAnEmptyKnowledgeBaseStaysEmpty() {
        try (ConfigurableApplicationContext gateway = start("assist.kb.seed-sample=false")) {
            KnowledgeCuration kb = gateway.getBean(KnowledgeCuration.class);
            assertThat(kb.read(base -> base.entries().size()).block(WAIT)).isZero();
        }
    }

    @Test
    void aRepeatedQuestionIsAnsweredFromRememberedResultsAndCounted() throws InterruptedException {
        try (ConfigurableApplicationContext gateway = start("assist.kb.dir=")) {
            KnowledgeCuration kb = gateway.getBean(KnowledgeCuration.class);
            io.micrometer.core.instrument.MeterRegistry meters =
                    gateway.getBean(io.micrometer.core.instrument.MeterRegistry.class);
            io.micrometer.core.instrument.FunctionCounter remembered =
                    meters.find("assist.kb.search_results").tag("result", "remembered").functionCounter();
            io.micrometer.core.instrument.FunctionCounter searched =
                    meters.find("assist.kb.search_results").tag("result", "searched").functionCounter();
            double rememberedBefore = remembered.count();
            double searchedBefore = searched.count();
            // a question nothing at startup asks (a warm-up may search)
            String question = "信用卡怎么还款 " + System.nanoTime();
            String first = kb.read(base -> base.search(question, 3).top().orElseThrow().entry().id()).block(WAIT);
            String again = kb.read(base -> base.search(question, 3).top().orElseThrow().entry().id()).block(WAIT);
            assertThat(again).isEqualTo(first);
            assertThat(remembered.count() - rememberedBefore).isEqualTo(1);
            assertThat(searched.count() - searchedBefore).isEqualTo(1);

            // assist.kb.query-adapter=auto by default: the sample's 268 phrasings are under the floor, so the
            // background check keeps the identity (and so the remembered results)
            QueryAdapterRefits refits = gateway.getBean(QueryAdapterRefits.class);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (refits.checks() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(refits.checks()).isPositive();
            assertThat(refits.fits()).isZero();
            assertThat(kb.read(base -> base.queryAdapter().isIdentity()).block(WAIT)).isTrue();
        }
    }

    /**
     * assist.kb.shared-map (on by default, off in the other tests): the sample is under the query adapter's
     * floor, so a shared map is fitted and a mapped index swapped in; a restart searches through the stored
     * map at once, and one that cannot be read leaves the identity with a log line saying why.
     */
    @Test
    void theSharedMapIsFittedKeptAcrossRestartsAndAnUnreadableOneFallsBackToTheIdentity(@TempDir Path dir,
            CapturedOutput output) throws Exception {
        String fingerprint;
        try (ConfigurableApplicationContext gateway = start("assist.kb.dir=" + dir, "assist.kb.shared-map=true")) {
            QueryAdapterRefits refits = gateway.getBean(QueryAdapterRefits.class);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (refits.sharedFits() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            KnowledgeCuration kb = gateway.getBean(KnowledgeCuration.class);
            fingerprint = kb.read(base -> base.sharedMap().fingerprint()).block(WAIT);
            assertThat(fingerprint).isNotEqualTo("identity");
            assertThat(kb.read(base -> base.search("信用卡怎么还款", 3).top().isPresent()).block(WAIT)).isTrue();
        }
        assertThat(Files.isDirectory(dir.resolve("index-" + fingerprint))).isTrue();
        try (ConfigurableApplicationContext gateway = start("assist.kb.dir=" + dir, "assist.kb.shared-map=true")) {
            KnowledgeCuration kb = gateway.getBean(KnowledgeCuration.class);
            assertThat(kb.read(base -> base.sharedMap().fingerprint()).block(WAIT)).isEqualTo(fingerprint);
            assertThat(output.getOut()).contains("searching through the shared map stored with it (" + fingerprint + ")");
        }
        Files.writeString(dir.resolve("shared-map.bin"), "damaged");
        try (ConfigurableApplicationContext gateway = start("assist.kb.dir=" + dir, "assist.kb.shared-map=false")) {
            KnowledgeCuration kb = gateway.getBean(KnowledgeCuration.class);
            assertThat(kb.read(base -> base.sharedMap().isIdentity()).block(WAIT)).isTrue();
            assertThat(kb.read(base -> base.search("信用卡怎么还款", 3).top().isPresent()).block(WAIT)).isTrue();
            assertThat(output.getOut()).contains("cannot read the shared map").contains("searching with the identity");
        }
    }

    @Test
    void badSettingsAreRefusedWithTheirName() {
        assertThatThrownBy(() -> start("assist.kb.search-result-cache=-1").close())
                .hasStackTraceContaining("assist.kb.search-result-cache must be within 0..1000000");
        assertThatThrownBy(() -> start("assist.kb.top-k=0").close())
                .hasStackTraceContaining("assist.kb.top-k must be within 1..50, not 0");
        assertThatThrownBy(() -> start("assist.kb.search-threads=0").close())
                .hasStackTraceContaining("assist.kb.search-threads must be at least 1");
        assertThatThrownBy(() -> start("assist.kb.search-queue=-1").close())
                .hasStackTraceContaining("assist.kb.search-queue must be at least 1");
        assertThatThrownBy(() -> start("assist.kb.query-adapter=/no/such/query-adapter.bin").close())
                .hasStackTraceContaining("assist.kb.query-adapter=/no/such/query-adapter.bin: no such file");
        assertThatThrownBy(() -> start("assist.kb.query-adapter-refit-interval=0s").close())
                .hasStackTraceContaining("assist.kb.query-adapter-refit-interval must be at least 1ms");
        assertThatThrownBy(() -> start("assist.kb.serach-threads=2").close())
                .hasStackTraceContaining("serach-threads");
    }
}
