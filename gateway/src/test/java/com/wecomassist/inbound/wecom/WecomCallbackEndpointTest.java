package com.wecomassist.inbound.wecom;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.inbound.InboundMessage;
import com.wecomassist.inbound.MessageKind;
import com.wecomassist.inbound.MessageOrigin;
import com.wecomassist.wecom.crypto.EncryptedMessage;
import com.wecomassist.wecom.crypto.WecomCallbackCrypto;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The callback endpoint with a real account configuration (Tencent's sample token, key and CorpID)
 * and the timestamp check off, so that the published, years-old vectors verify.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "assist.wecom.corp-id=wx5823bf96d3bd56c7",
        "assist.wecom.token=QDG6eK",
        "assist.wecom.encoding-aes-key=jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
        "assist.wecom.secret=unused-in-this-test",
        "assist.wecom.max-clock-skew=0",
        "assist.wecom.max-callback-body=4KB"})
@AutoConfigureWebTestClient
@org.springframework.context.annotation.Import(RecordingHandOffConfig.class)
class WecomCallbackEndpointTest {

    @Autowired
    WebTestClient web;
    @Autowired
    RecordingHandOff handOff;
    @Autowired
    MeterRegistry meters;
    @Autowired
    CallbackWarmUp warmUp;

    static Map<String, JsonNode> vectors = new HashMap<>();
    final WecomCallbackCrypto crypto = new WecomCallbackCrypto("QDG6eK",
            "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", "wx5823bf96d3bd56c7");

