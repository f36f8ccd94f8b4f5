package com.wecomassist.comply.redis;

import com.wecomassist.comply.ComplianceChanges;
import com.wecomassist.comply.CompliancePublication;
import com.wecomassist.comply.TaughtExemplar;
import com.wecomassist.error.AssistException;
import com.wecomassist.error.PermanentException;
import com.wecomassist.error.TransientException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cluster's drafts and publication in Redis, shared by every instance:
 * {@code <prefix>compliance:draft:exemplars} (hash id → JSON), {@code compliance:draft:pack} (the
 * YAML), {@code compliance:published} (the publication, JSON) and {@code compliance:published:number}
 * (what instances poll). A publication and the draft's clean-up are one script: two officers
 * publishing at once cannot both win, and nothing drafted after the measurement is lost.
 */
public class RedisComplianceChanges implements ComplianceChanges {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** KEYS: exemplars hash; ARGV: id, json, limit. Adds unless the draft is full (replacing the same id is allowed). */
    private static final RedisScript<Long> ADD = RedisScript.of("""
            if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[3]) then
              return 0
            end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            return 1
            """, Long.class);

    /**
     * KEYS: number, publication, exemplars hash, draft pack; ARGV: expected current number, next number,
     * publication json, draft pack yaml or '' (not part of the change), then the draft ids to remove.
     */
    private static final RedisScript<Long> PUBLISH = RedisScript.of("""
            local current = tonumber(redis.call('GET', KEYS[1]) or '0')
            if current ~= tonumber(ARGV[1]) then
              return 0
            end
            redis.call('SET', KEYS[2], ARGV[3])
            redis.call('SET', KEYS[1], ARGV[2])
            for i = 5, #ARGV do
              redis.call('HDEL', KEYS[3], ARGV[i])
            end
            if ARGV[4] ~= '' and redis.call('GET', KEYS[4]) == ARGV[4] then
              redis.call('DEL', KEYS[4])
            end
            return 1
            """, Long.class);

    private final ReactiveStringRedisTemplate redis;
    private final String exemplarsKey;
    private final String packKey;
    private final String publishedKey;
    private final String numberKey;

    public RedisComplianceChanges(ReactiveStringRedisTemplate redis, String keyPrefix) {
        this.redis = redis;
        this.exemplarsKey = keyPrefix + "compliance:draft:exemplars";
        this.packKey = keyPrefix + "compliance:draft:pack";
        this.publishedKey = keyPrefix + "compliance:published";
        this.numberKey = keyPrefix + "compliance:published:number";
    }

    @Override
    public Mono<Boolean> draftExemplar(TaughtExemplar exemplar) {
        return json(exemplar)
                .flatMap(json -> redis.execute(ADD, List.of(exemplarsKey),
                        List.of(exemplar.id(), json, Integer.toString(MAX_DRAFT_EXEMPLARS))).next())
                .map(added -> added == 1L)
                .onErrorMap(RedisComplianceChanges::transientUnlessOurs);
    }

    @Override
    public Flux<TaughtExemplar> draftExemplars() {
        return redis.<String, String>opsForHash().values(exemplarsKey)
                .map(json -> JSON.readValue(json, TaughtExemplar.class))
                .collectSortedList(Comparator.comparing(TaughtExemplar::at).thenComparing(TaughtExemplar::id))
                .flatMapIterable(list -> list)
                .onErrorMap(RedisComplianceChanges::transientUnlessOurs);
    }

    @Override
    public Mono<Boolean> dropExemplar(String id) {
        return redis.opsForHash().remove(exemplarsKey, id).map(removed -> removed > 0)
                .onErrorMap(RedisComplianceChanges::transientUnlessOurs);
    }

    @Override
    public Mono<Void> draftPack(String yaml) {
        return redis.opsForValue().set(packKey, yaml).then()
                .onErrorMap(RedisComplianceChanges::transientUnlessOurs);
    }

    @Override
    public Mono<String> draftedPack() {
        return redis.opsForValue().get(packKey).onErrorMap(RedisComplianceChanges::transientUnlessOurs);
    }

    @Override
    public Mono<Boolean> dropPack() {
        return redis.delete(packKey).map(n -> n > 0).onErrorMap(RedisComplianceChanges::transientUnlessOurs);
    }

    @Override
    public Mono<Boolean> publish(CompliancePublication next, Set<String> draftIds, String draftPackYaml) {
        return json(next).flatMap(json -> {
            List<String> args = new ArrayList<>(List.of(Long.toString(next.number() - 1), Long.toString(next.number()),
                    json, draftPackYaml == null ? "" : draftPackYaml));
            args.addAll(draftIds);
            return redis.execute(PUBLISH, List.of(numberKey, publishedKey, exemplarsKey, packKey), args).next();
        }).map(done -> done == 1L).onErrorMap(RedisComplianceChanges::transientUnlessOurs);
    }

    @Override
    public Mono<CompliancePublication> published() {
        return redis.opsForValue().get(publishedKey)
                .map(json -> JSON.readValue(json, CompliancePublication.class))
                .onErrorMap(RedisComplianceChanges::transientUnlessOurs);
    }

    @Override
    public Mono<Long> publishedNumber() {
        return redis.opsForValue().get(numberKey).map(Long::parseLong).defaultIfEmpty(0L)
                .onErrorMap(RedisComplianceChanges::transientUnlessOurs);
    }

    private static Mono<String> json(Object value) {
        return Mono.fromCallable(() -> JSON.writeValueAsString(value))
                .onErrorMap(e -> new PermanentException("cannot be written as JSON: " + e.getMessage(), e));
    }

    private static Throwable transientUnlessOurs(Throwable e) {
        return e instanceof AssistException ? e
                : new TransientException("compliance drafts not reachable in Redis: " + e.getMessage(), e);
    }
}
