package com.wecomassist.wecom;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.outbound.ConversationNotServableException;
import com.wecomassist.outbound.OutboundReply;
import com.wecomassist.outbound.SentReply;
import com.wecomassist.outbound.wecom.WecomReplySender;
import com.wecomassist.testing.WireMocks;
import com.wecomassist.wecom.memory.InMemoryAccessTokenStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The WeCom API client against WireMock stubs of the WeCom server. */
class WecomApiClientTest {

    /** How long a test waits for an outcome: long, since a busy machine is slow; passing tests never wait it out. */
    private static final Duration WAIT = Duration.ofMinutes(1);

    /**
     * The client's call timeout where the test is not about timeouts. A timeout is retried, and the
     * retry consumes the next state of the test's one-shot scenario stubs (a second gettoken met a
     * 404, a send met the answer meant for the next call): on a busy machine a 2 s timeout made
     * tests of token refresh and errcodes fail on timing. Only {@link #retriesASlowAnswerAfterTheTimeout}
     * sets a short one.
     */
    private static final Duration NO_TIMEOUT_UNDER_TEST = Duration.ofMinutes(1);

    WireMockServer wecom;
    MutableClock clock = new MutableClock(Instant.parse("2026-11-24T08:00:00Z"));
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    InMemoryAccessTokenStore tokenStore = new InMemoryAccessTokenStore();
    WecomAccount account;
    WecomApiClient client;

    @BeforeEach
    void start() {
        wecom = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        wecom.start();
        account = new WecomAccount("wwcorp", "token", null, "secret", 1000002, wecom::baseUrl, false);
        WireMocks.warmUp(wecom);
        client = clientWithTimeout(NO_TIMEOUT_UNDER_TEST);
    }

    private WecomApiClient clientWithTimeout(Duration timeout) {
        WecomProperties settings = new WecomProperties("wwcorp", "token", null, "secret", 1000002,
                URI.create(wecom.baseUrl()), Duration.ofMinutes(5), DataSize.ofKilobytes(64), timeout, 3,
                Duration.ofMillis(20), Duration.ofMinutes(5), Duration.ofHours(72), 1000, Duration.ofMillis(100),
                Duration.ofSeconds(15), Duration.ZERO);
        return new WecomApiClient(WebClient.builder(), account, tokenStore, settings, meters, clock);
    }

