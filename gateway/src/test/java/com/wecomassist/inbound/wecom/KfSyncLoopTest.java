package com.wecomassist.inbound.wecom;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.wecomassist.conversation.OnceMarks;
import com.wecomassist.conversation.redis.RedisOnceMarks;
import com.wecomassist.error.TransientException;
import com.wecomassist.inbound.InboundHandOff;
import com.wecomassist.inbound.InboundMessage;
import com.wecomassist.inbound.KfSyncLock;
import com.wecomassist.inbound.SyncCursorStore;
import com.wecomassist.inbound.redis.RedisKfSyncLock;
import com.wecomassist.inbound.redis.RedisSyncCursorStore;
import com.wecomassist.testing.RedisTestServer;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * The sync loop against a WireMock kf/sync_msg: paging, cursor discipline, at-least-once hand-off
 * (a msgid counts as taken once acknowledged), one loop per account under a renewed lease, the
 * periodic pull, and what a dead instance leaves behind.
 */
class KfSyncLoopTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** The sync lock's lease: short, so that a dead holder's lapses within the test. */
    private static final Duration LEASE = Duration.ofSeconds(2);
    /** The periodic pull's interval (only where a test starts one). */
    private static final Duration EVERY = Duration.ofMillis(200);

    WireMockServer wecom;
    MutableClock clock = new MutableClock(Instant.parse("2026-11-24T08:00:00Z"));
    RecordingHandOff handOff = new RecordingHandOff();
    SyncCursorStore cursors = new InMemorySyncCursorStore();
    OnceMarks marks = new InMemoryOnceMarks();
    // leases run on the real clock: a dead holder's lease must lapse while the test waits
    KfSyncLock lock = new InMemoryKfSyncLock(Clock.systemUTC());
    WecomApiClient api;
    final List<KfSyncLoop> loops = new CopyOnWriteArrayList<>();
    final List<KfPeriodicPull> pulls = new CopyOnWriteArrayList<>();

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
    void stop() throws InterruptedException {
        pulls.forEach(KfPeriodicPull::stop);
        for (KfSyncLoop loop : loops) {
            loop.close();
        }
        wecom.stop();
    }

    /** The cluster mode's stores: Redis, shared by every loop of the test as by instances. */
    private void onRedis() {
        ReactiveStringRedisTemplate redis = RedisTestServer.template();
        String prefix = RedisTestServer.freshPrefix();
        cursors = new RedisSyncCursorStore(redis, prefix);
        marks = new RedisOnceMarks(redis, prefix);
        lock = new RedisKfSyncLock(redis, prefix);
    }

    private static WecomProperties settings() {
        return new WecomProperties("wwcorp", "t", null, "s", null, URI.create("http://unused"), Duration.ofMinutes(5),
                DataSize.ofKilobytes(64), Duration.ofSeconds(2), 0, Duration.ofMillis(10), Duration.ofMinutes(5),
                Duration.ofHours(72), 2, Duration.ofMillis(100), LEASE, EVERY);
    }

    private KfSyncLoop loop() {
        return loop(lock, handOff);
    }

    private KfSyncLoop loop(KfSyncLock lock, InboundHandOff handOff) {
        KfSyncLoop loop = new KfSyncLoop(api, cursors, marks, lock, handOff, settings(), new SimpleMeterRegistry(),
                Duration.ofMillis(50));
        loops.add(loop);
        return loop;
    }

    /** A periodic pull on its timer, stopped after the test. */
    private KfPeriodicPull periodicPull(KfSyncLoop loop) {
        KfPeriodicPull pull = new KfPeriodicPull(loop, cursors, lock, EVERY);
        pull.start();
        pulls.add(pull);
        return pull;
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
        loop(lock, slow).request("wkA", "cb");

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
        loop().request("wkA", "cb");
        await().atMost(WAIT).until(() -> "c2".equals(cursors.cursor("wkA").block()));
        assertThat(handOff.taken).hasSize(2);
    }

    /**
     * A hand-off that drops copies by itself (cluster mode: the inbound listener's handled marks) gets no
     * taken marks: nothing is marked, and a page pulled again (a lost cursor) is handed on again for the
     * flow behind it to skip.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aHandOffThatDropsCopiesGetsNoTakenMarks(boolean redis) {
        if (redis) {
            onRedis();
        }
        page(null, "c2", false, text("m1", "u1", "一"), text("m2", "u2", "二"));
        RecordingHandOff droppingCopies = new RecordingHandOff() {
            @Override
            public boolean dropsCopies() {
                return true;
            }
        };
        loop(lock, droppingCopies).request("wkA", "cb");
        await().atMost(WAIT).until(() -> "c2".equals(cursors.cursor("wkA").block()));
        assertThat(marks.markedAmong(List.of(KfSyncLoop.TAKEN + "m1", KfSyncLoop.TAKEN + "m2")).block(WAIT)).isEmpty();

        SyncCursorStore lost = new InMemorySyncCursorStore();
        new KfSyncLoop(api, lost, marks, lock, droppingCopies, settings(), new SimpleMeterRegistry(),
                Duration.ofMillis(50)).request("wkA", "cb");
        await().atMost(WAIT).until(() -> "c2".equals(lost.cursor("wkA").block()));
        assertThat(droppingCopies.taken).extracting(InboundMessage::messageId).containsExactly("m1", "m2", "m1", "m2");
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

    /**
     * A callback comes while a round hands messages on: the next round follows under the same taking of
     * the lock (not released and taken again) and from the cursor the first reached (not read again).
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void roundsAskedForWhileOneRunsKeepTheLockAndTheCursor(boolean redis) {
        if (redis) {
            onRedis();
        }
        page(null, "c1", false, text("m1", "u1", "一"));
        page("c1", "c2", false, text("m2", "u1", "二"));
        AtomicInteger cursorReads = new AtomicInteger();
        CountedReleases counted = new CountedReleases(lock);
        AtomicInteger releases = counted.releases;
        SyncCursorStore store = cursors;
        cursors = new SyncCursorStore() {
            @Override
            public Mono<String> cursor(String openKfId) {
                cursorReads.incrementAndGet();
                return store.cursor(openKfId);
            }

            @Override
            public Mono<Void> save(String openKfId, String cursor) {
                return store.save(openKfId, cursor);
            }

            @Override
            public Mono<Void> remember(String openKfId) {
                return store.remember(openKfId);
            }

            @Override
            public reactor.core.publisher.Flux<String> accounts() {
                return store.accounts();
            }
        };
        AtomicBoolean firstHandedOn = new AtomicBoolean();
        KfSyncLoop loop = loop(counted, message -> Mono.defer(() -> {
            firstHandedOn.set(true);
            return Mono.delay(Duration.ofMillis(200)).then(handOff.handOn(message));
        }));
        loop.request("wkA", "cb");
        await().atMost(WAIT).untilTrue(firstHandedOn);
        loop.request("wkA", "cb");

        await().atMost(WAIT).until(() -> handOff.taken.size() == 2 && loop.running() == 0);
        assertThat(handOff.taken).extracting(InboundMessage::messageId).containsExactly("m1", "m2");
        assertThat(store.cursor("wkA").block(WAIT)).isEqualTo("c2");
        assertThat(releases).as("released once, after both rounds").hasValue(1);
        assertThat(cursorReads).as("read once, before the first round").hasValue(1);
        assertThat(lock.tryAcquire("wkA", "another-instance", LEASE).block(WAIT)).as("free again").isTrue();
    }

    /**
     * A callback right behind a round (within the linger) finds the lock still held here: its round runs
     * without a release and a new taking in between; the lock is released once the linger passes.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aCallbackRightAfterARoundFindsTheLockStillHeld(boolean redis) {
        if (redis) {
            onRedis();
        }
        page(null, "c1", false, text("m1", "u1", "一"));
        page("c1", "c2", false, text("m2", "u1", "二"));
        CountedReleases counted = new CountedReleases(lock);
        KfSyncLoop loop = new KfSyncLoop(api, cursors, marks, counted, handOff, settings(), new SimpleMeterRegistry(),
                Duration.ofMillis(50), Duration.ofSeconds(3));
        loops.add(loop);
        loop.request("wkA", "cb");
        await().atMost(WAIT).until(() -> "c1".equals(cursors.cursor("wkA").block()));
        assertThat(lock.tryAcquire("wkA", "another-instance", LEASE).block(WAIT)).as("held while it lingers").isFalse();

        loop.request("wkA", "cb");
        await().atMost(WAIT).until(() -> handOff.taken.size() == 2 && loop.running() == 0);
        assertThat(cursors.cursor("wkA").block(WAIT)).isEqualTo("c2");
        assertThat(counted.releases).as("released once, after the linger").hasValue(1);
        assertThat(lock.tryAcquire("wkA", "another-instance", LEASE).block(WAIT)).as("free again").isTrue();
    }

    /** A lock that counts its releases. */
    private static final class CountedReleases implements KfSyncLock {
        private final KfSyncLock real;
        final AtomicInteger releases = new AtomicInteger();

        CountedReleases(KfSyncLock real) {
            this.real = real;
        }

        @Override
        public Mono<Boolean> tryAcquire(String openKfId, String owner, Duration lease) {
            return real.tryAcquire(openKfId, owner, lease);
        }

        @Override
        public Mono<Void> release(String openKfId, String owner) {
            releases.incrementAndGet();
            return real.release(openKfId, owner);
        }
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

    /** kf/sync_msg of wkA from {@code cursorIn} (null: none), whatever token the call carries (or none). */
    private void anyTokenPage(String cursorIn, String nextCursor, boolean more, String... items) {
        wecom.stubFor(post(urlPathEqualTo("/cgi-bin/kf/sync_msg"))
                .withRequestBody(matchingJsonPath("$.open_kfid", equalTo("wkA")))
                .withRequestBody(cursorIn == null ? notMatching(".*\"cursor\".*")
                        : matchingJsonPath("$.cursor", equalTo(cursorIn)))
                .willReturn(okJson("{\"errcode\":0,\"next_cursor\":\"" + nextCursor + "\",\"has_more\":" + (more ? 1 : 0)
                        + ",\"msg_list\":[" + String.join(",", items) + "]}")));
    }

    /**
     * One conversation's hand-off fails while the others' are still on their way (a broker write takes
     * a while): theirs complete and count as taken, the failed one and the rest of its conversation are
     * not, and the next round delivers exactly what is missing, in order. Before, the first failure
     * cancelled the other conversations' hand-offs and left their msgids marked: the next pull skipped
     * them, and they were lost.
     */
    @Test
    void oneConversationsFailedHandOffNeitherLosesNorMarksTheOthers() {
        page(null, "c2", false, text("a1", "u1", "一"), text("b1", "u2", "二"), text("a2", "u1", "三"),
                text("c1", "u3", "四"), text("b2", "u2", "五"));
        List<String> acked = new CopyOnWriteArrayList<>();
        AtomicBoolean b1Failed = new AtomicBoolean();
        InboundHandOff flaky = message -> Mono.defer(() -> {
            if (message.messageId().equals("b1") && b1Failed.compareAndSet(false, true)) {
                return Mono.error(new TransientException("test: broker unavailable for u2"));
            }
            return Mono.delay(Duration.ofMillis(150)).then(Mono.fromRunnable(() -> acked.add(message.messageId())));
        });
        loop(lock, flaky).request("wkA", "cb");

        await().atMost(WAIT).until(() -> "c2".equals(cursors.cursor("wkA").block()));
        assertThat(acked).containsExactlyInAnyOrder("a1", "a2", "b1", "b2", "c1");
        assertThat(acked.stream().filter(id -> id.startsWith("a"))).containsExactly("a1", "a2");
        assertThat(acked.stream().filter(id -> id.startsWith("b"))).containsExactly("b1", "b2");
        assertThat(syncCalls()).as("the failed round and the one after it").isEqualTo(2);
    }

    /**
     * An instance dies between handing a message on and the acknowledgement (the hand-off never answers,
     * its lock is neither renewed nor released): the other instance's callback keeps trying the lock
     * longer than one lease, takes it when the lease lapses, and hands the message on. Before, the dead
     * instance had marked the msgid before its hand-off, so the survivor skipped it and moved the cursor
     * past it, and the survivor's callback gave up on the lock long before the two-minute lease ran out.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aMessageWhoseInstanceDiedBeforeTheAckIsHandedOnByTheSurvivor(boolean redis) {
        if (redis) {
            onRedis();
        }
        anyTokenPage(null, "c1", false, text("m1", "u1", "一"));
        anyTokenPage("c1", "c1", false);
        DyingLock dying = new DyingLock(lock);
        AtomicBoolean handedOnByTheDead = new AtomicBoolean();
        KfSyncLoop dead = loop(dying, message -> Mono.<Void>never().doOnSubscribe(s -> handedOnByTheDead.set(true)));
        loops.remove(dead); // gone: nothing closes it
        dead.request("wkA", "cb");
        await().atMost(WAIT).untilTrue(handedOnByTheDead);
        dying.die();

        long survivorAsked = System.nanoTime();
        loop().request("wkA", "cb");

        await().atMost(WAIT).until(() -> handOff.taken.size() == 1);
        Duration took = Duration.ofNanos(System.nanoTime() - survivorAsked);
        assertThat(handOff.taken.get(0).messageId()).isEqualTo("m1");
        assertThat(took).as("taken over once the dead holder's lease lapsed").isLessThan(LEASE.multipliedBy(2));
        await().atMost(WAIT).until(() -> "c1".equals(cursors.cursor("wkA").block()));
    }

    /**
     * The lock of an instance that died (another owner, not renewed) lapses within one lease, and the
     * periodic pull takes its account's messages up without any callback: the account is remembered in
     * the shared store from the callback the dead instance got. Without a token (none arrived here), the
     * pull goes out without one.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aDeadHoldersAccountIsPulledWithinSecondsWithoutACallback(boolean redis) {
        if (redis) {
            onRedis();
        }
        anyTokenPage(null, "c1", false, text("m1", "u1", "一"));
        anyTokenPage("c1", "c1", false);
        cursors.remember("wkA").block(WAIT);
        lock.tryAcquire("wkA", "gateway-that-died", LEASE).block(WAIT);
        long died = System.nanoTime();

        periodicPull(loop());

        await().atMost(WAIT).until(() -> handOff.taken.size() == 1);
        assertThat(Duration.ofNanos(System.nanoTime() - died)).isLessThan(LEASE.plus(Duration.ofSeconds(2)));
        assertThat(wecom.findAll(postRequestedFor(urlPathEqualTo("/cgi-bin/kf/sync_msg"))))
                .allSatisfy(call -> assertThat(call.getBodyAsString()).doesNotContain("\"token\""));
        await().atMost(WAIT).until(() -> "c1".equals(cursors.cursor("wkA").block()));
    }

    /**
     * A quiet account: its callback's round found nothing, no callback comes after, yet a customer's
     * message arrives at WeCom (its callback lost, or the retries after failed rounds used up). The
     * periodic pull takes it up; before, it waited at WeCom until a next callback.
     */
    @Test
    void thePeriodicPullPicksUpAQuietAccount() {
        anyTokenPage(null, "c1", false);
        KfSyncLoop loop = loop();
        loop.request("wkA", "cb");
        await().atMost(WAIT).until(() -> "c1".equals(cursors.cursor("wkA").block()));

        anyTokenPage("c1", "c2", false, text("m1", "u1", "一"));
        anyTokenPage("c2", "c2", false);
        periodicPull(loop);

        await().atMost(WAIT).until(() -> handOff.taken.size() == 1);
        assertThat(handOff.taken.get(0).messageId()).isEqualTo("m1");
        assertThat(wecom.findAll(postRequestedFor(urlPathEqualTo("/cgi-bin/kf/sync_msg"))))
                .filteredOn(call -> call.getBodyAsString().contains("\"cursor\":\"c1\""))
                .as("the callback's token is still valid: the pull carries it").isNotEmpty()
                .allSatisfy(call -> assertThat(call.getBodyAsString()).contains("\"token\":\"cb\""));
    }

    /**
     * Without a token WeCom allows 10 kf/sync_msg calls a minute before it blocks the API for a minute:
     * the periodic pull of many quiet accounts that got no callback here stays below that.
     */
    @Test
    void pullsWithoutATokenStayWithinWecomsLimit() {
        wecom.stubFor(post(urlPathEqualTo("/cgi-bin/kf/sync_msg"))
                .willReturn(okJson("{\"errcode\":0,\"next_cursor\":\"c1\",\"has_more\":0,\"msg_list\":[]}")));
        for (int i = 0; i < 20; i++) {
            cursors.remember("wk" + i).block(WAIT);
        }
        periodicPull(loop());

        await().atMost(WAIT).until(() -> syncCalls() >= KfSyncLoop.TOKENLESS_CALLS_PER_MINUTE);
        await().during(Duration.ofSeconds(1)).atMost(WAIT)
                .until(() -> syncCalls() == KfSyncLoop.TOKENLESS_CALLS_PER_MINUTE);
    }

    /** A round takes longer than the lease: the holder renews it, so no other instance gets the lock meanwhile. */
    @Test
    void theHolderRenewsItsLeaseWhileItWorks() {
        page(null, "c1", false, text("m1", "u1", "一"));
        AtomicBoolean acked = new AtomicBoolean();
        loop(lock, message -> Mono.delay(LEASE.multipliedBy(2)).then(Mono.fromRunnable(() -> acked.set(true))))
                .request("wkA", "cb");
        await().atMost(WAIT).until(() -> syncCalls() == 1);

        await().during(LEASE.plus(LEASE.dividedBy(2))).atMost(WAIT)
                .until(() -> !lock.tryAcquire("wkA", "another-instance", LEASE).block(WAIT));
        await().atMost(WAIT).until(() -> "c1".equals(cursors.cursor("wkA").block()));
        assertThat(acked).isTrue();
    }

    /** A renewal that fails (another instance has the lock now) stops the round: its page's cursor is not saved. */
    @Test
    void aRoundThatLosesItsLockSavesNoCursor() {
        page(null, "c1", false, text("m1", "u1", "一"));
        DyingLock stolen = new DyingLock(lock);
        AtomicBoolean handingOn = new AtomicBoolean();
        loop(stolen, message -> Mono.defer(() -> {
            handingOn.set(true);
            return Mono.delay(LEASE);
        }).then()).request("wkA", "cb");
        await().atMost(WAIT).untilTrue(handingOn);
        stolen.refuseRenewals();

        await().atMost(WAIT).until(() -> stolen.refused.get() > 0);
        await().during(LEASE).atMost(WAIT).until(() -> cursors.cursor("wkA").blockOptional().isEmpty());
    }

    /**
     * The gateway stops while a round hands messages on: close() waits for it, so that what it handed
     * on gets its cursor (and its marks) before the hand-off closes behind it. Before, close() returned
     * at once.
     */
    @Test
    void closeWaitsForARoundUnderWay() throws InterruptedException {
        page(null, "c2", true, text("m1", "u1", "一"));
        page("c2", "c3", false, text("m2", "u1", "二"));
        AtomicBoolean handingOn = new AtomicBoolean();
        KfSyncLoop loop = loop(lock, message -> Mono.defer(() -> {
            handingOn.set(true);
            return Mono.delay(Duration.ofMillis(500)).then(handOff.handOn(message));
        }));
        loop.request("wkA", "cb");
        await().atMost(WAIT).untilTrue(handingOn);

        loop.close();

        assertThat(handOff.taken).extracting(InboundMessage::messageId).containsExactly("m1");
        assertThat(cursors.cursor("wkA").block(WAIT)).as("the page in hand is finished, the next not started")
                .isEqualTo("c2");
        assertThat(loop.running()).isZero();
    }

    /**
     * A lock that works until its instance "dies": from then on no call of that instance answers (nor
     * renews, nor releases), as after SIGKILL. Or, for a stolen lock, renewals answer "not yours".
     */
    private static final class DyingLock implements KfSyncLock {
        private final KfSyncLock real;
        private volatile boolean dead;
        private volatile boolean stolen;
        final AtomicInteger refused = new AtomicInteger();

        DyingLock(KfSyncLock real) {
            this.real = real;
        }

        void die() {
            dead = true;
        }

        void refuseRenewals() {
            stolen = true;
        }

        @Override
        public Mono<Boolean> tryAcquire(String openKfId, String owner, Duration lease) {
            if (dead) {
                return Mono.never();
            }
            if (stolen) {
                refused.incrementAndGet();
                return Mono.just(false);
            }
            return real.tryAcquire(openKfId, owner, lease);
        }

        @Override
        public Mono<Void> release(String openKfId, String owner) {
            return dead ? Mono.never() : real.release(openKfId, owner);
        }
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
