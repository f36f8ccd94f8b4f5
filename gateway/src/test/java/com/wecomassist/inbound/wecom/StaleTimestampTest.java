package com.wecomassist.inbound.wecom;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.wecom.crypto.EncryptedMessage;
import com.wecomassist.wecom.crypto.WecomCallbackCrypto;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** With the default 5-minute clock-skew window, old and future timestamps are refused. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "assist.wecom.corp-id=wwStaleTest",
        "assist.wecom.token=StaleToken",
        "assist.wecom.encoding-aes-key=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
        "assist.wecom.secret=unused"})
@AutoConfigureWebTestClient
@org.springframework.context.annotation.Import(RecordingHandOffConfig.class)
class StaleTimestampTest {

    @Autowired
    WebTestClient web;
    @Autowired
    RecordingHandOff handOff;

    final WecomCallbackCrypto crypto = new WecomCallbackCrypto("StaleToken",
            "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "wwStaleTest");

    @Test
    void refusesTimestampsOutsideTheWindowAndTakesFreshOnes() {
        long now = Instant.now().getEpochSecond();
        assertThat(post(now - 3600, "old")).isEqualTo(401);
        assertThat(post(now + 3600, "future")).isEqualTo(401);
        assertThat(post(now - 60, "fresh")).isEqualTo(200);
        assertThat(handOff.taken).hasSize(1);
        web.post().uri("/wecom/callback?msg_signature=a&timestamp=notanumber&nonce=1").bodyValue("<xml/>")
                .exchange().expectStatus().isUnauthorized();
    }

    private int post(long timestamp, String nonce) {
        String plain = "<xml><ToUserName>wwStaleTest</ToUserName><FromUserName>emp1</FromUserName>"
                + "<CreateTime>" + timestamp + "</CreateTime><MsgType>text</MsgType><Content>hi</Content>"
                + "<MsgId>" + Math.abs(nonce.hashCode()) + "</MsgId><AgentID>1000002</AgentID></xml>";
        EncryptedMessage m = crypto.encrypt(plain, Long.toString(timestamp), nonce);
        return web.post().uri("/wecom/callback?msg_signature={s}&timestamp={t}&nonce={n}", m.signature(),
                        m.timestamp(), m.nonce())
                .contentType(MediaType.TEXT_XML)
                .bodyValue("<xml><Encrypt><![CDATA[" + m.encrypt() + "]]></Encrypt></xml>")
                .exchange().returnResult(Void.class).getStatus().value();
    }
}