    private void tokenAnswers(String... tokens) {
        String scenario = "tokens";
        for (int i = 0; i < tokens.length; i++) {
            wecom.stubFor(get(urlPathEqualTo("/cgi-bin/gettoken")).inScenario(scenario)
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "t" + i)
                    .willSetStateTo("t" + (i + 1))
                    .willReturn(okJson("{\"errcode\":0,\"errmsg\":\"ok\",\"access_token\":\"" + tokens[i]
                            + "\",\"expires_in\":7200}")));
        }
    }

    private void sendAnswers(String... bodies) {
        for (int i = 0; i < bodies.length; i++) {
            wecom.stubFor(post(urlPathEqualTo("/cgi-bin/kf/send_msg")).inScenario("send")
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "s" + i)
                    .willSetStateTo("s" + (i + 1))
                    .willReturn(okJson(bodies[i])));
        }
    }

    private Mono<String> send(String msgid) {
        return client.sendKfText("wkA", "wmB", msgid, "您好");
    }

    @Test
    void asksForOneTokenWhateverTheNumberOfConcurrentCallers() {
        wecom.stubFor(get(urlPathEqualTo("/cgi-bin/gettoken"))
                .willReturn(okJson("{\"errcode\":0,\"access_token\":\"T1\",\"expires_in\":7200}")
                        .withFixedDelay(200)));
        wecom.stubFor(post(urlPathEqualTo("/cgi-bin/kf/send_msg"))
                .willReturn(okJson("{\"errcode\":0,\"errmsg\":\"ok\",\"msgid\":\"m\"}")));
        StepVerifier.create(Flux.range(0, 50).flatMap(i -> send("m" + i)).count())
                .expectNext(50L).verifyComplete();
        wecom.verify(1, getRequestedFor(urlPathEqualTo("/cgi-bin/gettoken"))
                .withQueryParam("corpid", equalTo("wwcorp")).withQueryParam("corpsecret", equalTo("secret")));
        wecom.verify(50, postRequestedFor(urlPathEqualTo("/cgi-bin/kf/send_msg"))
                .withQueryParam("access_token", equalTo("T1")));
    }

    @Test
    void refreshesOnceWhenTheTokenExpiresMidFlight() {
        tokenAnswers("T1", "T2");
        sendAnswers("{\"errcode\":0,\"msgid\":\"a\"}",
                "{\"errcode\":42001,\"errmsg\":\"access_token expired\"}",
                "{\"errcode\":0,\"msgid\":\"b\"}");
        StepVerifier.create(send("a")).expectNext("a").verifyComplete();
        StepVerifier.create(send("b")).expectNext("b").verifyComplete();
        wecom.verify(2, getRequestedFor(urlPathEqualTo("/cgi-bin/gettoken")));
        wecom.verify(1, postRequestedFor(urlPathEqualTo("/cgi-bin/kf/send_msg"))
                .withQueryParam("access_token", equalTo("T2")));
    }

    @Test
    void refreshesOnInvalidTokenButOnlyOnce() {
        tokenAnswers("T1", "T2", "T3");
        sendAnswers("{\"errcode\":40014,\"errmsg\":\"invalid access_token\"}",
                "{\"errcode\":40014,\"errmsg\":\"invalid access_token\"}");
        StepVerifier.create(send("x"))
                .expectErrorSatisfies(e -> assertThat(((WecomApiException) e).errcode()).isEqualTo(40014))
                .verify(WAIT);
        wecom.verify(2, getRequestedFor(urlPathEqualTo("/cgi-bin/gettoken")));
    }

    /**
     * A token this instance holds is used without asking the shared store again; one that another
     * instance replaced after WeCom rejected it costs this instance one rejected call, then it takes the
     * store's new token rather than asking WeCom for a third.
     */
    @Test
    void aKeptTokenIsUsedWithoutTheStoreAndATokenReplacedElsewhereCostsOneRejectedCall() {
        java.util.concurrent.atomic.AtomicInteger storeReads = new java.util.concurrent.atomic.AtomicInteger();
        AccessTokenStore counted = new AccessTokenStore() {
            @Override
            public Mono<AccessToken> get(String key) {
                storeReads.incrementAndGet();
                return tokenStore.get(key);
            }

            @Override
            public Mono<Void> put(String key, AccessToken token) {
                return tokenStore.put(key, token);
            }

            @Override
            public Mono<Void> invalidate(String key, String failedValue) {
                return tokenStore.invalidate(key, failedValue);
            }
        };
        WecomProperties settings = new WecomProperties("wwcorp", "token", null, "secret", 1000002,
                URI.create(wecom.baseUrl()), Duration.ofMinutes(5), DataSize.ofKilobytes(64), NO_TIMEOUT_UNDER_TEST, 3,
                Duration.ofMillis(20), Duration.ofMinutes(5), Duration.ofHours(72), 1000, Duration.ofMillis(100),
                Duration.ofSeconds(15), Duration.ZERO);
        WecomApiClient here = new WecomApiClient(WebClient.builder(), account, counted, settings, meters, clock);
        tokenAnswers("T1", "T2");
        wecom.stubFor(post(urlPathEqualTo("/cgi-bin/kf/send_msg")).withQueryParam("access_token", equalTo("T1"))
                .willReturn(okJson("{\"errcode\":0,\"msgid\":\"m\"}")));
        for (int i = 0; i < 5; i++) {
            StepVerifier.create(here.sendKfText("wkA", "wmB", "m" + i, "您好")).expectNext("m").verifyComplete();
        }
        assertThat(storeReads.get()).as("read until it had a token, then kept").isLessThanOrEqualTo(2);

        // another instance was told T1 is invalid and got T2; WeCom now refuses T1
        tokenStore.put(account.tokenCacheKey(), new AccessToken("T2", clock.instant().plusSeconds(7200))).block(WAIT);
        wecom.stubFor(post(urlPathEqualTo("/cgi-bin/kf/send_msg")).withQueryParam("access_token", equalTo("T1"))
                .willReturn(okJson("{\"errcode\":40014,\"errmsg\":\"invalid access_token\"}")));
        wecom.stubFor(post(urlPathEqualTo("/cgi-bin/kf/send_msg")).withQueryParam("access_token", equalTo("T2"))
                .willReturn(okJson("{\"errcode\":0,\"msgid\":\"n\"}")));
        StepVerifier.create(here.sendKfText("wkA", "wmB", "n1", "您好")).expectNext("n").verifyComplete();
        StepVerifier.create(here.sendKfText("wkA", "wmB", "n2", "您好")).expectNext("n").verifyComplete();
        wecom.verify(1, postRequestedFor(urlPathEqualTo("/cgi-bin/kf/send_msg")).withQueryParam("access_token", equalTo("T1"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("n1")));
        wecom.verify(2, postRequestedFor(urlPathEqualTo("/cgi-bin/kf/send_msg")).withQueryParam("access_token", equalTo("T2")));
        wecom.verify(1, getRequestedFor(urlPathEqualTo("/cgi-bin/gettoken")));
    }

    @Test
    void refreshesProactivelyBeforeExpiry() {
        tokenAnswers("T1", "T2");
        wecom.stubFor(post(urlPathEqualTo("/cgi-bin/kf/send_msg")).willReturn(okJson("{\"errcode\":0,\"msgid\":\"m\"}")));
        StepVerifier.create(send("m")).expectNext("m").verifyComplete();
        clock.advance(Duration.ofSeconds(7200 - 299)); // inside the 5-minute margin, not yet expired
        StepVerifier.create(send("m")).expectNext("m").verifyComplete();
        wecom.verify(1, postRequestedFor(urlPathEqualTo("/cgi-bin/kf/send_msg"))
                .withQueryParam("access_token", equalTo("T2")));
    }

    @Test
    void retriesSystemBusyAndRateLimitsWithBackoff() {
        tokenAnswers("T1");
        sendAnswers("{\"errcode\":-1,\"errmsg\":\"system busy\"}", "{\"errcode\":45009,\"errmsg\":\"api freq out of limit\"}",
                "{\"errcode\":0,\"msgid\":\"ok\"}");
        StepVerifier.create(send("ok")).expectNext("ok").verifyComplete();
        wecom.verify(3, postRequestedFor(urlPathEqualTo("/cgi-bin/kf/send_msg")));
    }

    @Test
    void givesUpAfterTheConfiguredRetriesWithTheErrcode() {
        tokenAnswers("T1");
        wecom.stubFor(post(urlPathEqualTo("/cgi-bin/kf/send_msg")).willReturn(okJson("{\"errcode\":-1,\"errmsg\":\"busy\"}")));
        StepVerifier.create(send("x"))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(WecomApiException.class);
                    assertThat(((WecomApiException) e).errcode()).isEqualTo(-1);
                    assertThat(((WecomApiException) e).retryable()).isTrue();
                })
                .verify(WAIT);
        wecom.verify(4, postRequestedFor(urlPathEqualTo("/cgi-bin/kf/send_msg")));
        assertThat(meters.counter("assist.wecom.api.calls", "api", "kf/send_msg", "errcode", "-1").count()).isEqualTo(4);
        // every call is timed, retries included
        assertThat(meters.timer("assist.wecom.api.latency", "api", "kf/send_msg").count()).isEqualTo(4);
    }

    @Test
    void neverRetriesWhenAPersonOwnsTheSession() {
        tokenAnswers("T1");
        sendAnswers("{\"errcode\":95018,\"errmsg\":\"send msg session status invalid\"}");
        StepVerifier.create(send("x"))
                .expectErrorSatisfies(e -> assertThat(((WecomApiException) e).sessionNotServable()).isTrue())
                .verify(WAIT);
        wecom.verify(1, postRequestedFor(urlPathEqualTo("/cgi-bin/kf/send_msg")));
    }

    @Test
    void neverRetriesOtherPermanentErrors() {
        tokenAnswers("T1");
        sendAnswers("{\"errcode\":40058,\"errmsg\":\"invalid parameter\"}");
        StepVerifier.create(send("x")).expectError(WecomApiException.class).verify(WAIT);
        wecom.verify(1, postRequestedFor(urlPathEqualTo("/cgi-bin/kf/send_msg")));
    }

    @Test
    void retriesASlowAnswerAfterTheTimeout() {
        // The token is cached already: this test times send_msg alone. Fetched under the same short
        // timeout, a slow gettoken would be retried too, into a one-shot stub that has moved on (404).
        tokenStore.put(account.tokenCacheKey(), new AccessToken("T1", clock.instant().plus(Duration.ofHours(2))))
                .block(WAIT);
        client = clientWithTimeout(Duration.ofMillis(500));
        // The late answer comes long after the timeout, so that a busy machine firing the timer late
        // still cannot see it first.
        StubMapping late = wecom.stubFor(post(urlPathEqualTo("/cgi-bin/kf/send_msg")).inScenario("slow")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("fast")
                .willReturn(okJson("{\"errcode\":0,\"msgid\":\"late\"}").withFixedDelay(5000)));
        wecom.stubFor(post(urlPathEqualTo("/cgi-bin/kf/send_msg")).inScenario("slow")
                .whenScenarioStateIs("fast")
                .willReturn(okJson("{\"errcode\":0,\"msgid\":\"quick\"}")));
        StepVerifier.create(send("quick")).expectNext("quick").verifyComplete();
        // Exactly one call met the slow answer; the retries after it (one, or more when even a quick
        // answer misses 500 ms on a busy machine) are all answered "quick".
        assertThat(wecom.getAllServeEvents()).filteredOn(e -> e.getStubMapping() != null
                        && late.getId().equals(e.getStubMapping().getId()))
                .hasSize(1);
        wecom.verify(0, getRequestedFor(urlPathEqualTo("/cgi-bin/gettoken")));
    }

    @Test
    void retriesServerErrorsAndReportsUnreachableWeCom() {
        tokenAnswers("T1");
        wecom.stubFor(post(urlPathEqualTo("/cgi-bin/kf/send_msg")).willReturn(aResponse().withStatus(502)));
        StepVerifier.create(send("x"))
                .expectErrorSatisfies(e -> assertThat(((WecomApiException) e).retryable()).isTrue())
                .verify(WAIT);
        wecom.verify(4, postRequestedFor(urlPathEqualTo("/cgi-bin/kf/send_msg")));
    }

    @Test
    void reportsABadSecretFromGettokenWithoutHammeringIt() {
        wecom.stubFor(get(urlPathEqualTo("/cgi-bin/gettoken"))
                .willReturn(okJson("{\"errcode\":40001,\"errmsg\":\"invalid credential\"}")));
        StepVerifier.create(send("x"))
                .expectErrorSatisfies(e -> assertThat(((WecomApiException) e).errcode()).isEqualTo(40001))
                .verify(WAIT);
        wecom.verify(1, getRequestedFor(urlPathEqualTo("/cgi-bin/gettoken")));
    }

    @Test
    void sendsTheDocumentedBodies() {
        tokenAnswers("T1");
        wecom.stubFor(post(urlPathEqualTo("/cgi-bin/kf/sync_msg"))
                .willReturn(okJson("{\"errcode\":0,\"next_cursor\":\"c9\",\"has_more\":0,\"msg_list\":[]}")));
        wecom.stubFor(post(urlPathEqualTo("/cgi-bin/kf/service_state/get"))
                .willReturn(okJson("{\"errcode\":0,\"service_state\":3,\"servicer_userid\":\"zhangsan\"}")));
        wecom.stubFor(post(urlPathEqualTo("/cgi-bin/kf/service_state/trans"))
                .willReturn(okJson("{\"errcode\":0,\"msg_code\":\"MC\"}")));
        wecom.stubFor(post(urlPathEqualTo("/cgi-bin/message/send"))
                .willReturn(okJson("{\"errcode\":0,\"msgid\":\"appmsg\"}")));

        StepVerifier.create(client.syncMessages("wkA", "c1", "cbtoken", 1000))
                .assertNext(answer -> assertThat(answer.path("next_cursor").asString()).isEqualTo("c9"))
                .verifyComplete();
        wecom.verify(postRequestedFor(urlPathEqualTo("/cgi-bin/kf/sync_msg")).withRequestBody(equalToJson(
                "{\"cursor\":\"c1\",\"token\":\"cbtoken\",\"limit\":1000,\"voice_format\":0,\"open_kfid\":\"wkA\"}")));

        StepVerifier.create(client.serviceState("wkA", "wmB"))
                .expectNext(new ServiceState(3, "zhangsan")).verifyComplete();
        StepVerifier.create(client.transferServiceState("wkA", "wmB", 2, null)).expectNext("MC").verifyComplete();
        wecom.verify(postRequestedFor(urlPathEqualTo("/cgi-bin/kf/service_state/trans")).withRequestBody(equalToJson(
                "{\"open_kfid\":\"wkA\",\"external_userid\":\"wmB\",\"service_state\":2}")));
        StepVerifier.create(client.sendAppText(1000002, "zhangsan", "你好", Duration.ofMinutes(30)))
                .expectNext("appmsg").verifyComplete();
        // WeCom's duplicate check: message/send has no msgid of ours to make a retry harmless
        wecom.verify(postRequestedFor(urlPathEqualTo("/cgi-bin/message/send")).withRequestBody(equalToJson(
                "{\"touser\":\"zhangsan\",\"msgtype\":\"text\",\"agentid\":1000002,\"text\":{\"content\":\"你好\"},"
                        + "\"enable_duplicate_check\":1,\"duplicate_check_interval\":1800}")));
    }

    @Test
    void aLongReplyGoesAsSeveralMessagesWithStableIds() {
        tokenAnswers("T1");
        wecom.stubFor(post(urlPathEqualTo("/cgi-bin/kf/send_msg"))
                .willReturn(okJson("{\"errcode\":0,\"msgid\":\"ignored\"}").withTransformers()));
        WecomReplySender sender = new WecomReplySender(client, 1000002, Duration.ofMinutes(30));
        String sentence = "信用卡挂失后，新卡将在七个工作日内寄出。"; // 20 chars, 60 bytes
        String text = sentence.repeat(80); // 4800 bytes: three parts
        OutboundReply reply = OutboundReply.text("draft-42", ConversationKey.kf("wkA", "wmB"), text);
        SentReply first = sender.send(reply).block(WAIT);
        SentReply again = sender.send(reply).block(WAIT);
        assertThat(first.wecomMessageIds()).hasSize(3);
        List<String> bodies = wecom.findAll(postRequestedFor(urlPathEqualTo("/cgi-bin/kf/send_msg")))
                .stream().map(r -> r.getBodyAsString()).toList();
        assertThat(bodies).hasSize(6);
        // a retry of the same reply uses the same msgids, so WeCom can drop the copies
        assertThat(bodies.subList(0, 3)).isEqualTo(bodies.subList(3, 6));
        assertThat(bodies).allSatisfy(b -> assertThat(b.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isLessThan(2048 + 200));
        assertThat(again).isEqualTo(first);
    }

    @Test
    void aReplyIntoAHumanOwnedSessionIsRefusedAsNotServable() {
        tokenAnswers("T1");
        sendAnswers("{\"errcode\":95018,\"errmsg\":\"send msg session status invalid\"}");
        WecomReplySender sender = new WecomReplySender(client, null, Duration.ofMinutes(30));
        StepVerifier.create(sender.send(OutboundReply.text("r1", ConversationKey.kf("wkA", "wmB"), "您好")))
                .expectError(ConversationNotServableException.class).verify(WAIT);
    }

    @Test
    void groupSendCallsSendTheDocumentedBodiesAndReadTheAnswers() {
        tokenAnswers("T1");
        wecom.stubFor(post(urlPathEqualTo("/cgi-bin/externalcontact/add_msg_template")).willReturn(okJson(
                "{\"errcode\":0,\"errmsg\":\"ok\",\"fail_list\":[\"wmGone\"],\"msgid\":\"msgGCA\"}")));
        wecom.stubFor(post(urlPathEqualTo("/cgi-bin/externalcontact/get_groupmsg_task")).willReturn(okJson(
                "{\"errcode\":0,\"next_cursor\":\"\",\"task_list\":[{\"userid\":\"zhangwei\",\"status\":2,"
                        + "\"send_time\":1765159200}]}")));
        wecom.stubFor(post(urlPathEqualTo("/cgi-bin/externalcontact/get_groupmsg_send_result")).willReturn(okJson(
                "{\"errcode\":0,\"next_cursor\":\"c2\",\"send_list\":[{\"external_userid\":\"wmA\","
                        + "\"userid\":\"zhangwei\",\"status\":3}]}")));
        wecom.stubFor(post(urlPathEqualTo("/cgi-bin/externalcontact/remind_groupmsg_send"))
                .willReturn(okJson("{\"errcode\":0,\"errmsg\":\"ok\"}")));
        wecom.stubFor(post(urlPathEqualTo("/cgi-bin/externalcontact/cancel_groupmsg_send"))
                .willReturn(okJson("{\"errcode\":0,\"errmsg\":\"ok\"}")));

        List<java.util.Map<String, Object>> attachments = List.of(java.util.Map.of("msgtype", "link",
                "link", java.util.Map.of("title", "理财到期提醒", "url", "https://bank.example/p/1")));
        StepVerifier.create(client.addGroupMessage("zhangwei", List.of("wmA", "wmGone"), "您好，您的理财下周到期。", attachments))
                .expectNext(new GroupMessageTask("msgGCA", List.of("wmGone"))).verifyComplete();
        wecom.verify(postRequestedFor(urlPathEqualTo("/cgi-bin/externalcontact/add_msg_template"))
                .withQueryParam("access_token", equalTo("T1"))
                .withRequestBody(equalToJson("{\"chat_type\":\"single\",\"external_userid\":[\"wmA\",\"wmGone\"],"
                        + "\"sender\":\"zhangwei\",\"text\":{\"content\":\"您好，您的理财下周到期。\"},"
                        + "\"attachments\":[{\"msgtype\":\"link\",\"link\":{\"title\":\"理财到期提醒\","
                        + "\"url\":\"https://bank.example/p/1\"}}]}")));
        // text alone: no attachments field at all
        StepVerifier.create(client.addGroupMessage("zhangwei", List.of("wmA"), "只有文字", null))
                .expectNextCount(1).verifyComplete();
        wecom.verify(postRequestedFor(urlPathEqualTo("/cgi-bin/externalcontact/add_msg_template")).withRequestBody(
                equalToJson("{\"chat_type\":\"single\",\"external_userid\":[\"wmA\"],\"sender\":\"zhangwei\","
                        + "\"text\":{\"content\":\"只有文字\"}}")));

        StepVerifier.create(client.groupMessageTask("msgGCA", null, 1000))
                .assertNext(answer -> {
                    assertThat(answer.path("task_list").get(0).path("status").asInt()).isEqualTo(2);
                    assertThat(answer.path("task_list").get(0).path("send_time").asLong()).isEqualTo(1765159200L);
                }).verifyComplete();
        wecom.verify(postRequestedFor(urlPathEqualTo("/cgi-bin/externalcontact/get_groupmsg_task")).withRequestBody(
                equalToJson("{\"msgid\":\"msgGCA\",\"limit\":1000,\"cursor\":\"\"}")));

        StepVerifier.create(client.groupMessageSendResults("msgGCA", "zhangwei", "c1", 500))
                .assertNext(answer -> {
                    assertThat(answer.path("next_cursor").asString()).isEqualTo("c2");
                    assertThat(answer.path("send_list").get(0).path("status").asInt()).isEqualTo(3);
                }).verifyComplete();
        wecom.verify(postRequestedFor(urlPathEqualTo("/cgi-bin/externalcontact/get_groupmsg_send_result")).withRequestBody(
                equalToJson("{\"msgid\":\"msgGCA\",\"userid\":\"zhangwei\",\"limit\":500,\"cursor\":\"c1\"}")));

        StepVerifier.create(client.remindGroupMessage("msgGCA")).verifyComplete();
        wecom.verify(postRequestedFor(urlPathEqualTo("/cgi-bin/externalcontact/remind_groupmsg_send"))
                .withRequestBody(equalToJson("{\"msgid\":\"msgGCA\"}")));
        StepVerifier.create(client.cancelGroupMessage("msgGCA")).verifyComplete();
        wecom.verify(postRequestedFor(urlPathEqualTo("/cgi-bin/externalcontact/cancel_groupmsg_send"))
                .withRequestBody(equalToJson("{\"msgid\":\"msgGCA\"}")));
    }

    @Test
    void aGroupMessageTaskIsNeverCreatedTwiceAfterNoAnswerButIsRetriedWhenWeComSaysBusy() {
        tokenAnswers("T1");
        wecom.stubFor(post(urlPathEqualTo("/cgi-bin/externalcontact/add_msg_template"))
                .willReturn(aResponse().withStatus(502)));
        StepVerifier.create(client.addGroupMessage("zhangwei", List.of("wmA"), "您好", null))
                .expectErrorSatisfies(e -> {
                    WecomApiException w = (WecomApiException) e;
                    // WeCom may have created it: the caller must not simply create it again
                    assertThat(w.unanswered()).isTrue();
                    assertThat(w.api()).isEqualTo("externalcontact/add_msg_template");
                })
                .verify(WAIT);
        wecom.verify(1, postRequestedFor(urlPathEqualTo("/cgi-bin/externalcontact/add_msg_template")));

        wecom.resetRequests();
        String scenario = "busy";
        wecom.stubFor(post(urlPathEqualTo("/cgi-bin/externalcontact/add_msg_template")).inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("free")
                .willReturn(okJson("{\"errcode\":-1,\"errmsg\":\"system busy\"}")));
        wecom.stubFor(post(urlPathEqualTo("/cgi-bin/externalcontact/add_msg_template")).inScenario(scenario)
                .whenScenarioStateIs("free")
                .willReturn(okJson("{\"errcode\":0,\"fail_list\":[],\"msgid\":\"msgB\"}")));
        StepVerifier.create(client.addGroupMessage("zhangwei", List.of("wmA"), "您好", null))
                .expectNext(new GroupMessageTask("msgB", List.of())).verifyComplete();
        wecom.verify(2, postRequestedFor(urlPathEqualTo("/cgi-bin/externalcontact/add_msg_template")));
    }

    @Test
    void aRemindOverWeComsLimitIsNotRetriedAndACancelWithoutAnswerIs() {
        tokenAnswers("T1");
        wecom.stubFor(post(urlPathEqualTo("/cgi-bin/externalcontact/remind_groupmsg_send"))
                .willReturn(okJson("{\"errcode\":40058,\"errmsg\":\"at most 3 reminders per task in 24 hours\"}")));
        StepVerifier.create(client.remindGroupMessage("msgGCA"))
                .expectErrorSatisfies(e -> {
                    assertThat(((WecomApiException) e).errcode()).isEqualTo(40058);
                    assertThat(((WecomApiException) e).unanswered()).isFalse();
                })
                .verify(WAIT);
        wecom.verify(1, postRequestedFor(urlPathEqualTo("/cgi-bin/externalcontact/remind_groupmsg_send")));
        // a reminder without answer may have been spent: not sent again
        wecom.stubFor(post(urlPathEqualTo("/cgi-bin/externalcontact/remind_groupmsg_send"))
                .willReturn(aResponse().withStatus(503)));
        StepVerifier.create(client.remindGroupMessage("msgGCA")).expectError(WecomApiException.class).verify(WAIT);
        wecom.verify(2, postRequestedFor(urlPathEqualTo("/cgi-bin/externalcontact/remind_groupmsg_send")));
        // cancelling twice does no harm: retried like a read
        wecom.stubFor(post(urlPathEqualTo("/cgi-bin/externalcontact/cancel_groupmsg_send"))
                .willReturn(aResponse().withStatus(502)));
        StepVerifier.create(client.cancelGroupMessage("msgGCA")).expectError(WecomApiException.class).verify(WAIT);
        wecom.verify(4, postRequestedFor(urlPathEqualTo("/cgi-bin/externalcontact/cancel_groupmsg_send")));
    }
}
