package com.wecomassist.contacts;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.wecomassist.contacts.ContactEvent.Kind;
import com.wecomassist.contacts.memory.InMemoryContactDirectory;
import com.wecomassist.contacts.redis.RedisContactDirectory;
import com.wecomassist.contacts.wecom.WecomContactLookup;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * An edit callback brings the employee's remark and tags into the directory at once, read from a
 * WireMock WeCom's {@code externalcontact/get}: idempotent, and ordered against the other callbacks by
 * the edit's own time, on the in-memory and the Redis directory.
 */
class EditRefreshTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String GET = "/cgi-bin/externalcontact/get";
    private static final Instant T = Instant.ofEpochSecond(1_800_000_000L);

    /** WeCom's answer: the customer followed by {@code mia} (remark, two corporate tags and a personal one) and nora. */
    static String answer(String customer, String remark) {
        return """
                {"errcode":0,"errmsg":"ok",
                 "external_contact":{"external_userid":"%s","name":"李四","type":1,"unionid":"u-1"},
                 "follow_user":[
                   {"userid":"nora","remark":"","createtime":1700000000,"tags":[]},
                   {"userid":"mia","remark":"%s","createtime":1700000100,"state":"branch-qr","tags":[
                     {"group_name":"客户等级","tag_name":"高净值","tag_id":"etVIP","type":1},
                     {"group_name":"","tag_name":"爱打高尔夫","type":2},
                     {"group_name":"意向","tag_name":"理财","tag_id":"etWealth","type":1}]}]}"""
                .formatted(customer, remark);
    }

    abstract static class Contract {

        WireMockServer wecom;
        ContactDirectory directory;
        final SimpleMeterRegistry meters = new SimpleMeterRegistry();
        EditRefresh refresh;

        abstract ContactDirectory newDirectory();

        @BeforeEach
        void start() {
            wecom = new WireMockServer(WireMockConfiguration.options().dynamicPort());
            wecom.start();
            WireMocks.warmUp(wecom);
            WecomAccount account = new WecomAccount("wwcorp", "token", null, "secret", 1000002, wecom::baseUrl, false);
            InMemoryAccessTokenStore tokens = new InMemoryAccessTokenStore();
            tokens.put(account.tokenCacheKey(), new AccessToken("T1", Instant.now().plus(Duration.ofHours(2))))
                    .block(WAIT);
            WecomProperties settings = new WecomProperties("wwcorp", "token", null, "secret", 1000002,
                    URI.create(wecom.baseUrl()), Duration.ofMinutes(5), DataSize.ofKilobytes(64), Duration.ofSeconds(5),
                    0, Duration.ofMillis(20), Duration.ofMinutes(5), Duration.ofHours(72), 1000,
                    Duration.ofMillis(100), Duration.ofSeconds(15), Duration.ZERO);
            WecomApiClient api = new WecomApiClient(WebClient.builder(), account, tokens, settings, meters,
                    Clock.systemUTC());
            directory = newDirectory();
            refresh = new EditRefresh(new WecomContactLookup(api), directory, meters);
        }

        @AfterEach
        void stop() {
            wecom.stop();
        }

        /** The edit callback as the intake takes it: into the directory, then to the listener. */
        ApplyOutcome edited(String customer, String employee, Instant at) {
            ContactEvent event = ContactEvent.callback(Kind.EDITED, customer, employee, at, null, null, null);
            ApplyOutcome outcome = directory.apply(event).block(WAIT);
            refresh.onContactEvent(event, outcome).block(WAIT);
            return outcome;
        }

        FollowRelationship relationship(String customer, String employee) {
            return directory.customer(customer).block(WAIT).relationships().stream()
                    .filter(r -> r.employee().equals(employee)).findFirst().orElseThrow();
        }

        double refreshes(String outcome) {
            return meters.counter("assist.contacts.edit_refreshes", "outcome", outcome).count();
        }

        void stub(String customer, String remark) {
            wecom.stubFor(get(urlPathEqualTo(GET)).withQueryParam("external_userid", equalTo(customer))
                    .willReturn(okJson(answer(customer, remark))));
        }

        @Test
        void anEditBringsTheEmployeesRemarkAndCorporateTagsAtOnceAndTheSameAnswerAgainChangesNothing() {
            directory.apply(ContactEvent.callback(Kind.ADDED, "wmEdit1", "mia", T, "branch-qr", null, null)).block(WAIT);
            stub("wmEdit1", "王总 高净值");

            edited("wmEdit1", "mia", T.plusSeconds(60));

            FollowRelationship mia = relationship("wmEdit1", "mia");
            assertThat(mia.remark()).isEqualTo("王总 高净值");
            assertThat(mia.tags()).as("corporate tags only: a personal tag has no id").containsExactly("etVIP", "etWealth");
            assertThat(mia.status()).isEqualTo(ContactStatus.ACTIVE);
            assertThat(mia.changedAt()).as("timed by the edit, WeCom's clock").isEqualTo(T.plusSeconds(60));
            assertThat(directory.customer("wmEdit1").block(WAIT).name()).isEqualTo("李四");
            // only the employee who edited: nora follows the customer too, but did not edit
            assertThat(directory.customer("wmEdit1").block(WAIT).relationships()).extracting(FollowRelationship::employee)
                    .containsExactly("mia");
            wecom.verify(1, getRequestedFor(urlPathEqualTo(GET)).withQueryParam("external_userid", equalTo("wmEdit1"))
                    .withQueryParam("access_token", equalTo("T1")));
            assertThat(refreshes("APPLIED")).isEqualTo(1);
            int lines = directory.history("wmEdit1").collectList().block(WAIT).size();

            // the same callback again (WeCom retried it): a duplicate, nothing is read
            assertThat(edited("wmEdit1", "mia", T.plusSeconds(60))).isEqualTo(ApplyOutcome.UNCHANGED);
            wecom.verify(1, getRequestedFor(urlPathEqualTo(GET)));
            // a later edit that changed nothing WeCom answers: read, applied as unchanged, no history line for it
            edited("wmEdit1", "mia", T.plusSeconds(90));
            assertThat(refreshes("UNCHANGED")).isEqualTo(1);
            assertThat(directory.history("wmEdit1").collectList().block(WAIT)).as("the edit's own line only")
                    .hasSize(lines + 1);
            assertThat(relationship("wmEdit1", "mia").remark()).isEqualTo("王总 高净值");
        }

        @Test
        void aRemovalAfterTheEditWinsEvenWhenWeComsAnswerStillListsTheEmployee() {
            directory.apply(ContactEvent.callback(Kind.ADDED, "wmEdit2", "mia", T, null, null, null)).block(WAIT);
            ContactEvent edit = ContactEvent.callback(Kind.EDITED, "wmEdit2", "mia", T.plusSeconds(60), null, null, null);
            ApplyOutcome outcome = directory.apply(edit).block(WAIT);
            // the customer removes the employee; that callback is in before the read's answer is applied
            directory.apply(ContactEvent.callback(Kind.REMOVED_BY_CUSTOMER, "wmEdit2", "mia", T.plusSeconds(61), null,
                    null, null)).block(WAIT);
            stub("wmEdit2", "stale answer");

            refresh.onContactEvent(edit, outcome).block(WAIT);

            FollowRelationship mia = relationship("wmEdit2", "mia");
            assertThat(mia.status()).isEqualTo(ContactStatus.REMOVED_BY_CUSTOMER);
            assertThat(mia.remark()).isNull();
            assertThat(refreshes("OUT_OF_ORDER")).isEqualTo(1);
            // and a removal in the edit's own second wins too, whichever is applied first
            directory.apply(ContactEvent.callback(Kind.ADDED, "wmEdit3", "mia", T, null, null, null)).block(WAIT);
            stub("wmEdit3", "stale answer");
            ContactEvent sameSecond = ContactEvent.callback(Kind.EDITED, "wmEdit3", "mia", T.plusSeconds(60), null,
                    null, null);
            ApplyOutcome first = directory.apply(sameSecond).block(WAIT);
            directory.apply(ContactEvent.callback(Kind.REMOVED_BY_EMPLOYEE, "wmEdit3", "mia", T.plusSeconds(60), null,
                    null, null)).block(WAIT);
            refresh.onContactEvent(sameSecond, first).block(WAIT);
            assertThat(relationship("wmEdit3", "mia").status()).isEqualTo(ContactStatus.REMOVED_BY_EMPLOYEE);
        }

        @Test
        void anEmployeeWhoNoLongerFollowsOrACustomerWeComDoesNotKnowChangesNothing() {
            directory.apply(ContactEvent.callback(Kind.ADDED, "wmEdit4", "zhao", T, null, null, null)).block(WAIT);
            stub("wmEdit4", "x"); // mia and nora follow; zhao does not any more
            edited("wmEdit4", "zhao", T.plusSeconds(5));
            assertThat(relationship("wmEdit4", "zhao").tags()).isEmpty();
            assertThat(relationship("wmEdit4", "zhao").remark()).isNull();

            wecom.stubFor(get(urlPathEqualTo(GET)).withQueryParam("external_userid", equalTo("wmGone"))
                    .willReturn(okJson("{\"errcode\":40096,\"errmsg\":\"invalid external userid\"}")));
            directory.apply(ContactEvent.callback(Kind.ADDED, "wmGone", "mia", T, null, null, null)).block(WAIT);
            edited("wmGone", "mia", T.plusSeconds(5));
            assertThat(relationship("wmGone", "mia").remark()).isNull();
            assertThat(refreshes("GONE")).isEqualTo(2);
        }

        @Test
        void onlyAnEditThatChangedTheRelationshipIsRead() {
            stub("wmEdit5", "x");
            ContactEvent removal = ContactEvent.callback(Kind.REMOVED_BY_EMPLOYEE, "wmEdit5", "mia", T.plusSeconds(10),
                    null, null, null);
            directory.apply(removal).block(WAIT);
            refresh.onContactEvent(removal, ApplyOutcome.APPLIED).block(WAIT);
            // an edit older than the removal is out of order: its read could not change anything either
            assertThat(edited("wmEdit5", "mia", T)).isEqualTo(ApplyOutcome.OUT_OF_ORDER);
            wecom.verify(0, getRequestedFor(urlPathEqualTo(GET)));
            assertThat(relationship("wmEdit5", "mia").status()).isEqualTo(ContactStatus.REMOVED_BY_EMPLOYEE);
        }
    }

    @Nested
    class InMemory extends Contract {
        ContactDirectory newDirectory() {
            return new InMemoryContactDirectory(100);
        }
    }

    @Nested
    class OnRedis extends Contract {
        ContactDirectory newDirectory() {
            return new RedisContactDirectory(RedisTestServer.template(), RedisTestServer.freshPrefix(), 100);
        }
    }
}
