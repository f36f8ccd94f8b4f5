package com.wecomassist.wecom.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * WeCom's callback encryption scheme (WXBizMsgCrypt) on the JDK alone: SHA-1 signature over the
 * sorted (token, timestamp, nonce, ciphertext), AES-256-CBC with the IV taken from the key, and
 * PKCS#7 padding to 32-byte blocks. The plaintext is 16 random bytes, a 4-byte big-endian length,
 * the message and the receiveId (the CorpID for self-built apps and 微信客服).
 *
 * <p>Stricter than the official samples where that costs nothing: the signature is compared in
 * constant time, padding must be well formed, and the receiveId must match. Thread-safe.
 */
public final class WecomCallbackCrypto {

    /** Callbacks are small XML/JSON envelopes; anything this large is not from WeCom. */
    public static final int MAX_CIPHERTEXT_CHARS = 1 << 20;

    private static final int BLOCK_SIZE = 32;
    private static final int RANDOM_PREFIX = 16;
    private static final int LENGTH_FIELD = 4;

    private final byte[] token;
    private final String tokenString;
    private final SecretKeySpec key;
    private final IvParameterSpec iv;
    private final String receiveId;
    private final SecureRandom random = new SecureRandom();
    /**
     * One decrypting cipher and one SHA-1 per thread, made once: a provider lookup and the AES key
     * schedule per callback were a tenth of the callback path's CPU (profiled under wrk). Both are
     * back in their initial state after {@code doFinal}/{@code digest}, so they are reused as they are;
     * the callback path runs on a few event-loop threads.
     */
    private final ThreadLocal<Cipher> decrypting = ThreadLocal.withInitial(this::newDecryptingCipher);
    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(WecomCallbackCrypto::newSha1);

    public WecomCallbackCrypto(String token, String encodingAesKey, String receiveId) {
        this.tokenString = Objects.requireNonNull(token, "token");
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.receiveId = Objects.requireNonNull(receiveId, "receiveId");
        byte[] aesKey = decodeAesKey(encodingAesKey);
        this.key = new SecretKeySpec(aesKey, "AES");
        this.iv = new IvParameterSpec(Arrays.copyOfRange(aesKey, 0, 16));
    }

    /**
     * Decodes the 43-character EncodingAESKey. The last character carries two unused bits that are
     * often non-zero in real keys, so decoding must not insist on canonical Base64.
     */
    static byte[] decodeAesKey(String encodingAesKey) {
        if (encodingAesKey == null || encodingAesKey.length() != 43) {
            throw new CallbackCryptoException(CryptoError.ILLEGAL_AES_KEY);
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(encodingAesKey + "=");
        } catch (IllegalArgumentException e) {
            throw new CallbackCryptoException(CryptoError.ILLEGAL_AES_KEY, e);
        }
        if (decoded.length != 32) {
            throw new CallbackCryptoException(CryptoError.ILLEGAL_AES_KEY);
        }
        return decoded;
    }

