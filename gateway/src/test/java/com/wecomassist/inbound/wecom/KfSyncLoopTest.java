package com.wecomassist.inbound.wecom;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.wecomassist.inbound.InboundMessage;
import com.wecomassist.inbound.MessageKind;
import com.wecomassist.inbound.MessageOrigin;
import com.wecomassist.inbound.SessionEvent;
import com.wecomassist.inbound.memory.InMemoryKfSyncLock;
import com.wecomassist.conversation.memory.InMemoryOnceMarks;
import com.wecomassist.inbound.memory.InMemorySyncCursorStore;
import com.wecomassist.testing.WireMocks;
import com.wecomassist.wecom.MutableClock;
import com.wecomassist.wecom.WecomAccount;
import com.wecomassist.wecom.WecomApiClient;
import com.wecomassist.wecom.WecomProperties;
import com.wecomassist.wecom.memory.InMemoryAccessTokenStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/** The sync loop against a WireMock kf/sync_msg: paging, cursor discipline, dedupe, one loop per account. */
class KfSyncLoopTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    WireMockServer wecom;
    MutableClock clock = new MutableClock(Instant.parse("2026-11-24T08:00:00Z"));
    RecordingHandOff handOff = new RecordingHandOff();
    InMemorySyncCursorStore cursors = new InMemorySyncCursorStore();
    InMemoryOnceMarks dedupe = new InMemoryOnceMarks();
    InMemoryKfSyncLock lock = new InMemoryKfSyncLock(clock);
    WecomApiClient api;

    @BeforeEach
    void start() {
        wecom = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        wecom.start();
        WireMocks.warmUp(wecom);
        wecom.stubFor(get(urlPathEqualTo("/cgi-bin/gettoken"))
                .willReturn(okJson("{\"errcode\":0,\"access_token\":\"T\",\"expires_in\":7200}")));
        api = new WecomApiClient(WebClient.builder(),
                new WecomAccount("wwcorp", "t", null, "s", null, wecom::baseUrl, false),
                new InMemoryAccessTokenStore(), settings(), new SimpleMeterRegistry(), clock);
    }

    @AfterEach
    void stop() {
        wecom.stop();
    }

    private static WecomProperties settings() {
        return new WecomProperties("wwcorp", "t", null, "s", null, URI.create("http://unused"), Duration.ofMinutes(5),
                DataSize.ofKilobytes(64), Duration.ofSeconds(2), 0, Duration.ofMillis(10), Duration.ofMinutes(5),
                Duration.ofHours(72), 2, Duration.ofMillis(100));
    }

    private KfSyncLoop loop() {
        return new KfSyncLoop(api, cursors, dedupe, lock, handOff, settings(), new SimpleMeterRegistry(),
                Duration.ofMillis(50), 3);
    }

    private int syncCalls() {
        return wecom.findAll(postRequestedFor(urlPathEqualTo("/cgi-bin/kf/sync_msg"))).size();
    }

    private static String text(String msgid, String user, String content) {
        return "{\"msgid\":\"" + msgid + "\",\"open_kfid\":\"wkA\",\"external_userid\":\"" + user
                + "\",\"send_time\":1764000000,\"origin\":3,\"msgtype\":\"text\",\"text\":{\"content\":\"" + content + "\"}}";
    }

    private void page(String cursorIn, String nextCursor, boolean more, String... items) {
        String request = cursorIn == null
                ? "{\"token\":\"cb\",\"limit\":2,\"voice_format\":0,\"open_kfid\":\"wkA\"}"
                : "{\"cursor\":\"" + cursorIn + "\",\"token\":\"cb\",\"limit\":2,\"voice_format\":0,\"open_kfid\":\"wkA\"}";
        wecom.stubFor(post(urlPathEqualTo("/cgi-bin/kf/sync_msg")).withRequestBody(equalToJson(request))
                .willReturn(okJson("{\"errcode\":0,\"next_cursor\":\"" + nextCursor + "\",\"has_more\":" + (more ? 1 : 0)
                        + ",\"msg_list\":[" + String.join(",", items) + "]}")));
    }

    @Test
    void pagesWhileHasMoreAndStoresTheLastCursor() {
        page(null, "c2", true, text("m1", "u1", "一"), text("m2", "u2", "二"));
        page("c2", "c3", false, text("m3", "u1", "三"));
        loop().request("wkA", "cb");
        await().atMost(WAIT).until(() -> "c3".equals(cursors.cursor("wkA").block()));
        assertThat(handOff.taken).extracting(InboundMessage::messageId).containsExactly("m1", "m2", "m3");
        assertThat(handOff.taken).allSatisfy(m -> {
            assertThat(m.origin()).isEqualTo(MessageOrigin.CUSTOMER);
            assertThat(m.kind()).isEqualTo(MessageKind.TEXT);
        });
    }

    /**
     * Handing on waits for Redis and Kafka in cluster mode: a page's conversations are handed on at
     * the same time, each conversation's messages one after the other in WeCom's order.
     */
    @Test
    void aPagesConversationsAreHandedOnTogetherEachInItsOwnOrder() {
        page(null, "c2", false, text("a1", "u1", "一"), text("b1", "u2", "二"), text("a2", "u1", "三"),
                text("c1", "u3", "四"), text("b2", "u2", "五"), text("a3", "u1", "六"));
        java.util.List<String> started = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.Set<String> inFlightConversations = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger mostInFlight = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean sameConversationTwice = new java.util.concurrent.atomic.AtomicBoolean();
        com.wecomassist.inbound.InboundHandOff slow = message -> Mono.defer(() -> {
            String conversation = message.conversation().id();
            if (!inFlightConversations.add(conversation)) {
                sameConversationTwice.set(true);
            }
            started.add(message.messageId());
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            // an acknowledgement that takes a while, as a broker's does
            return Mono.delay(Duration.ofMillis(100)).then(Mono.fromRunnable(() -> {
                inFlight.decrementAndGet();
                inFlightConversations.remove(conversation);
            }));
        });
        new KfSyncLoop(api, cursors, dedupe, lock, slow, settings(), new SimpleMeterRegistry(), Duration.ofMillis(50), 3)
                .request("wkA", "cb");

        await().atMost(WAIT).until(() -> "c2".equals(cursors.cursor("wkA").block()));
        assertThat(started).containsExactlyInAnyOrder("a1", "a2", "a3", "b1", "b2", "c1");
        assertThat(started.stream().filter(id -> id.startsWith("a"))).containsExactly("a1", "a2", "a3");
        assertThat(started.stream().filter(id -> id.startsWith("b"))).containsExactly("b1", "b2");
        assertThat(sameConversationTwice).as("a conversation's next message waits for the one before").isFalse();
        assertThat(mostInFlight.get()).as("conversations handed on at the same time").isEqualTo(3);
    }

    @Test
    void keepsTheCursorWhenAMessageCannotBeHandedOnAndDeliversItNextTime() {
        page(null, "c2", false, text("m1", "u1", "一"), text("m2", "u2", "二"));
        handOff.refuse = true;
        KfSyncLoop loop = loop();
        loop.request("wkA", "cb");
        // a refused round is pulled again every 100 ms (syncRetryDelay): on a busy machine the count can
        // pass 1 between two polls, so wait for "at least one", then for a retry round that also failed
        await().atMost(WAIT).until(() -> wecom.findAll(postRequestedFor(urlPathEqualTo("/cgi-bin/kf/sync_msg"))).size() >= 2);
        assertThat(cursors.cursor("wkA").blockOptional()).isEmpty();
        handOff.refuse = false;
        loop.request("wkA", "cb");
        await().atMost(WAIT).until(() -> "c2".equals(cursors.cursor("wkA").block()));
        assertThat(handOff.taken).extracting(InboundMessage::messageId).containsExactly("m1", "m2");
    }

    @Test
    void pullsAgainByItselfAfterAFailedRound() {
        wecom.stubFor(post(urlPathEqualTo("/cgi-bin/kf/sync_msg")).inScenario("flaky")
                .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED).willSetStateTo("up")
                .willReturn(okJson("{\"errcode\":-1,\"errmsg\":\"system busy\"}")));
        wecom.stubFor(post(urlPathEqualTo("/cgi-bin/kf/sync_msg")).inScenario("flaky")
                .whenScenarioStateIs("up")
                .willReturn(okJson("{\"errcode\":0,\"next_cursor\":\"c1\",\"has_more\":0,\"msg_list\":["
                        + text("m1", "u1", "一") + "]}")));
        loop().request("wkA", "cb");
        // no second callback: the loop's own retry round delivers the message
        await().atMost(WAIT).until(() -> handOff.taken.size() == 1);
        assertThat(cursors.cursor("wkA").block()).isEqualTo("c1");
    }

    @Test
    void aLostCursorReplaysButNothingIsHandedOnTwice() {
        page(null, "c2", false, text("m1", "u1", "一"), text("m2", "u2", "二"));
        KfSyncLoop loop = loop();
        loop.request("wkA", "cb");
        await().atMost(WAIT).until(() -> handOff.taken.size() == 2);
        cursors = new InMemorySyncCursorStore(); // as after a restart of the embedded mode
        KfSyncLoop afterRestart = new KfSyncLoop(api, cursors, dedupe, lock, handOff, settings(),
                new SimpleMeterRegistry(), Duration.ofMillis(50), 3);
        afterRestart.request("wkA", "cb");
        await().atMost(WAIT).until(() -> "c2".equals(cursors.cursor("wkA").block()));
        assertThat(handOff.taken).hasSize(2);
    }

    @Test
    void callbacksDuringARunAreFoldedIntoOneMoreRound() {
        wecom.stubFor(post(urlPathEqualTo("/cgi-bin/kf/sync_msg"))
                .willReturn(okJson("{\"errcode\":0,\"next_cursor\":\"c1\",\"has_more\":0,\"msg_list\":[]}")
                        .withFixedDelay(300)));
        KfSyncLoop loop = loop();
        for (int i = 0; i < 20; i++) {
            loop.request("wkA", "cb");
        }
        // the second round starts when the first answers: on a busy machine later than any fixed wait
        await().atMost(WAIT).until(() -> syncCalls() >= 2);
        // and there is no third: the other callbacks were folded into the second
        await().during(Duration.ofMillis(800)).atMost(WAIT).until(() -> syncCalls() == 2);
    }

    @Test
    void leavesTheSyncToTheInstanceThatHoldsTheLockThenTakesOver() {
        page(null, "c1", false, text("m1", "u1", "一"));
        lock.tryAcquire("wkA", "another-instance", Duration.ofMinutes(2)).block();
        KfSyncLoop loop = loop();
        loop.request("wkA", "cb");
        await().pollDelay(Duration.ofMillis(100)).atMost(WAIT).until(() -> true);
        assertThat(wecom.findAll(postRequestedFor(urlPathEqualTo("/cgi-bin/kf/sync_msg")))).isEmpty();
        lock.release("wkA", "another-instance").block();
        // the waiting loop retries the lock and syncs, so this callback's messages are not stranded
        await().atMost(WAIT).until(() -> handOff.taken.size() == 1);
    }

    @Test
    void mapsServicerMessagesAndSessionEvents() {
        String servicer = "{\"msgid\":\"s1\",\"open_kfid\":\"wkA\",\"external_userid\":\"u1\",\"send_time\":1764000000,"
                + "\"origin\":5,\"servicer_userid\":\"zhangsan\",\"msgtype\":\"text\",\"text\":{\"content\":\"我来处理\"}}";
        String enter = "{\"msgid\":\"e1\",\"send_time\":1764000001,\"origin\":4,\"msgtype\":\"event\",\"event\":{"
                + "\"event_type\":\"enter_session\",\"open_kfid\":\"wkA\",\"external_userid\":\"u2\",\"scene\":\"qr\","
                + "\"welcome_code\":\"WC1\"}}";
        String change = "{\"msgid\":\"e2\",\"send_time\":1764000002,\"origin\":4,\"msgtype\":\"event\",\"event\":{"
                + "\"event_type\":\"session_status_change\",\"open_kfid\":\"wkA\",\"external_userid\":\"u1\","
                + "\"change_type\":1,\"new_servicer_userid\":\"lisi\",\"msg_code\":\"MC\"}}";
        String servicerOffline = "{\"msgid\":\"e3\",\"send_time\":1764000003,\"origin\":4,\"msgtype\":\"event\","
                + "\"event\":{\"event_type\":\"servicer_status_change\",\"servicer_userid\":\"lisi\",\"status\":2}}";
        String image = "{\"msgid\":\"i1\",\"open_kfid\":\"wkA\",\"external_userid\":\"u3\",\"send_time\":1764000004,"
                + "\"origin\":3,\"msgtype\":\"image\",\"image\":{\"media_id\":\"MID\"}}";
        page(null, "c5", false, servicer, enter);
        page("c5", "c6", false);
        KfSyncLoop loop = loop();
        loop.request("wkA", "cb");
        await().atMost(WAIT).until(() -> handOff.taken.size() == 2);
        wecom.resetMappings();
        wecom.stubFor(get(urlPathEqualTo("/cgi-bin/gettoken"))
                .willReturn(okJson("{\"errcode\":0,\"access_token\":\"T\",\"expires_in\":7200}")));
        page("c5", "c8", false, change, servicerOffline, image);
        loop.request("wkA", "cb");
        await().atMost(WAIT).until(() -> handOff.taken.size() == 4);

        InboundMessage s = handOff.taken.get(0);
        assertThat(s.origin()).isEqualTo(MessageOrigin.SERVICER);
        assertThat(s.servicerUserId()).isEqualTo("zhangsan");
        InboundMessage e = handOff.taken.get(1);
        assertThat(e.kind()).isEqualTo(MessageKind.EVENT);
        assertThat(e.event().type()).isEqualTo(SessionEvent.ENTER_SESSION);
        assertThat(e.event().code()).isEqualTo("WC1");
        assertThat(e.conversation().peer()).isEqualTo("u2");
        InboundMessage c = handOff.taken.get(2);
        assertThat(c.event().type()).isEqualTo(SessionEvent.SESSION_STATUS_CHANGE);
        assertThat(c.servicerUserId()).isEqualTo("lisi");
        assertThat(c.event().code()).isEqualTo("MC");
        // the servicer going offline concerns no conversation and is not handed on
        InboundMessage i = handOff.taken.get(3);
        assertThat(i.kind()).isEqualTo(MessageKind.IMAGE);
        assertThat(i.text()).isNull();
    }
}
