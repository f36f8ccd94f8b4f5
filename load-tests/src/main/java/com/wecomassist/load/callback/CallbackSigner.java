package com.wecomassist.load.callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds {@code kf_msg_or_event} callbacks as WeCom sends them (WXBizMsgCrypt: AES-256-CBC with the
 * IV from the key, PKCS#7 to 32-byte blocks, SHA-1 over the sorted token/timestamp/nonce/ciphertext).
 * A copy of the ~40 lines of the scheme rather than a dependency on the gateway, so the load tests
 * stay a black box over HTTP; a unit test checks the gateway's own crypto accepts what this makes.
 * Thread-safe.
 */
public final class CallbackSigner {

    private static final int BLOCK = 32;
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final String token;
    private final String corpId;
    private final SecretKeySpec key;
    private final IvParameterSpec iv;

    public CallbackSigner(String token, String encodingAesKey, String corpId) {
        this.token = token;
        this.corpId = corpId;
        if (encodingAesKey == null || encodingAesKey.length() != 43) {
            throw new IllegalArgumentException("EncodingAESKey must be 43 characters");
        }
        byte[] aes = Base64.getDecoder().decode(encodingAesKey + "=");
        this.key = new SecretKeySpec(aes, "AES");
        this.iv = new IvParameterSpec(Arrays.copyOfRange(aes, 0, 16));
    }

    /** A signed callback ready to POST: the query string (without '?') and the XML body. */
    public record SignedCallback(String query, String body, String signature, String timestamp, String nonce,
                                 String encrypt) {
    }

    /** The decrypted XML of a kf_msg_or_event callback for this account. */
    public String kfEventXml(String openKfId, String callbackToken, long createTime) {
        return "<xml><ToUserName><![CDATA[" + corpId + "]]></ToUserName>"
                + "<CreateTime>" + createTime + "</CreateTime>"
                + "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[kf_msg_or_event]]></Event>"
                + "<Token><![CDATA[" + callbackToken + "]]></Token>"
                + "<OpenKfId><![CDATA[" + openKfId + "]]></OpenKfId></xml>";
    }

    /**
     * The decrypted XML of a 客户联系 {@code change_external_contact} / {@code add_external_contact} event:
     * employee {@code userId} added customer {@code externalUserId} through channel {@code state} (may be
     * null), and WeCom gave the welcome code {@code welcomeCode}.
     */
    public String contactAddedXml(String userId, String externalUserId, String state, String welcomeCode,
                                  long createTime) {
        return "<xml><ToUserName><![CDATA[" + corpId + "]]></ToUserName>"
                + "<FromUserName><![CDATA[sys]]></FromUserName>"
                + "<CreateTime>" + createTime + "</CreateTime>"
                + "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_external_contact]]></Event>"
                + "<ChangeType><![CDATA[add_external_contact]]></ChangeType>"
                + "<UserID><![CDATA[" + userId + "]]></UserID>"
                + "<ExternalUserID><![CDATA[" + externalUserId + "]]></ExternalUserID>"
                + (state == null ? "" : "<State><![CDATA[" + state + "]]></State>")
                + "<WelcomeCode><![CDATA[" + welcomeCode + "]]></WelcomeCode></xml>";
    }

    /** A fresh add_external_contact callback with its welcome code: unique nonce, timestamp and CreateTime now. */
    public SignedCallback contactAdded(String userId, String externalUserId, String state, String welcomeCode) {
        long now = System.currentTimeMillis() / 1000;
        String nonce = Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L)) + SEQUENCE.incrementAndGet();
        return sign(contactAddedXml(userId, externalUserId, state, welcomeCode, now), Long.toString(now), nonce);
    }

    /** A fresh kf_msg_or_event callback: unique Token and nonce (the gateway refuses replays), timestamp now. */
    public SignedCallback kfEvent(String openKfId) {
        long now = System.currentTimeMillis() / 1000;
        long n = SEQUENCE.incrementAndGet();
        String callbackToken = "ldcb_" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "_" + n;
        String nonce = Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L)) + n;
        return sign(kfEventXml(openKfId, callbackToken, now), Long.toString(now), nonce);
    }

    public SignedCallback sign(String plainXml, String timestamp, String nonce) {
        byte[] prefix = new byte[16];
        ThreadLocalRandom.current().nextBytes(prefix);
        String encrypt = encrypt(plainXml, prefix);
        String signature = signature(timestamp, nonce, encrypt);
        String body = "<xml><ToUserName><![CDATA[" + corpId + "]]></ToUserName>"
                + "<Encrypt><![CDATA[" + encrypt + "]]></Encrypt></xml>";
        String query = "msg_signature=" + signature + "&timestamp=" + timestamp + "&nonce=" + nonce;
        return new SignedCallback(query, body, signature, timestamp, nonce, encrypt);
    }

    String encrypt(String message, byte[] prefix) {
        byte[] msg = message.getBytes(StandardCharsets.UTF_8);
        byte[] id = corpId.getBytes(StandardCharsets.UTF_8);
        int length = 16 + 4 + msg.length + id.length;
        int pad = BLOCK - (length % BLOCK);
        ByteBuffer buffer = ByteBuffer.allocate(length + pad);
        buffer.put(prefix).putInt(msg.length).put(msg).put(id);
        for (int i = 0; i < pad; i++) {
            buffer.put((byte) pad);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, iv);
            return Base64.getEncoder().encodeToString(cipher.doFinal(buffer.array()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES encryption failed", e);
        }
    }

    /** Decrypts (for tests of this class): returns the message between the length field and the receiveId. */
    String decrypt(String encrypt) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, iv);
            byte[] plain = cipher.doFinal(Base64.getDecoder().decode(encrypt));
            int pad = plain[plain.length - 1] & 0xff;
            int length = ByteBuffer.wrap(plain, 16, 4).getInt();
            String id = new String(plain, 20 + length, plain.length - pad - 20 - length, StandardCharsets.UTF_8);
            if (!id.equals(corpId)) {
                throw new IllegalStateException("receiveId " + id + " is not " + corpId);
            }
            return new String(plain, 20, length, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES decryption failed", e);
        }
    }

    public String signature(String timestamp, String nonce, String encrypt) {
        String[] parts = {token, timestamp, nonce, encrypt};
        Arrays.sort(parts);
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            for (String part : parts) {
                sha1.update(part.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha1.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
