package com.wecomassist.session.redis;

import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.conversation.redis.CustomerKeys;
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
 * Cluster-mode history: a Redis list per conversation holding the last turns as JSON; append,
 * trim and expiry run in one script so concurrent appends from several instances stay bounded.
 */
public class RedisConversationHistory implements ConversationHistory {

    /** Trimmed only when the turn made the list too long: the usual append costs no LTRIM. */
    private static final RedisScript<Long> APPEND = RedisScript.of("""
            local length = redis.call('RPUSH', KEYS[1], ARGV[1])
            if length > tonumber(ARGV[2]) then
              redis.call('LTRIM', KEYS[1], -tonumber(ARGV[2]), -1)
            end
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return 1
            """, Long.class);

    /** How many turns went, and the list with them, in one step. */
    private static final RedisScript<Long> ERASE = RedisScript.of("""
            local turns = redis.call('LLEN', KEYS[1])
            redis.call('DEL', KEYS[1])
            return turns
            """, Long.class);

    private static final JsonMapper JSON = JsonMapper.builder().findAndAddModules().build();

    private final ReactiveStringRedisTemplate redis;
    private final String prefix;
    private final int maxTurns;
    private final Duration idleTtl;

    public RedisConversationHistory(ReactiveStringRedisTemplate redis, String keyPrefix, int maxTurns, Duration idleTtl) {
        this.redis = redis;
        this.prefix = keyPrefix + "session:history:";
        this.maxTurns = maxTurns;
        this.idleTtl = idleTtl;
    }

    @Override
    public Mono<Void> append(ConversationKey conversation, Turn turn) {
        return Mono.fromCallable(() -> JSON.writeValueAsString(turn))
                .flatMap(json -> redis.execute(APPEND, List.of(prefix + conversation.id()),
                        List.of(json, Integer.toString(maxTurns), Long.toString(idleTtl.toMillis()))).then());
    }

    @Override
    public Flux<ConversationTurns> forCustomer(String externalUserId) {
        return CustomerKeys.of(redis, prefix, externalUserId)
                .sort()
                .concatMap(key -> redis.opsForList().range(key, 0, -1)
                        .map(json -> JSON.readValue(json, Turn.class))
                        .collectList()
                        .filter(turns -> !turns.isEmpty())
                        .map(turns -> new ConversationTurns(ConversationKey.parse(key.substring(prefix.length())), turns)));
    }

    @Override
    public Mono<Long> eraseCustomer(String externalUserId) {
        return CustomerKeys.of(redis, prefix, externalUserId)
                .concatMap(key -> redis.execute(ERASE, List.of(key), List.of()).next())
                .reduce(0L, Long::sum);
    }

    @Override
    public Mono<List<Turn>> recent(ConversationKey conversation) {
        return redis.opsForList().range(prefix + conversation.id(), 0, -1)
                .map(json -> JSON.readValue(json, Turn.class))
                .collectList();
    }
}
