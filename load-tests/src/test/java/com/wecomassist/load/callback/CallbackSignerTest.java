package com.wecomassist.load.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CallbackSignerTest {

    // Vector A1 of shared/wecom/vectors.json (Tencent's Go sample): token, key, receiveId, signature, ciphertext.
    private static final String TOKEN = "QDG6eK";
    private static final String KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
    private static final String CORP = "wx5823bf96d3bd56c7";
    private static final String ENCRYPT = "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==";

    @Test
    void reproducesTencentsPublishedVector() {
        CallbackSigner signer = new CallbackSigner(TOKEN, KEY, CORP);
        assertThat(signer.signature("1409659589", "263014780", ENCRYPT)).isEqualTo("5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3");
        assertThat(signer.decrypt(ENCRYPT)).isEqualTo("1616140317555161061");
        byte[] prefix = "c41b64491c2468d0".getBytes(StandardCharsets.US_ASCII);
        assertThat(signer.encrypt("1616140317555161061", prefix)).isEqualTo(ENCRYPT);
    }

    @Test
    void buildsAFreshSignedKfCallbackEachTime() {
        CallbackSigner signer = new CallbackSigner(TOKEN, KEY, CORP);
        CallbackSigner.SignedCallback a = signer.kfEvent("wkLoad00");
        CallbackSigner.SignedCallback b = signer.kfEvent("wkLoad00");
        assertThat(a.nonce()).isNotEqualTo(b.nonce());
        assertThat(a.query()).isEqualTo("msg_signature=" + a.signature() + "&timestamp=" + a.timestamp() + "&nonce=" + a.nonce());
        assertThat(a.body()).contains("<Encrypt><![CDATA[" + a.encrypt() + "]]></Encrypt>");
        assertThat(signer.decrypt(a.encrypt())).contains("<Event><![CDATA[kf_msg_or_event]]></Event>",
                "<OpenKfId><![CDATA[wkLoad00]]></OpenKfId>", "<Token><![CDATA[ldcb_");
        assertThat(signer.decrypt(a.encrypt())).isNotEqualTo(signer.decrypt(b.encrypt()));
    }

    @Test
    void buildsAnAddExternalContactEventWithItsWelcomeCode() {
        CallbackSigner signer = new CallbackSigner(TOKEN, KEY, CORP);
        CallbackSigner.SignedCallback a = signer.contactAdded("lemp00001", "wmLoadNew0000000001", "ch1", "lwc_1_1");
        CallbackSigner.SignedCallback b = signer.contactAdded("lemp00001", "wmLoadNew0000000002", null, "lwc_1_2");
        assertThat(a.nonce()).isNotEqualTo(b.nonce());
        assertThat(signer.decrypt(a.encrypt())).contains("<Event><![CDATA[change_external_contact]]></Event>",
                "<ChangeType><![CDATA[add_external_contact]]></ChangeType>", "<UserID><![CDATA[lemp00001]]></UserID>",
                "<ExternalUserID><![CDATA[wmLoadNew0000000001]]></ExternalUserID>", "<State><![CDATA[ch1]]></State>",
                "<WelcomeCode><![CDATA[lwc_1_1]]></WelcomeCode>", "<CreateTime>" + a.timestamp() + "</CreateTime>");
        assertThat(signer.decrypt(b.encrypt())).doesNotContain("<State>");
    }

    /**
     * The gateway's own crypto (its compiled classes, loaded apart so the load tests keep no
     * dependency on the gateway) accepts what the signer makes: signature, AES, padding, receiveId.
     */
    @Test
    void theGatewaysCryptoAcceptsTheCallback() throws Exception {
        Path classes = Path.of("..", "gateway", "target", "classes").toAbsolutePath().normalize();
        if (!Files.exists(classes.resolve("com/wecomassist/wecom/crypto/WecomCallbackCrypto.class"))) {
            fail("the gateway's classes are missing at " + classes + ": build the gateway module first "
                    + "(./mvnw verify builds it before load-tests; or ./mvnw -pl gateway -am compile)");
        }
        CallbackSigner signer = new CallbackSigner("LoadTestToken2026", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
                "wwLoadTestCorp0001");
        CallbackSigner.SignedCallback cb = signer.kfEvent("wkLoad01");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null)) {
            Class<?> crypto = loader.loadClass("com.wecomassist.wecom.crypto.WecomCallbackCrypto");
            Constructor<?> constructor = crypto.getConstructor(String.class, String.class, String.class);
            Object gateway = constructor.newInstance("LoadTestToken2026", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
                    "wwLoadTestCorp0001");
            Method verifyAndDecrypt = crypto.getMethod("verifyAndDecrypt", String.class, String.class, String.class, String.class);
            String plain = (String) verifyAndDecrypt.invoke(gateway, cb.signature(), cb.timestamp(), cb.nonce(), cb.encrypt());
            assertThat(plain).isEqualTo(signer.decrypt(cb.encrypt())).contains("<OpenKfId><![CDATA[wkLoad01]]></OpenKfId>");
        }
    }
}
