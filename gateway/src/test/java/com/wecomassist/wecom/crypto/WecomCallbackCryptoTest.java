package com.wecomassist.wecom.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class WecomCallbackCryptoTest {

    /** Tencent's published vectors, copied from shared/wecom/vectors.json (public test data). */
    static Stream<JsonNode> vectors() throws Exception {
        try (InputStream in = WecomCallbackCryptoTest.class.getResourceAsStream("/wecom/vectors.json")) {
            JsonNode root = JsonMapper.builder().build().readTree(in);
            List<JsonNode> list = new ArrayList<>();
            root.get("vectors").forEach(list::add);
            return list.stream();
        }
    }

    private static WecomCallbackCrypto cryptoFor(JsonNode v) {
        return new WecomCallbackCrypto(v.get("token").asString(), v.get("encodingAesKey").asString(),
                v.get("receiveId").asString());
    }

    @ParameterizedTest(name = "{index}: vector {0}")
    @MethodSource("vectors")
    void signsLikeTheOfficialSamples(JsonNode v) {
        String signature = cryptoFor(v).sign(v.get("timestamp").asString(), v.get("nonce").asString(),
                v.get("encrypt").asString());
        assertThat(signature).isEqualTo(v.get("msg_signature").asString());
    }

    @ParameterizedTest(name = "{index}: vector {0}")
    @MethodSource("vectors")
    void verifiesAndDecryptsEveryVector(JsonNode v) {
        String plain = cryptoFor(v).verifyAndDecrypt(v.get("msg_signature").asString(),
                v.get("timestamp").asString(), v.get("nonce").asString(), v.get("encrypt").asString());
        assertThat(plain).isEqualTo(v.get("expected_plaintext").asString());
    }

    @ParameterizedTest(name = "{index}: vector {0}")
    @MethodSource("vectors")
    void reEncryptingWithTheRecoveredPrefixReproducesThePublishedCiphertext(JsonNode v) {
        byte[] prefix = v.get("random16").asString().getBytes(StandardCharsets.US_ASCII);
        EncryptedMessage encrypted = cryptoFor(v).encrypt(v.get("expected_plaintext").asString(),
                v.get("timestamp").asString(), v.get("nonce").asString(), prefix);
        assertThat(encrypted.encrypt()).isEqualTo(v.get("encrypt").asString());
        assertThat(encrypted.signature()).isEqualTo(v.get("msg_signature").asString());
    }

    @ParameterizedTest(name = "{index}: vector {0}")
    @MethodSource("vectors")
    void decodesTheKeyLeniently(JsonNode v) {
        byte[] key = WecomCallbackCrypto.decodeAesKey(v.get("encodingAesKey").asString());
        assertThat(HexFormat.of().formatHex(key)).isEqualTo(v.get("aes_key_hex").asString());
    }

    private final JsonNode a2 = vectors().filter(v -> v.get("id").asString().equals("A2")).findFirst().orElseThrow();
    private final WecomCallbackCrypto crypto = cryptoFor(a2);

    WecomCallbackCryptoTest() throws Exception {
    }

    @Test
    void roundTripsChineseText() {
        EncryptedMessage m = crypto.encrypt("<xml><Content>你好，我的卡丢了</Content></xml>", "1700000000", "n1");
        assertThat(crypto.verifyAndDecrypt(m.signature(), m.timestamp(), m.nonce(), m.encrypt()))
                .isEqualTo("<xml><Content>你好，我的卡丢了</Content></xml>");
    }

    @Test
    void roundTripsAMessageThatFillsWholeBlocks() {
        // 16 + 4 + 8 + 18 (receiveId) = 46; pick a message so the total is a multiple of 32: pad is 32 bytes.
        String msg = "x".repeat(64 - 16 - 4 - a2.get("receiveId").asString().length());
        EncryptedMessage m = crypto.encrypt(msg, "1", "2");
        assertThat(Base64.getDecoder().decode(m.encrypt())).hasSize(96);
        assertThat(crypto.decrypt(m.encrypt())).isEqualTo(msg);
    }

    @Test
    void rejectsAWrongNonce() {
        assertCode(() -> crypto.verifyAndDecrypt(a2.get("msg_signature").asString(), a2.get("timestamp").asString(),
                "999", a2.get("encrypt").asString()), -40001);
    }

    @Test
    void rejectsAWrongSignatureOfTheRightLength() {
        String sig = a2.get("msg_signature").asString();
        String wrong = (sig.charAt(0) == 'a' ? 'b' : 'a') + sig.substring(1);
        assertCode(() -> crypto.verifyAndDecrypt(wrong, a2.get("timestamp").asString(), a2.get("nonce").asString(),
                a2.get("encrypt").asString()), -40001);
        assertCode(() -> crypto.verifyAndDecrypt(null, "1", "2", a2.get("encrypt").asString()), -40001);
    }

    @Test
    void rejectsAWrongReceiveId() {
        WecomCallbackCrypto other = new WecomCallbackCrypto(a2.get("token").asString(),
                a2.get("encodingAesKey").asString(), "wwSomeOtherCorp");
        assertCode(() -> other.decrypt(a2.get("encrypt").asString()), -40005);
    }

    @Test
    void rejectsTamperedCiphertext() {
        byte[] bytes = Base64.getDecoder().decode(a2.get("encrypt").asString());
        bytes[bytes.length - 40] ^= 0x01; // flips a bit in the last block's plaintext via CBC
        String tampered = Base64.getEncoder().encodeToString(bytes);
        // a valid signature over the tampered text isolates the decryption checks
        assertThatThrownBy(() -> crypto.decrypt(tampered))
                .isInstanceOf(CallbackCryptoException.class)
                .satisfies(e -> assertThat(((CallbackCryptoException) e).code()).isIn(-40005, -40007, -40008));
        // and with the original signature the tampering is caught first by the signature
        assertCode(() -> crypto.verifyAndDecrypt(a2.get("msg_signature").asString(), a2.get("timestamp").asString(),
                a2.get("nonce").asString(), tampered), -40001);
    }

    @Test
    void rejectsBadPadding() throws Exception {
        byte[] key = WecomCallbackCrypto.decodeAesKey(a2.get("encodingAesKey").asString());
        // a well-formed layout whose last byte claims 33 pad bytes
        assertCode(() -> crypto.decrypt(rawEncrypt(key, withLastByte(validLayout("hi"), 33))), -40008);
        // a pad length of zero
        assertCode(() -> crypto.decrypt(rawEncrypt(key, withLastByte(validLayout("hi"), 0))), -40008);
        // pad bytes that disagree with the pad length
        byte[] inconsistent = validLayout("hi");
        inconsistent[inconsistent.length - 2] = 1;
        assertCode(() -> crypto.decrypt(rawEncrypt(key, inconsistent)), -40008);
    }

    @Test
    void rejectsALengthFieldBeyondTheBuffer() throws Exception {
        byte[] key = WecomCallbackCrypto.decodeAesKey(a2.get("encodingAesKey").asString());
        byte[] layout = validLayout("hi");
        ByteBuffer.wrap(layout).putInt(16, 10_000);
        assertCode(() -> crypto.decrypt(rawEncrypt(key, layout)), -40008);
    }

    @Test
    void rejectsBadBase64() {
        assertCode(() -> crypto.decrypt("not base64 at all!"), -40010);
    }

    @Test
    void rejectsCiphertextThatIsNotWholeBlocks() {
        assertCode(() -> crypto.decrypt(Base64.getEncoder().encodeToString(new byte[17])), -40007);
    }

    @Test
    void rejectsEmptyAndHugeInput() {
        assertCode(() -> crypto.decrypt(""), -40010);
        assertCode(() -> crypto.decrypt(null), -40010);
        String huge = "A".repeat(WecomCallbackCrypto.MAX_CIPHERTEXT_CHARS + 4);
        assertCode(() -> crypto.decrypt(huge), -40008);
        assertCode(() -> crypto.verifyAndDecrypt("x", "1", "2", huge), -40008);
    }

    @Test
    void rejectsIllegalKeys() {
        assertCode(() -> new WecomCallbackCrypto("t", "short", "id"), -40004);
        assertCode(() -> new WecomCallbackCrypto("t", null, "id"), -40004);
        assertCode(() -> new WecomCallbackCrypto("t", "!".repeat(43), "id"), -40004);
    }

    @Test
    void encryptionUsesAFreshRandomPrefixEachTime() {
        EncryptedMessage first = crypto.encrypt("same", "1", "2");
        EncryptedMessage second = crypto.encrypt("same", "1", "2");
        assertThat(first.encrypt()).isNotEqualTo(second.encrypt());
        assertThat(crypto.decrypt(first.encrypt())).isEqualTo(crypto.decrypt(second.encrypt()));
    }

    private byte[] validLayout(String msg) {
        byte[] m = msg.getBytes(StandardCharsets.UTF_8);
        byte[] id = a2.get("receiveId").asString().getBytes(StandardCharsets.UTF_8);
        int len = 20 + m.length + id.length;
        int pad = 32 - len % 32;
        ByteBuffer b = ByteBuffer.allocate(len + pad);
        b.put(new byte[16]).putInt(m.length).put(m).put(id);
        for (int i = 0; i < pad; i++) {
            b.put((byte) pad);
        }
        return b.array();
    }

    private static byte[] withLastByte(byte[] layout, int value) {
        layout[layout.length - 1] = (byte) value;
        return layout;
    }

    private static String rawEncrypt(byte[] key, byte[] plain) throws Exception {
        Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, 16));
        return Base64.getEncoder().encodeToString(c.doFinal(plain));
    }

    private static void assertCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, int code) {
        assertThatThrownBy(call).isInstanceOf(CallbackCryptoException.class)
                .satisfies(e -> assertThat(((CallbackCryptoException) e).code()).isEqualTo(code));
    }
}
