package com.wecomassist.knowledge.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.kb.KnowledgeBase;
import com.wecomassist.kb.entry.Entry;
import com.wecomassist.kb.search.EmbeddingModels;
import com.wecomassist.kb.search.SearchSettings;
import com.wecomassist.knowledge.KnowledgeBaseAccess;
import com.wecomassist.audit.memory.InMemoryAuditTrail;
import com.wecomassist.knowledge.KnowledgeCuration;
import com.wecomassist.knowledge.TestCuration;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

/**
 * An edit whose change Kafka does not acknowledge (here: no broker listens where the producer
 * points) is saved and served on this instance, reported as not replicated, and kept for resending.
 */
class KafkaKbChangeBusTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    KnowledgeBaseAccess access;
    DefaultKafkaProducerFactory<String, String> producers;
    KafkaKbChangeBus bus;

    @BeforeEach
    void start() {
        access = new KnowledgeBaseAccess(KnowledgeBase.inMemory(EmbeddingModels.bgeSmallZh(),
                SearchSettings.defaults(), Clock.systemUTC()), 2, 100);
        producers = new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + deadPort(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 500),
                new StringSerializer(), new StringSerializer());
        // resend interval far away: the test looks at what is waiting to be re-sent
        bus = new KafkaKbChangeBus(new KafkaTemplate<>(producers), "assist.kb-changes", Duration.ofSeconds(5),
                Duration.ofHours(1), access, JsonMapper.builder().build());
    }

    @AfterEach
    void stop() {
        bus.close();
        producers.destroy();
        access.close();
    }

    @Test
    void anUnacknowledgedPublishFailsTheEditAsNotReplicatedButKeepsItHereAndForResending() {
        KnowledgeCuration curation = new KnowledgeCuration(access, bus,
                new InMemoryAuditTrail(10, 10, Duration.ofHours(1), Clock.systemUTC()), Clock.systemUTC());
        // a draft changes nothing served: nothing to send, so it succeeds without Kafka
        StepVerifier.create(TestCuration.edit(curation, "alice", "create", "nr-1", kb -> kb.create(Entry.draft("nr-1", "如何开通短信提醒？", "在手机银行设置中开通。"), "alice")))
                .assertNext(e -> assertThat(e.version()).isEqualTo(1))
                .expectComplete()
                .verify(WAIT);
        StepVerifier.create(TestCuration.edit(curation, "alice", "submit", "nr-1", kb -> kb.submitForReview("nr-1", 1, "alice")))
                .expectNextCount(1)
                .expectComplete()
                .verify(WAIT);

        StepVerifier.create(TestCuration.edit(curation, "bob", "publish", "nr-1", kb -> kb.publish("nr-1", 2, "bob")))
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOf(KnowledgeCuration.NotReplicatedException.class)
                        .hasMessageContaining("nr-1 v3")
                        .hasMessageContaining("do not repeat the edit"))
                .verify(WAIT);

        assertThat(bus.unsent()).containsExactly("nr-1");
        StepVerifier.create(access.call(kb -> kb.served("nr-1").orElseThrow().version()))
                .expectNext(3L)
                .expectComplete()
                .verify(WAIT);
    }

    private static int deadPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
