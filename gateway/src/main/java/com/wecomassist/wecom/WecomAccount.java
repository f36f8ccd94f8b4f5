package com.wecomassist.wecom;

import java.util.function.Supplier;

/**
 * The WeCom account the gateway actually talks to: the bank's real one, or the simulator's. The
 * API base is a supplier because the simulator's address is known only once the server listens.
 */
public record WecomAccount(String corpId, String token, String encodingAesKey, String secret, Integer agentId,
                           Supplier<String> apiBase, boolean simulated) {

    /** Key under which this account's access token is cached (never the secret itself). */
    public String tokenCacheKey() {
        return corpId + ":" + Integer.toHexString(secret.hashCode());
    }

    @Override
    public String toString() {
        return "WecomAccount[corpId=" + corpId + ", simulated=" + simulated + "]";
    }
}