    /** The msg_signature for these values: hex SHA-1 of the four strings sorted and concatenated. */
    public String sign(String timestamp, String nonce, String encrypt) {
        String[] parts = {tokenString, nullToEmpty(timestamp), nullToEmpty(nonce), nullToEmpty(encrypt)};
        Arrays.sort(parts);
        MessageDigest sha1 = SHA1.get();
        sha1.reset();
        for (String part : parts) {
            sha1.update(part.getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha1.digest());
    }

    private static MessageDigest newSha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new CallbackCryptoException(CryptoError.SIGNATURE_COMPUTATION_FAILED, e);
        }
    }

    private Cipher newDecryptingCipher() {
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, iv);
            return cipher;
        } catch (GeneralSecurityException e) {
            throw new CallbackCryptoException(CryptoError.DECRYPT_FAILED, e);
        }
    }

    /** Checks the signature in constant time; throws -40001 when it does not match. */
    public void verify(String signature, String timestamp, String nonce, String encrypt) {
        if (signature == null || encrypt == null) {
            throw new CallbackCryptoException(CryptoError.SIGNATURE_MISMATCH);
        }
        byte[] expected = sign(timestamp, nonce, encrypt).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = signature.toLowerCase().getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new CallbackCryptoException(CryptoError.SIGNATURE_MISMATCH);
        }
    }

    /** GET URL verification: verify, decrypt, and return the bare echostr plaintext. */
    public String verifyUrl(String signature, String timestamp, String nonce, String echostr) {
        return verifyAndDecrypt(signature, timestamp, nonce, echostr);
    }

    /** POST callback: verify the signature over the Encrypt value, then decrypt it. */
    public String verifyAndDecrypt(String signature, String timestamp, String nonce, String encrypt) {
        checkSize(encrypt);
        verify(signature, timestamp, nonce, encrypt);
        return decrypt(encrypt);
    }

    /** Decrypts a ciphertext (no signature check) and checks layout, padding and receiveId. */
    public String decrypt(String encrypt) {
        checkSize(encrypt);
        byte[] cipherBytes;
        try {
            cipherBytes = Base64.getDecoder().decode(encrypt);
        } catch (IllegalArgumentException e) {
            throw new CallbackCryptoException(CryptoError.BASE64_DECODE_FAILED, e);
        }
        if (cipherBytes.length == 0 || cipherBytes.length % BLOCK_SIZE != 0) {
            throw new CallbackCryptoException(CryptoError.DECRYPT_FAILED);
        }
        byte[] padded;
        try {
            padded = decrypting.get().doFinal(cipherBytes);
        } catch (GeneralSecurityException e) {
            decrypting.remove(); // whatever state it was left in, the next callback gets a fresh one
            throw new CallbackCryptoException(CryptoError.DECRYPT_FAILED, e);
        }
        byte[] plain = unpad(padded);
        if (plain.length < RANDOM_PREFIX + LENGTH_FIELD) {
            throw new CallbackCryptoException(CryptoError.ILLEGAL_BUFFER);
        }
        int msgLength = ByteBuffer.wrap(plain, RANDOM_PREFIX, LENGTH_FIELD).getInt();
        int msgStart = RANDOM_PREFIX + LENGTH_FIELD;
        if (msgLength < 0 || msgLength > plain.length - msgStart) {
            throw new CallbackCryptoException(CryptoError.ILLEGAL_BUFFER);
        }
        String message = new String(plain, msgStart, msgLength, StandardCharsets.UTF_8);
        String fromId = new String(plain, msgStart + msgLength, plain.length - msgStart - msgLength,
                StandardCharsets.UTF_8);
        byte[] expectedId = receiveId.getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expectedId, fromId.getBytes(StandardCharsets.UTF_8))) {
            throw new CallbackCryptoException(CryptoError.RECEIVE_ID_MISMATCH);
        }
        return message;
    }

    /** Encrypts a message with a fresh random prefix and signs it. */
    public EncryptedMessage encrypt(String message, String timestamp, String nonce) {
        byte[] prefix = new byte[RANDOM_PREFIX];
        random.nextBytes(prefix);
        return encrypt(message, timestamp, nonce, prefix);
    }

    /** Encrypts with a given 16-byte prefix: deterministic, so published vectors can be reproduced. */
    EncryptedMessage encrypt(String message, String timestamp, String nonce, byte[] prefix) {
        if (prefix.length != RANDOM_PREFIX) {
            throw new IllegalArgumentException("random prefix must be 16 bytes");
        }
        byte[] msg = message.getBytes(StandardCharsets.UTF_8);
        byte[] id = receiveId.getBytes(StandardCharsets.UTF_8);
        int unpaddedLength = RANDOM_PREFIX + LENGTH_FIELD + msg.length + id.length;
        int pad = BLOCK_SIZE - (unpaddedLength % BLOCK_SIZE);
        ByteBuffer buffer = ByteBuffer.allocate(unpaddedLength + pad);
        buffer.put(prefix).putInt(msg.length).put(msg).put(id);
        for (int i = 0; i < pad; i++) {
            buffer.put((byte) pad);
        }
        String encrypt;
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, iv);
            encrypt = Base64.getEncoder().encodeToString(cipher.doFinal(buffer.array()));
        } catch (GeneralSecurityException e) {
            throw new CallbackCryptoException(CryptoError.ENCRYPT_FAILED, e);
        }
        return new EncryptedMessage(encrypt, sign(timestamp, nonce, encrypt), timestamp, nonce);
    }

    /** Strict PKCS#7 with 32-byte blocks: the pad length is 1..32 and every pad byte equals it. */
    private static byte[] unpad(byte[] padded) {
        int pad = padded[padded.length - 1] & 0xff;
        if (pad < 1 || pad > BLOCK_SIZE || pad > padded.length) {
            throw new CallbackCryptoException(CryptoError.ILLEGAL_BUFFER);
        }
        int bad = 0;
        for (int i = padded.length - pad; i < padded.length; i++) {
            bad |= (padded[i] & 0xff) ^ pad;
        }
        if (bad != 0) {
            throw new CallbackCryptoException(CryptoError.ILLEGAL_BUFFER);
        }
        return Arrays.copyOf(padded, padded.length - pad);
    }

    private static void checkSize(String encrypt) {
        if (encrypt == null || encrypt.isEmpty()) {
            throw new CallbackCryptoException(CryptoError.BASE64_DECODE_FAILED);
        }
        if (encrypt.length() > MAX_CIPHERTEXT_CHARS) {
            throw new CallbackCryptoException(CryptoError.ILLEGAL_BUFFER);
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
