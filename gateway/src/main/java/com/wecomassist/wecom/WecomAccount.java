package com.wecomassist.wecom;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * The WeCom account the gateway actually talks to: the bank's real one, or the simulator's. The
 * API base is a supplier because the simulator's address is known only once the server listens.
 */
public record WecomAccount(String corpId, String token, String encodingAesKey, String secret, Integer agentId,
                           Supplier<String> apiBase, boolean simulated) {

    /** Key under which this account's access token is cached (never the secret itself). */
    public String tokenCacheKey() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return corpId + ":" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "WecomAccount[corpId=" + corpId + ", simulated=" + simulated + "]";
    }
}
