package com.wecomassist.welcome.redis;

import com.wecomassist.error.AssistException;
import com.wecomassist.error.PermanentException;
import com.wecomassist.error.TransientException;
import com.wecomassist.welcome.Publication;
import com.wecomassist.welcome.TemplateVersion;
import com.wecomassist.welcome.WelcomeKey;
import com.wecomassist.welcome.WelcomeTemplates;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cluster's templates in Redis, shared by every instance: {@code <prefix>welcome:keys} (set of
 * key ids), {@code welcome:next:<key>} (the version counter: INCR hands out each number once, so two
 * editors drafting at once get two versions), {@code welcome:versions:<key>} (hash version → JSON),
 * {@code welcome:published} (hash key → the publication in force), {@code welcome:log:<key>} (list of
 * publications) and {@code welcome:publications} (the count instances poll). A publication is one
 * script: two reviewers publishing the same key at once cannot both win.
 */
public class RedisWelcomeTemplates implements WelcomeTemplates {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * KEYS: published hash, published-version hash, the key's log, the count; ARGV: key id, expected
     * version, new version, publication JSON.
     */
    private static final RedisScript<Long> PUBLISH = RedisScript.of("""
            local current = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
            if current ~= tonumber(ARGV[2]) then
              return 0
            end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[4])
            redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
            redis.call('RPUSH', KEYS[3], ARGV[4])
            redis.call('INCR', KEYS[4])
            return 1
            """, Long.class);

    private final ReactiveStringRedisTemplate redis;
    private final String prefix;

    public RedisWelcomeTemplates(ReactiveStringRedisTemplate redis, String keyPrefix) {
        this.redis = redis;
        this.prefix = keyPrefix + "welcome:";
    }

    @Override
    public Mono<TemplateVersion> draft(WelcomeKey key, String text, String author, Instant at) {
        return redis.opsForValue().increment(prefix + "next:" + key.id())
                .map(version -> new TemplateVersion(key, version, text, author, at))
                .flatMap(draft -> json(draft).flatMap(json -> redis.opsForHash()
                        .put(prefix + "versions:" + key.id(), Long.toString(draft.version()), json))
                        .then(redis.opsForSet().add(prefix + "keys", key.id()))
                        .thenReturn(draft))
                .onErrorMap(RedisWelcomeTemplates::transientUnlessOurs);
    }

    @Override
    public Mono<TemplateVersion> version(WelcomeKey key, long version) {
        return redis.<String, String>opsForHash().get(prefix + "versions:" + key.id(), Long.toString(version))
                .map(json -> JSON.readValue(json, TemplateVersion.class))
                .onErrorMap(RedisWelcomeTemplates::transientUnlessOurs);
    }

    @Override
    public Flux<TemplateVersion> versions(WelcomeKey key) {
        return redis.<String, String>opsForHash().values(prefix + "versions:" + key.id())
                .map(json -> JSON.readValue(json, TemplateVersion.class))
                .collectSortedList(Comparator.comparingLong(TemplateVersion::version))
                .flatMapIterable(list -> list)
                .onErrorMap(RedisWelcomeTemplates::transientUnlessOurs);
    }

    @Override
    public Flux<WelcomeKey> keys() {
        return redis.opsForSet().members(prefix + "keys").map(WelcomeKey::parse).sort(Comparator.comparing(WelcomeKey::id))
                .onErrorMap(RedisWelcomeTemplates::transientUnlessOurs);
    }

    @Override
    public Mono<Boolean> publish(Publication next, long expectedVersion) {
        String id = next.key().id();
        return json(next).flatMap(json -> redis.execute(PUBLISH,
                        List.of(prefix + "published", prefix + "published-version", prefix + "log:" + id,
                                prefix + "publications"),
                        List.of(id, Long.toString(expectedVersion), Long.toString(next.version()), json)).next())
                .map(done -> done == 1L)
                .onErrorMap(RedisWelcomeTemplates::transientUnlessOurs);
    }

    @Override
    public Flux<Publication> published() {
        return redis.<String, String>opsForHash().values(prefix + "published")
                .map(json -> JSON.readValue(json, Publication.class))
                .onErrorMap(RedisWelcomeTemplates::transientUnlessOurs);
    }

    @Override
    public Flux<Publication> publications(WelcomeKey key) {
        return redis.opsForList().range(prefix + "log:" + key.id(), 0, -1)
                .map(json -> JSON.readValue(json, Publication.class))
                .onErrorMap(RedisWelcomeTemplates::transientUnlessOurs);
    }

    @Override
    public Mono<Long> publicationCount() {
        return redis.opsForValue().get(prefix + "publications").map(Long::parseLong).defaultIfEmpty(0L)
                .onErrorMap(RedisWelcomeTemplates::transientUnlessOurs);
    }

    private static Mono<String> json(Object value) {
        return Mono.fromCallable(() -> JSON.writeValueAsString(value))
                .onErrorMap(e -> new PermanentException("cannot be written as JSON: " + e.getMessage(), e));
    }

    private static Throwable transientUnlessOurs(Throwable e) {
        return e instanceof AssistException ? e
                : new TransientException("welcome templates not reachable in Redis: " + e.getMessage(), e);
    }
}
