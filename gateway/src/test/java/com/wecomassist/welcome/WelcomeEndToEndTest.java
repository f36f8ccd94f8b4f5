package com.wecomassist.welcome;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.testing.Staff;
import com.wecomassist.testing.WireMocks;
import com.wecomassist.wecom.crypto.EncryptedMessage;
import com.wecomassist.wecom.crypto.WecomCallbackCrypto;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole way of a 客户联系 welcome in the running gateway: WeCom's encrypted add_external_contact
 * callback to our callback URL, the answer at once, and send_welcome_msg at a WireMock WeCom with the
 * event's welcome_code inside its 20 s; the content team's draft and publish through the API (a
 * reviewer other than the author, the compliance check) changing what the next customer of that
 * channel gets; a callback that arrives too late sends nothing and leaves the reason on the trail.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "assist.wecom.corp-id=wx5823bf96d3bd56c7",
        "assist.wecom.token=QDG6eK",
        "assist.wecom.encoding-aes-key=jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
        "assist.wecom.secret=welcome-test",
        "assist.wecom.max-clock-skew=5m",
        "assist.route.account-managers.wmSomeCustomer=am01"})
@AutoConfigureWebTestClient
class WelcomeEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String SEND = "/cgi-bin/externalcontact/send_welcome_msg";
    private static final WireMockServer WECOM = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void wecom(DynamicPropertyRegistry registry) {
        if (!WECOM.isRunning()) {
            WECOM.start();
            WireMocks.warmUp(WECOM);
            WECOM.stubFor(get(urlPathEqualTo("/cgi-bin/gettoken"))
                    .willReturn(okJson("{\"errcode\":0,\"access_token\":\"T\",\"expires_in\":7200}")));
            WECOM.stubFor(post(urlPathEqualTo(SEND)).willReturn(okJson("{\"errcode\":0,\"errmsg\":\"ok\"}")));
        }
        registry.add("assist.wecom.api-base-url", WECOM::baseUrl);
    }

    @AfterAll
    static void stopWecom() {
        WECOM.stop();
    }

    @Autowired
    WebTestClient web;
    @Autowired
    AuditTrail audit;

    final WecomCallbackCrypto crypto = new WecomCallbackCrypto("QDG6eK",
            "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", "wx5823bf96d3bd56c7");

    @Test
    void aNewContactGetsTheWelcomeWithItsCodeWithinSecondsAndTheCallbackIsAnsweredAtOnce() {
        String code = "WC" + UUID.randomUUID();
        long started = System.nanoTime();
        callback(addExternalContact("am01", "wmNew1", "branch01", code, Instant.now()));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));

        LoggedRequest sent = awaitWelcome(code);
        String text = JSON.readTree(sent.getBodyAsString()).path("text").path("content").asString();
        assertThat(text).isNotBlank();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
        AuditEvent onTrail = trail("contact:am01:wmNew1", AuditEvent.Type.SENT);
        assertThat(onTrail.details()).containsEntry("text", text).containsEntry("role", "account-manager")
                .containsEntry("state", "branch01");
    }

    @Test
    void theContentTeamDraftsAReviewerPublishesAndTheChannelsNextCustomerGetsIt() {
        String key = "contact:branch77:*";
        String text = "您好，欢迎关注本行城南支行！营业时间为工作日九点至十七点，有问题请随时留言。";
        JsonNode draft = web.post().uri("/api/welcome/templates/{key}/drafts", key).headers(Staff.as("ed"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("text", text))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(draft.path("check").path("action").asString()).isEqualTo("PASS");
        long version = draft.path("version").asLong();

        // drafted, not published: the channel still gets the default
        String before = "WC" + UUID.randomUUID();
        callback(addExternalContact("zhang", "wmNew2", "branch77", before, Instant.now()));
        assertThat(textOf(awaitWelcome(before))).isNotEqualTo(text);

        web.post().uri("/api/welcome/templates/{key}/versions/{v}/publish", key, version).headers(Staff.as("ed"))
                .exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.reason").isEqualTo("SAME_PERSON");
        web.post().uri("/api/welcome/templates/{key}/versions/{v}/publish", key, version).headers(Staff.as("alice"))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.reviewer").isEqualTo("alice").jsonPath("$.author").isEqualTo("ed");

        String after = "WC" + UUID.randomUUID();
        callback(addExternalContact("zhang", "wmNew3", "branch77", after, Instant.now()));
        assertThat(textOf(awaitWelcome(after))).isEqualTo(text);

        // a text the compliance check does not pass is drafted (with its verdict) but never published
        long bad = web.post().uri("/api/welcome/templates/{key}/drafts", key).headers(Staff.as("ed"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("text", "本理财产品保本保收益，稳赚不赔！"))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody()
                .path("version").asLong();
        web.post().uri("/api/welcome/templates/{key}/versions/{v}/publish", key, bad).headers(Staff.as("alice"))
                .exchange().expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.reason").isEqualTo("NOT_COMPLIANT");
        JsonNode history = web.get().uri("/api/welcome/templates/{key}", key).headers(Staff.as("bob")).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(history.path("inForce").path("version").asLong()).isEqualTo(version);
        assertThat(history.path("versions")).hasSize(2);
        assertThat(history.path("publications")).hasSize(1);
    }

    @Test
    void onlyTheContentTeamReachesTheTemplates() {
        web.get().uri("/api/welcome/templates").headers(Staff.as("carol")).exchange().expectStatus().isForbidden();
        web.get().uri("/api/welcome/templates").headers(Staff.as("ed")).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[?(@.key.code == '*' && @.key.role == '*' && @.key.channel == 'CONTACT')]")
                .exists();
    }

    @Test
    void aCallbackThatArrivesAfterTheCodesTimeSendsNothingAndSaysWhy() {
        String code = "WC" + UUID.randomUUID();
        callback(addExternalContact("am01", "wmLate", "branch01", code, Instant.now().minusSeconds(30)));

        AuditEvent notSent = trail("contact:am01:wmLate", AuditEvent.Type.NOT_SENT);
        assertThat((String) notSent.details().get("reason")).startsWith("too-late");
        WECOM.verify(0, postRequestedFor(urlPathEqualTo(SEND))
                .withRequestBody(matchingJsonPath("$.welcome_code", equalTo(code))));
    }

    private static String addExternalContact(String user, String customer, String state, String code, Instant at) {
        return "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>"
                + "<CreateTime>" + at.getEpochSecond() + "</CreateTime><MsgType><![CDATA[event]]></MsgType>"
                + "<Event><![CDATA[change_external_contact]]></Event><ChangeType><![CDATA[add_external_contact]]></ChangeType>"
                + "<UserID><![CDATA[" + user + "]]></UserID><ExternalUserID><![CDATA[" + customer + "]]></ExternalUserID>"
                + "<State><![CDATA[" + state + "]]></State><WelcomeCode><![CDATA[" + code + "]]></WelcomeCode></xml>";
    }

    private void callback(String xml) {
        EncryptedMessage m = crypto.encrypt(xml, Long.toString(Instant.now().getEpochSecond()),
                UUID.randomUUID().toString().substring(0, 10));
        web.post().uri("/wecom/callback?msg_signature={s}&timestamp={t}&nonce={n}", m.signature(), m.timestamp(),
                        m.nonce())
                .contentType(MediaType.TEXT_XML)
                .bodyValue("<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA["
                        + m.encrypt() + "]]></Encrypt></xml>")
                .exchange().expectStatus().isOk().expectBody().isEmpty();
    }

    private static LoggedRequest awaitWelcome(String code) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<LoggedRequest> found = WECOM.findAll(postRequestedFor(urlPathEqualTo(SEND))
                    .withRequestBody(matchingJsonPath("$.welcome_code", equalTo(code))));
            if (!found.isEmpty()) {
                assertThat(found).hasSize(1);
                return found.get(0);
            }
            sleep();
        }
        throw new AssertionError("no send_welcome_msg with " + code + " within " + WAIT);
    }

    private AuditEvent trail(String conversation, AuditEvent.Type type) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<AuditEvent> events = audit.ofConversation(conversation, 10).collectList().block(WAIT);
            if (events != null) {
                for (AuditEvent e : events) {
                    if (e.type() == type) {
                        return e;
                    }
                }
            }
            sleep();
        }
        throw new AssertionError("no " + type + " on the trail of " + conversation);
    }

    private static String textOf(LoggedRequest request) {
        return JSON.readTree(request.getBodyAsString()).path("text").path("content").asString();
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
