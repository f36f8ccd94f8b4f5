package com.wecomassist.session.redis;

import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.conversation.redis.CustomerKeys;
import com.wecomassist.conversation.redis.ListExpiry;
import com.wecomassist.session.ConversationHistory;
import com.wecomassist.session.ConversationTurns;
import com.wecomassist.session.Turn;
import java.time.Duration;
import java.util.List;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cluster-mode history: a Redis list per conversation holding the last turns as JSON. An append is
 * one RPUSH; the list may grow to twice the turns kept, and the instance whose push made it longer
 * trims it back to them (so concurrent appends from several instances stay bounded, and a long
 * conversation costs an LTRIM every {@code maxTurns} turns rather than with every turn). Reads take
 * the last {@code maxTurns}. The idle expiry is renewed as {@link ListExpiry} says, not with every turn.
 */
public class RedisConversationHistory implements ConversationHistory {

    /** How many of the kept turns went (ARGV[1]: how many are kept), and the list with them, in one step. */
    private static final RedisScript<Long> ERASE = RedisScript.of("""
            local turns = math.min(redis.call('LLEN', KEYS[1]), tonumber(ARGV[1]))
            redis.call('DEL', KEYS[1])
            return turns
            """, Long.class);

    private static final JsonMapper JSON = JsonMapper.builder().findAndAddModules().build();

    private final ReactiveStringRedisTemplate redis;
    private final String prefix;
    private final int maxTurns;
    private final ListExpiry expiry;

    public RedisConversationHistory(ReactiveStringRedisTemplate redis, String keyPrefix, int maxTurns, Duration idleTtl) {
        this.redis = redis;
        this.prefix = keyPrefix + "session:history:";
        this.maxTurns = maxTurns;
        this.expiry = new ListExpiry(redis, idleTtl);
    }

    @Override
    public Mono<Void> append(ConversationKey conversation, Turn turn) {
        String key = prefix + conversation.id();
        return Mono.fromCallable(() -> JSON.writeValueAsString(turn))
                .flatMap(json -> redis.opsForList().rightPush(key, json))
                .flatMap(length -> Mono.when(
                        length > 2L * maxTurns ? redis.opsForList().trim(key, -maxTurns, -1) : Mono.empty(),
                        expiry.pushed(key, length, 1)));
    }

    @Override
    public Flux<ConversationTurns> forCustomer(String externalUserId) {
        return CustomerKeys.of(redis, prefix, externalUserId)
                .sort()
                .concatMap(key -> redis.opsForList().range(key, -maxTurns, -1)
                        .map(json -> JSON.readValue(json, Turn.class))
                        .collectList()
                        .filter(turns -> !turns.isEmpty())
                        .map(turns -> new ConversationTurns(ConversationKey.parse(key.substring(prefix.length())), turns)));
    }

    @Override
    public Mono<Long> eraseCustomer(String externalUserId) {
        return CustomerKeys.of(redis, prefix, externalUserId)
                .concatMap(key -> redis.execute(ERASE, List.of(key), List.of(Integer.toString(maxTurns))).next())
                .reduce(0L, Long::sum);
    }

    @Override
    public Mono<List<Turn>> recent(ConversationKey conversation) {
        return redis.opsForList().range(prefix + conversation.id(), -maxTurns, -1)
                .collectList()
                // each turn read when the flow looks at it: most look at a few of the newest only
                .map(stored -> new TurnsAsRead(JSON, stored));
    }
}
