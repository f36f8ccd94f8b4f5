package com.wecomassist.contacts;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.wecomassist.contacts.memory.InMemoryContactDirectory;
import com.wecomassist.contacts.memory.InMemoryContactSyncCheckpoints;
import com.wecomassist.contacts.redis.RedisContactDirectory;
import com.wecomassist.contacts.redis.RedisContactSyncCheckpoints;
import com.wecomassist.contacts.wecom.WecomContactPages;
import com.wecomassist.error.Refused;
import com.wecomassist.testing.RedisTestServer;
import com.wecomassist.testing.WireMocks;
import com.wecomassist.wecom.AccessToken;
import com.wecomassist.wecom.WecomAccount;
import com.wecomassist.wecom.WecomApiClient;
import com.wecomassist.wecom.WecomProperties;
import com.wecomassist.wecom.memory.InMemoryAccessTokenStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The full sync against a WireMock WeCom: paging along the cursor, groups of 100 employees, the pace,
 * a failure midway resumed from the stored cursor, and a run that died with its instance resumed by
 * another — on the in-memory and the Redis adapters.
 */
class ContactSyncTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String BATCH = "/cgi-bin/externalcontact/batch/get_by_user";

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());

        @Override
        public java.time.ZoneId getZone() { return ZoneOffset.UTC; }

        @Override
        public Clock withZone(java.time.ZoneId zone) { return this; }

        @Override
        public Instant instant() { return now.get(); }
    }

    static String contact(String customer, String name, String employee, long createtime, String state, String... tags) {
        String tagList = String.join(",", java.util.Arrays.stream(tags).map(t -> "\"" + t + "\"").toList());
        return """
                {"external_contact":{"external_userid":"%s","name":"%s","type":1,"unionid":"u-%s"},
                 "follow_info":{"userid":"%s","remark":"r-%s","createtime":%d,"tag_id":[%s],"state":"%s"}}"""
                .formatted(customer, name, customer, employee, customer, createtime, tagList, state);
    }

    static String page(String nextCursor, String... contacts) {
        return "{\"errcode\":0,\"errmsg\":\"ok\",\"external_contact_list\":[" + String.join(",", contacts)
                + "],\"next_cursor\":\"" + nextCursor + "\"}";
    }

    abstract static class Contract {

        WireMockServer wecom;
        final MovableClock clock = new MovableClock();
        ContactDirectory directory;
        ContactSyncCheckpoints checkpoints;
        WecomApiClient api;

        abstract ContactDirectory newDirectory();

        abstract ContactSyncCheckpoints newCheckpoints();

        @BeforeEach
        void start() {
            wecom = new WireMockServer(WireMockConfiguration.options().dynamicPort());
            wecom.start();
            WireMocks.warmUp(wecom);
            WecomAccount account = new WecomAccount("wwcorp", "token", null, "secret", 1000002, wecom::baseUrl, false);
            InMemoryAccessTokenStore tokens = new InMemoryAccessTokenStore();
            tokens.put(account.tokenCacheKey(), new AccessToken("T1", Instant.now().plus(Duration.ofHours(2))))
                    .block(WAIT);
            // no retries: a failed page fails the run at once
            WecomProperties wecomSettings = new WecomProperties("wwcorp", "token", null, "secret", 1000002,
                    URI.create(wecom.baseUrl()), Duration.ofMinutes(5), DataSize.ofKilobytes(64), Duration.ofSeconds(5),
                    0, Duration.ofMillis(20), Duration.ofMinutes(5), Duration.ofHours(72), 1000,
                    Duration.ofMillis(100), Duration.ofSeconds(15), Duration.ZERO);
            api = new WecomApiClient(WebClient.builder(), account, tokens, wecomSettings, new SimpleMeterRegistry(),
                    Clock.systemUTC());
            directory = newDirectory();
            checkpoints = newCheckpoints();
        }

        @AfterEach
        void stop() {
            wecom.stop();
        }

        ContactSync sync(double perSecond, List<String> employees) {
            return new ContactSync(new WecomContactPages(api, clock), directory, checkpoints,
                    new ContactsProperties(100, 2, perSecond, employees, true), new SimpleMeterRegistry(), clock);
        }

        SyncProgress awaitEnd(ContactSync sync) {
            await().atMost(WAIT).until(() -> sync.progress().block(WAIT).status() != SyncProgress.Status.RUNNING);
            return sync.progress().block(WAIT);
        }

        void stubPages() {
            wecom.stubFor(get(urlPathEqualTo("/cgi-bin/externalcontact/get_follow_user_list"))
                    .willReturn(okJson("{\"errcode\":0,\"errmsg\":\"ok\",\"follow_user\":[\"mia\",\"nora\"]}")));
            wecom.stubFor(post(urlPathEqualTo(BATCH)).withRequestBody(matchingJsonPath("$.cursor", equalTo("")))
                    .willReturn(okJson(page("C1", contact("wmA", "李四", "mia", 1_700_000_000L, "branch-qr", "t1", "t2"),
                            contact("wmB", "王五", "nora", 1_700_000_100L, "fair")))));
            wecom.stubFor(post(urlPathEqualTo(BATCH)).withRequestBody(matchingJsonPath("$.cursor", equalTo("C1")))
                    .willReturn(okJson(page("", contact("wmA", "李四", "nora", 1_700_000_200L, "")))));
        }

        @Test
        void readsEveryPageOfEveryEmployeeWeComListsIntoTheDirectory() {
            stubPages();
            ContactSync sync = sync(50, List.of());
            SyncProgress started = sync.start(null, false).block(WAIT);
            assertThat(started.employees()).containsExactly("mia", "nora");
            SyncProgress done = awaitEnd(sync);
            assertThat(done.status()).isEqualTo(SyncProgress.Status.FINISHED);
            assertThat(done.pages()).isEqualTo(2);
            assertThat(done.customers()).isEqualTo(3);
            assertThat(done.changed()).isEqualTo(3);
            assertThat(done.finishedAt()).isNotNull();
            wecom.verify(2, postRequestedFor(urlPathEqualTo(BATCH))
                    .withRequestBody(matchingJsonPath("$.userid_list[1]", equalTo("nora")))
                    .withRequestBody(matchingJsonPath("$.limit", equalTo("2"))));

            Customer a = directory.customer("wmA").block(WAIT);
            assertThat(a.name()).isEqualTo("李四");
            assertThat(a.unionid()).isEqualTo("u-wmA");
            assertThat(a.relationships()).extracting(FollowRelationship::employee).containsExactly("mia", "nora");
            FollowRelationship mia = a.relationships().get(0);
            assertThat(mia.status()).isEqualTo(ContactStatus.ACTIVE);
            assertThat(mia.tags()).containsExactly("t1", "t2");
            assertThat(mia.state()).isEqualTo("branch-qr");
            assertThat(mia.remark()).isEqualTo("r-wmA");
            assertThat(mia.addedAt()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
            assertThat(a.relationships().get(1).state()).isNull();
            assertThat(directory.countsOf("nora").block(WAIT)).containsEntry(ContactStatus.ACTIVE, 2L);

            // again from the start: the same customers change nothing and add no history
            sync.start(null, true).block(WAIT);
            SyncProgress again = awaitEnd(sync);
            assertThat(again.customers()).isEqualTo(3);
            assertThat(again.changed()).isZero();
            assertThat(directory.history("wmA").collectList().block(WAIT)).hasSize(2);
        }

        @Test
        void aFailureMidwayIsResumedFromTheStoredCursor() {
            stubPages();
            wecom.stubFor(post(urlPathEqualTo(BATCH)).withRequestBody(matchingJsonPath("$.cursor", equalTo("C1")))
                    .willReturn(aResponse().withStatus(502)));
            ContactSync sync = sync(50, List.of("mia", "nora"));
            sync.start(null, false).block(WAIT);
            SyncProgress failed = awaitEnd(sync);
            assertThat(failed.status()).isEqualTo(SyncProgress.Status.FAILED);
            assertThat(failed.pages()).isEqualTo(1);
            assertThat(failed.customers()).isEqualTo(2);
            assertThat(failed.errors()).isEqualTo(1);
            assertThat(failed.cursor()).isEqualTo("C1");
            assertThat(failed.lastError()).isNotBlank();

            stubPages(); // WeCom answers again
            SyncProgress resumed = sync.start(null, false).block(WAIT);
            assertThat(resumed.resumes()).isEqualTo(1);
            SyncProgress done = awaitEnd(sync);
            assertThat(done.status()).isEqualTo(SyncProgress.Status.FINISHED);
            assertThat(done.pages()).isEqualTo(2);
            assertThat(done.customers()).isEqualTo(3);
            // the first page was not read again
            wecom.verify(1, postRequestedFor(urlPathEqualTo(BATCH)).withRequestBody(matchingJsonPath("$.cursor", equalTo(""))));
            assertThat(directory.customer("wmA").block(WAIT).relationships()).hasSize(2);
        }

        @Test
        void aRunThatDiedWithItsInstanceIsResumedByAnotherOnceItsCheckpointIsOld() {
            stubPages();
            // what an instance that died after the first page left behind
            SyncProgress left = SyncProgress.started(List.of("mia", "nora"), clock.instant())
                    .afterPage(2, 2, "C1", clock.instant());
            checkpoints.save(left).block(WAIT);
            ContactSync other = sync(50, List.of());
            assertThatThrownBy(() -> other.start(null, false).block(WAIT)).isInstanceOf(Refused.class)
                    .hasMessageContaining("running");
            clock.now.set(clock.instant().plus(ContactSync.ALIVE).plusSeconds(1));
            other.start(null, false).block(WAIT);
            SyncProgress done = awaitEnd(other);
            assertThat(done.status()).isEqualTo(SyncProgress.Status.FINISHED);
            assertThat(done.pages()).isEqualTo(2);
            wecom.verify(0, postRequestedFor(urlPathEqualTo(BATCH)).withRequestBody(matchingJsonPath("$.cursor", equalTo(""))));
            wecom.verify(1, postRequestedFor(urlPathEqualTo(BATCH)).withRequestBody(matchingJsonPath("$.cursor", equalTo("C1"))));
        }

        @Test
        void asksForAHundredEmployeesAtATimeAtTheConfiguredPace() {
            wecom.stubFor(post(urlPathEqualTo(BATCH)).willReturn(okJson(page(""))));
            List<String> employees = IntStream.range(0, 250).mapToObj(i -> "e" + i).toList();
            ContactSync sync = sync(4, List.of());
            long started = System.nanoTime();
            sync.start(employees, false).block(WAIT);
            SyncProgress done = awaitEnd(sync);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(done.status()).isEqualTo(SyncProgress.Status.FINISHED);
            assertThat(done.pages()).isEqualTo(3);
            assertThat(done.employeesDone()).isEqualTo(250);
            wecom.verify(1, postRequestedFor(urlPathEqualTo(BATCH))
                    .withRequestBody(matchingJsonPath("$.userid_list[99]", equalTo("e99"))));
            wecom.verify(1, postRequestedFor(urlPathEqualTo(BATCH))
                    .withRequestBody(matchingJsonPath("$.userid_list[0]", equalTo("e200")))
                    .withRequestBody(matchingJsonPath("$.userid_list[49]", equalTo("e249"))));
            // three calls at four a second: the last is at least half a second after the first
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(450));
        }

        @Test
        void refusesASecondStartWhileOneRuns() {
            wecom.stubFor(post(urlPathEqualTo(BATCH)).willReturn(okJson(page("")).withFixedDelay(1500)));
            ContactSync sync = sync(50, List.of("mia"));
            sync.start(null, false).block(WAIT);
            assertThatThrownBy(() -> sync.start(null, true).block(WAIT)).isInstanceOf(Refused.class);
            assertThat(awaitEnd(sync).status()).isEqualTo(SyncProgress.Status.FINISHED);
        }
    }

    @Nested
    class InMemory extends Contract {
        ContactDirectory newDirectory() { return new InMemoryContactDirectory(100); }

        ContactSyncCheckpoints newCheckpoints() { return new InMemoryContactSyncCheckpoints(); }
    }

    @Nested
    class OnRedis extends Contract {
        final String prefix = RedisTestServer.freshPrefix();

        ContactDirectory newDirectory() { return new RedisContactDirectory(RedisTestServer.template(), prefix, 100); }

        ContactSyncCheckpoints newCheckpoints() { return new RedisContactSyncCheckpoints(RedisTestServer.template(), prefix); }
    }
}
