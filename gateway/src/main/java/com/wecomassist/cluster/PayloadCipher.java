package com.wecomassist.cluster;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals a record's value before it goes onto a topic, and opens it after: AES-256-GCM with a fresh
 * 12-byte nonce per record and the record's key (its conversation) as associated data. A topic's
 * records, its dead letters and the brokers' disks then hold no reply text in clear, and a record
 * changed, made up or moved to another conversation by anyone without the key does not open: the
 * gateway sends no text it did not seal itself.
 *
 * <p>Sealed form: {@code gcm1.<key id>.<base64 of nonce and ciphertext>}, where the key id is the
 * first 4 bytes of the key's SHA-256 in hex: it says which key sealed a record (so that a key can
 * change while records sealed with the old one are in flight) and reveals nothing of the key.
 */
public final class PayloadCipher {

    static final int KEY_BYTES = 32;
    private static final String FORMAT = "gcm1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * One AES-GCM cipher per thread, initialised afresh (key and nonce) for each record: looking the
     * transformation up in the JCE's providers on every record cost more than sealing a short one.
     */
    private static final ThreadLocal<Cipher> AES = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available: " + e.getMessage(), e);
        }
    });

    private final String currentId;
    private final Map<String, SecretKey> keys = new LinkedHashMap<>();

    /**
     * @param key      seals new records (and opens them)
     * @param previous keys earlier records may be sealed with, opened only
     */
    public PayloadCipher(byte[] key, List<byte[]> previous) {
        this.currentId = add(key);
        previous.forEach(this::add);
        // The first use of AES loads the JCE's policy files: here, on the thread that builds the cipher,
        // not on an event loop that happens to seal the first reply.
        open(seal("", ""), "");
    }

    /** A cipher over base64 keys as the settings give them. */
    public static PayloadCipher of(String key, List<String> previous) {
        Base64.Decoder base64 = Base64.getDecoder();
        return new PayloadCipher(base64.decode(key.strip()), previous.stream().map(k -> base64.decode(k.strip())).toList());
    }

    /** A new random key, in base64. */
    public static String newKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** The id sealed values name their key by: safe to log. */
    public String keyId() {
        return currentId;
    }

    /** {@code plain} sealed for the record keyed {@code recordKey}. */
    public String seal(String plain, String recordKey) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher aes = AES.get();
            aes.init(Cipher.ENCRYPT_MODE, keys.get(currentId), new GCMParameterSpec(TAG_BITS, nonce));
            aes.updateAAD(recordKey.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = aes.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
            return FORMAT + "." + currentId + "." + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available: " + e.getMessage(), e);
        }
    }

    /**
     * The plain value of a record sealed by {@link #seal} with {@code recordKey}.
     *
     * @throws IllegalArgumentException when it was not sealed by this gateway with a key it knows, or
     *                                  was changed, or belongs to another record key (the message says which)
     */
    public String open(String sealed, String recordKey) {
        String[] parts = sealed == null ? new String[0] : sealed.split("\\.", 3);
        if (parts.length != 3 || !parts[0].equals(FORMAT)) {
            throw new IllegalArgumentException("not a sealed record (" + FORMAT + ".<key id>.<data>)");
        }
        SecretKey key = keys.get(parts[1]);
        if (key == null) {
            throw new IllegalArgumentException("sealed with key " + parts[1] + ", which this instance does not have "
                    + "(it seals with " + currentId + "; see assist.kafka.payload-key and previous-payload-keys)");
        }
        try {
            byte[] data = Base64.getDecoder().decode(parts[2]);
            if (data.length <= NONCE_BYTES) {
                throw new IllegalArgumentException("sealed record too short");
            }
            Cipher aes = AES.get();
            aes.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, NONCE_BYTES));
            aes.updateAAD(recordKey.getBytes(StandardCharsets.UTF_8));
            return new String(aes.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalArgumentException("sealed record does not open: changed, or sealed for another record key");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available: " + e.getMessage(), e);
        }
    }

    private String add(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a payload key has 32 bytes, not " + key.length);
        }
        String id;
        try {
            id = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key), 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
        keys.putIfAbsent(id, new SecretKeySpec(key, "AES"));
        return id;
    }
}