    @BeforeEach
    void load() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/wecom/vectors.json")) {
            JsonMapper.builder().build().readTree(in).get("vectors")
                    .forEach(v -> vectors.put(v.get("id").asString(), v));
        }
        handOff.taken.clear();
        handOff.refuse = false;
    }

    @Test
    void answersUrlVerificationWithTheBareEchostr() {
        JsonNode a1 = vectors.get("A1");
        String body = web.get().uri(verificationUri(a1.get("raw_query").asString()), verificationVars(a1.get("raw_query").asString()))
                .exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_PLAIN)
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(body).isEqualTo("1616140317555161061");
    }

    @Test
    void refusesUrlVerificationWithABadSignature() {
        JsonNode a1 = vectors.get("A1");
        String query = a1.get("raw_query").asString().replace(a1.get("msg_signature").asString(), "0".repeat(40));
        long before = rejected("bad_signature");
        web.get().uri(verificationUri(query), verificationVars(query)).exchange().expectStatus().isUnauthorized()
                .expectBody().isEmpty();
        assertThat(rejected("bad_signature")).isEqualTo(before + 1);
    }

    @Test
    void takesTheXmlAppMessageFromTheOfficialSample() {
        JsonNode a2 = vectors.get("A2");
        post(a2.get("msg_signature").asString(), a2.get("timestamp").asString(), a2.get("nonce").asString(),
                a2.get("post_body").asString())
                .expectStatus().isOk()
                // WeCom's requests carry no cookies and get none: no session, no CSRF token (its own security chain)
                .expectHeader().doesNotExist(org.springframework.http.HttpHeaders.SET_COOKIE)
                .expectBody().isEmpty();
        assertThat(handOff.taken).hasSize(1);
        InboundMessage m = handOff.taken.get(0);
        assertThat(m.messageId()).isEqualTo("app-4561255354251345929");
        assertThat(m.origin()).isEqualTo(MessageOrigin.EMPLOYEE);
        assertThat(m.kind()).isEqualTo(MessageKind.TEXT);
        assertThat(m.text()).isEqualTo("hello");
        assertThat(m.conversation().id()).isEqualTo("app:218:mycreate");
    }

    @Test
    void takesTheJsonEnvelopeFromTheOfficialSample() {
        JsonNode a3 = vectors.get("A3");
        String envelope = "{\"tousername\":\"wx5823bf96d3bd56c7\",\"encrypt\":\"" + a3.get("encrypt").asString()
                + "\",\"agentid\":\"218\"}";
        post(a3.get("msg_signature").asString(), a3.get("timestamp").asString(), a3.get("nonce").asString(), envelope)
                .expectStatus().isOk();
        assertThat(handOff.taken).singleElement().satisfies(m -> assertThat(m.text()).isEqualTo("hello"));
    }

    @Test
    void refusesAReplayedCallback() {
        EncryptedMessage m = crypto.encrypt(appText("replay-1", "第一次"), "1700000000", "replay-nonce");
        post(m, envelope(m)).expectStatus().isOk();
        long before = rejected("replayed");
        post(m, envelope(m)).expectStatus().isEqualTo(409).expectBody().isEmpty();
        assertThat(rejected("replayed")).isEqualTo(before + 1);
        assertThat(handOff.taken).hasSize(1);
    }

    @Test
    void answersNon200WhenTheMessageCannotBeHandedOnAndAcceptsWeComsRetry() {
        EncryptedMessage m = crypto.encrypt(appText("retry-1", "转账限额是多少"), "1700000001", "retry-nonce");
        handOff.refuse = true;
        post(m, envelope(m)).expectStatus().isEqualTo(503);
        handOff.refuse = false;
        post(m, envelope(m)).expectStatus().isOk();
        assertThat(handOff.taken).singleElement().satisfies(x -> assertThat(x.text()).isEqualTo("转账限额是多少"));
    }

    @Test
    void refusesATamperedSignature() {
        EncryptedMessage m = crypto.encrypt(appText("sig-1", "x"), "1700000002", "sig-nonce");
        post("f".repeat(40), m.timestamp(), m.nonce(), envelope(m)).expectStatus().isUnauthorized();
        post(m.signature(), m.timestamp(), "other-nonce", envelope(m)).expectStatus().isUnauthorized();
        assertThat(handOff.taken).isEmpty();
    }

    @Test
    void refusesAMessageForAnotherCorp() {
        WecomCallbackCrypto otherReceiver = new WecomCallbackCrypto("QDG6eK",
                "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", "wwAnotherCorp");
        EncryptedMessage m = otherReceiver.encrypt(appText("corp-1", "x"), "1700000003", "corp-nonce");
        long before = rejected("wrong_receiver");
        post(m, envelope(m)).expectStatus().isForbidden().expectBody().isEmpty();
        assertThat(rejected("wrong_receiver")).isEqualTo(before + 1);
    }

    @Test
    void refusesMalformedEnvelopesAndPlaintexts() {
        post("a".repeat(40), "1", "2", "<xml><Encrypt>unclosed").expectStatus().isBadRequest();
        post("a".repeat(40), "1", "2", "no envelope at all").expectStatus().isBadRequest();
        post("a".repeat(40), "1", "2", "<xml><ToUserName>x</ToUserName></xml>").expectStatus().isBadRequest();
        // a correctly signed and encrypted plaintext that is not a document (like vector B3's broken JSON)
        EncryptedMessage broken = crypto.encrypt("{ \"ToUserName\": :broken\" }", "1700000004", "bad-json");
        post(broken, envelope(broken)).expectStatus().isBadRequest();
        assertThat(handOff.taken).isEmpty();
    }

    @Test
    void refusesDoctypesAndExternalEntitiesWithoutReadingFiles() throws Exception {
        Path secret = Files.createTempFile("xxe", ".txt");
        Files.writeString(secret, "SECRET-FILE-CONTENT");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY e SYSTEM \"" + secret.toUri() + "\">]>"
                + "<xml><Encrypt>&e;</Encrypt></xml>";
        String body = post("a".repeat(40), "1", "2", xxe).expectStatus().isBadRequest()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(body).isNull();
        String billionLaughs = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\">"
                + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><xml><Encrypt>&b;</Encrypt></xml>";
        post("a".repeat(40), "1", "2", billionLaughs).expectStatus().isBadRequest();
        // an encrypted plaintext with a DOCTYPE is refused as well
        EncryptedMessage inner = crypto.encrypt("<!DOCTYPE x [<!ENTITY e SYSTEM \"" + secret.toUri() + "\">]>"
                + "<xml><MsgType>text</MsgType><Content>&e;</Content><MsgId>1</MsgId><FromUserName>u</FromUserName>"
                + "</xml>", "1700000005", "xxe-inner");
        post(inner, envelope(inner)).expectStatus().isBadRequest();
        assertThat(handOff.taken).isEmpty();
    }

    @Test
    void refusesAnOversizedBody() {
        long before = rejected("too_large");
        post("a".repeat(40), "1", "2", "<xml><Encrypt>" + "A".repeat(8 * 1024) + "</Encrypt></xml>")
                .expectStatus().isEqualTo(413).expectBody().isEmpty();
        assertThat(rejected("too_large")).isEqualTo(before + 1);
    }

    @Test
    void theWarmUpRunsSignedCallbacksThroughThePathAndHandsNothingOn() {
        double before = accepted("warm_up");
        double kfBefore = accepted("kf");
        double rejectedBefore = meters.find("assist.callback.rejected").counters().stream()
                .mapToDouble(c -> c.count()).sum();

        long answered = warmUp.warmUp(300, java.time.Duration.ofSeconds(30));

        assertThat(answered).isEqualTo(300);
        assertThat(accepted("warm_up") - before).isEqualTo(300);
        assertThat(accepted("kf")).isEqualTo(kfBefore);
        assertThat(meters.find("assist.callback.rejected").counters().stream().mapToDouble(c -> c.count()).sum())
                .isEqualTo(rejectedBefore);
        assertThat(handOff.taken).isEmpty();
    }

    @Test
    void theWarmUpGivesWayToTheFirstRealCallback() throws Exception {
        var warming = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> warmUp.warmUp(1_000_000, java.time.Duration.ofSeconds(60)));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> accepted("warm_up") > 0);

        // a real callback (a 微信客服 event without an account: taken, nothing pulled)
        EncryptedMessage m = crypto.encrypt("<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>"
                + "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[kf_msg_or_event]]></Event></xml>",
                "1700000003", "give-way-nonce");
        post(m, envelope(m)).expectStatus().isOk();

        long posted = warming.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(posted).isLessThan(1_000_000);
    }

    private double accepted(String type) {
        var counter = meters.find("assist.callback.accepted").tag("type", type).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void answersOtherMethodsWith405AndTheAllowedOnes() {
        web.put().uri("/wecom/callback").exchange()
                .expectStatus().isEqualTo(405)
                .expectHeader().value("Allow", allow -> assertThat(allow).contains("GET").contains("POST"));
    }

    @Test
    void aCallbackNeedsNoSessionAndGetsNoCookie() {
        // served before the staff security chain: neither a session nor a CSRF cookie is made for WeCom
        web.post().uri("/wecom/callback?msg_signature=x&timestamp=1&nonce=2").bodyValue("<xml></xml>")
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().doesNotExist("Set-Cookie");
    }

    @Test
    void refusesMissingQueryParameters() {
        web.post().uri("/wecom/callback?timestamp=1&nonce=2").bodyValue("<xml/>").exchange()
                .expectStatus().isBadRequest();
        web.get().uri("/wecom/callback?msg_signature=a&timestamp=1&nonce=2").exchange()
                .expectStatus().isBadRequest();
    }

    @Test
    void keepsServingAfterAStormOfBadCallbacks() {
        for (int i = 0; i < 50; i++) {
            post("b".repeat(40), "1", "n" + i, "<xml><Encrypt>AAAA</Encrypt></xml>").expectStatus().isUnauthorized();
        }
        EncryptedMessage m = crypto.encrypt(appText("after-storm", "还在吗"), "1700000006", "after-storm");
        post(m, envelope(m)).expectStatus().isOk();
        assertThat(handOff.taken).hasSize(1);
    }

    /** The recorded query as a template whose values WebTestClient encodes (%2B, %2F, %3D) again. */
    private static String verificationUri(String rawQuery) {
        return "/wecom/callback?msg_signature={s}&timestamp={t}&nonce={n}&echostr={e}";
    }

    private static Object[] verificationVars(String rawQuery) {
        Map<String, String> q = new HashMap<>();
        for (String pair : rawQuery.split("&")) {
            String[] kv = pair.split("=", 2);
            q.put(kv[0], java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThat(q.get("echostr")).contains("/").contains("+");
        return new Object[]{q.get("msg_signature"), q.get("timestamp"), q.get("nonce"), q.get("echostr")};
    }

    private long rejected(String reason) {
        var counter = meters.find("assist.callback.rejected").tag("reason", reason).counter();
        return counter == null ? 0 : (long) counter.count();
    }

    private WebTestClient.ResponseSpec post(EncryptedMessage m, String body) {
        return post(m.signature(), m.timestamp(), m.nonce(), body);
    }

    private WebTestClient.ResponseSpec post(String signature, String timestamp, String nonce, String body) {
        return web.post().uri("/wecom/callback?msg_signature={s}&timestamp={t}&nonce={n}", signature, timestamp, nonce)
                .contentType(MediaType.TEXT_XML)
                .bodyValue(body)
                .exchange();
    }

    private static String envelope(EncryptedMessage m) {
        return "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA[" + m.encrypt()
                + "]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>";
    }

    private static final AtomicLong ids = new AtomicLong(9_000);

    private static String appText(String tag, String content) {
        return "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><FromUserName><![CDATA[" + tag
                + "]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                + "<Content><![CDATA[" + content + "]]></Content><MsgId>" + ids.incrementAndGet()
                + "</MsgId><AgentID>218</AgentID></xml>";
    }
}
