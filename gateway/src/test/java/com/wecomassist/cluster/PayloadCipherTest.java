package com.wecomassist.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sealed records open only with a key the gateway has, unchanged, for the record key they were sealed for. */
class PayloadCipherTest {

    private static final String KEY = PayloadCipher.newKey();
    private final PayloadCipher cipher = PayloadCipher.of(KEY, List.of());

    @Test
    void aSealedValueHoldsNoClearTextAndOpensForItsRecordKey() {
        String plain = "{\"text\":\"您尾号5678的卡，手机13812345678\"}";
        String sealed = cipher.seal(plain, "kf:wk1:wm1");
        assertThat(sealed).startsWith("gcm1." + cipher.keyId() + ".").doesNotContain("13812345678", "text");
        assertThat(cipher.seal(plain, "kf:wk1:wm1")).as("a fresh nonce each time").isNotEqualTo(sealed);
        assertThat(cipher.open(sealed, "kf:wk1:wm1")).isEqualTo(plain);
    }

    @Test
    void aChangedMovedOrForeignRecordDoesNotOpen() {
        String sealed = cipher.seal("hello", "kf:wk1:wm1");
        assertThatThrownBy(() -> cipher.open(sealed, "kf:wk1:wm2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not open");
        char[] chars = sealed.toCharArray();
        int inside = sealed.lastIndexOf('.') + 20;
        chars[inside] = chars[inside] == 'A' ? 'B' : 'A';
        assertThatThrownBy(() -> cipher.open(new String(chars), "kf:wk1:wm1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cipher.open("{\"text\":\"plain\"}", "kf:wk1:wm1"))
                .hasMessageContaining("not a sealed record");
        PayloadCipher other = PayloadCipher.of(PayloadCipher.newKey(), List.of());
        assertThatThrownBy(() -> other.open(sealed, "kf:wk1:wm1"))
                .hasMessageContaining("sealed with key " + cipher.keyId() + ", which this instance does not have");
    }

    @Test
    void oneThreadsCipherKeepsWorkingAfterARecordThatDidNotOpenAndAcrossKeys() {
        PayloadCipher other = PayloadCipher.of(PayloadCipher.newKey(), List.of());
        java.util.Set<String> sealedValues = new java.util.HashSet<>();
        for (int i = 0; i < 200; i++) {
            String plain = "回复 " + i;
            String recordKey = "kf:wk:wm" + i;
            String sealed = cipher.seal(plain, recordKey);
            assertThat(sealedValues.add(sealed)).as("a fresh nonce each time").isTrue();
            if (i % 3 == 0) {
                String tampered = sealed.substring(0, sealed.length() - 2) + (sealed.endsWith("AA") ? "BB" : "AA");
                assertThatThrownBy(() -> cipher.open(tampered, recordKey)).isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> cipher.open(sealed, "another key")).isInstanceOf(IllegalArgumentException.class);
            }
            assertThat(other.open(other.seal(plain, "k"), "k")).isEqualTo(plain);
            assertThat(cipher.open(sealed, recordKey)).isEqualTo(plain);
        }
    }

    @Test
    void whileTheKeyChangesRecordsSealedWithThePreviousOneStillOpen() {
        String sealedBefore = cipher.seal("before", "k");
        PayloadCipher next = PayloadCipher.of(PayloadCipher.newKey(), List.of(KEY));
        assertThat(next.keyId()).isNotEqualTo(cipher.keyId());
        assertThat(next.open(sealedBefore, "k")).isEqualTo("before");
        assertThat(next.seal("after", "k")).startsWith("gcm1." + next.keyId() + ".");
    }

    @Test
    void theSettingsTakeOnly32BytesOfBase64AndNeverShowTheKey() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> settings(shortKey)).hasMessage(
                "assist.kafka.payload-key must be 32 bytes in base64 (openssl rand -base64 32), not 16 bytes");
        assertThatThrownBy(() -> settings("not base64!")).hasMessageContaining("not base64")
                .message().doesNotContain("not base64!");
        assertThat(settings(KEY).toString()).doesNotContain(KEY).contains("payloadKey=(set)");
        assertThat(settings(KEY).effectiveMinInsyncReplicas()).isEqualTo(2);
    }

    private static KafkaProperties settings(String key) {
        return new KafkaProperties("in", "out", "g", 12, (short) 3, 2, java.time.Duration.ofDays(7),
                java.time.Duration.ofDays(14), java.time.Duration.ofDays(30), 3, java.time.Duration.ofSeconds(1), 4, 256, java.time.Duration.ofSeconds(5), key,
                null);
    }
}
