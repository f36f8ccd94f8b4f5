package com.wecomassist.conversation.redis;

import com.wecomassist.conversation.ConversationKey;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import reactor.core.publisher.Flux;

/**
 * The Redis keys of one customer's conversations in a store that keeps one key per conversation
 * ({@code <namespace>kf:<open_kfid>:<external_userid>}): what erasing or exporting a customer's data
 * looks for. Stores are keyed by conversation, not by customer, and a customer may write to several
 * 微信客服 accounts, so the keys are found with SCAN (incremental, never blocking the server as KEYS
 * would) and each one's conversation id is checked exactly. SCAN walks the whole keyspace: fine for
 * an administrator's request now and then, not for the flow of messages.
 */
public final class CustomerKeys {

    /** Keys asked for per SCAN step: few round trips without holding the server long per step. */
    private static final int SCAN_STEP = 1000;

    private CustomerKeys() {
    }

    /**
     * Every key {@code namespace + conversationId} whose conversation is with {@code externalUserId}.
     * SCAN may return a key twice (when the keyspace is rehashed meanwhile): each is answered once.
     */
    public static Flux<String> of(ReactiveStringRedisTemplate redis, String namespace, String externalUserId) {
        String pattern = glob(namespace) + "kf:*:" + glob(externalUserId);
        return redis.scan(ScanOptions.scanOptions().match(pattern).count(SCAN_STEP).build())
                .filter(key -> ConversationKey.idWithCustomer(key.substring(namespace.length()), externalUserId))
                .distinct();
    }

    /** The text matched literally in a SCAN pattern: glob characters escaped. */
    public static String glob(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (char c : text.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
