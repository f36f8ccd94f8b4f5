package com.wecomassist.staff.redis;

import com.wecomassist.error.AssistException;
import com.wecomassist.error.TransientException;
import com.wecomassist.staff.Role;
import com.wecomassist.staff.StaffDirectory;
import com.wecomassist.staff.StaffMember;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Staff shared by every instance (cluster mode): one hash per member ({@code hash}, {@code roles},
 * {@code enabled}, {@code team}, {@code service}; a hash written before teams or service accounts
 * existed reads as the default team and a person) plus a set of all login names. Failed logins: a
 * hash per login name of {@code <client> → count:forgetAtMillis} and a counter per client, both
 * expiring, written together by one script on Redis's clock. Session epochs: a counter per member.
 * Creating is one script, so two instances bootstrapping the same admin at once create it once.
 */
public class RedisStaffDirectory implements StaffDirectory {

    private static final RedisScript<Long> CREATE = RedisScript.of("""
            if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
            redis.call('HSET', KEYS[1], 'hash', ARGV[1], 'roles', ARGV[2], 'enabled', ARGV[3], 'team', ARGV[5],
                'service', ARGV[6])
            redis.call('SADD', KEYS[2], ARGV[4])
            return 1
            """, Long.class);

    private static final RedisScript<Long> SAVE = RedisScript.of("""
            redis.call('HSET', KEYS[1], 'hash', ARGV[1], 'roles', ARGV[2], 'enabled', ARGV[3], 'team', ARGV[5],
                'service', ARGV[6])
            redis.call('SADD', KEYS[2], ARGV[4])
            return 1
            """, Long.class);

    /** The name's count from one client ({@code count:forgetAtMillis}, stale once past), on Redis's clock. */
    private static final String NAME_COUNT = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local n = 0
            local old = redis.call('HGET', KEYS[1], ARGV[1])
            if old then
              local c, forgetAt = string.match(old, '^(%d+):(%d+)$')
              if c and tonumber(forgetAt) > now then n = tonumber(c) end
            end
            """;

    /** KEYS: the name's failures, the client's; ARGV: the client, forget after (ms). Answers both counts. */
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> FAILED = RedisScript.of(NAME_COUNT + """
            local ttl = tonumber(ARGV[2])
            n = n + 1
            redis.call('HSET', KEYS[1], ARGV[1], n .. ':' .. (now + ttl))
            redis.call('PEXPIRE', KEYS[1], ttl)
            local m = redis.call('INCR', KEYS[2])
            redis.call('PEXPIRE', KEYS[2], ttl)
            return {n, m}
            """, List.class);

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> FAILURES = RedisScript.of(NAME_COUNT + """
            return {n, tonumber(redis.call('GET', KEYS[2]) or '0')}
            """, List.class);

    private final ReactiveStringRedisTemplate redis;
    private final String prefix;

    public RedisStaffDirectory(ReactiveStringRedisTemplate redis, String keyPrefix) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.prefix = keyPrefix + "staff:";
    }

    @Override
    public Mono<StaffMember> find(String username) {
        if (username == null || !StaffMember.USERNAME.matcher(username).matches()) {
            return Mono.empty(); // not a name anyone can have: no lookup, no odd keys
        }
        return redis.<String, String>opsForHash().entries(userKey(username))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .filter(fields -> fields.containsKey("hash"))
                .map(fields -> member(username, fields))
                .onErrorMap(e -> !(e instanceof AssistException),
                        e -> new TransientException("staff directory not read from Redis: " + e.getMessage(), e));
    }

    @Override
    public Flux<StaffMember> all() {
        return redis.opsForSet().members(namesKey()).sort().concatMap(this::find)
                .onErrorMap(e -> !(e instanceof AssistException),
                        e -> new TransientException("staff directory not read from Redis: " + e.getMessage(), e));
    }

    @Override
    public Mono<Boolean> create(StaffMember member) {
        return write(CREATE, member).map(n -> n == 1);
    }

    @Override
    public Mono<Void> save(StaffMember member) {
        return write(SAVE, member).then();
    }

    @Override
    public Mono<FailedLogins> failedLogin(String username, String client, Duration forgetAfter) {
        return redis.execute(FAILED, List.of(failedKey(username), clientKey(client)),
                        List.of(bounded(client), Long.toString(forgetAfter.toMillis())))
                .next().map(RedisStaffDirectory::failures)
                .onErrorMap(e -> new TransientException("failed login not counted in Redis: " + e.getMessage(), e));
    }

    @Override
    public Mono<FailedLogins> failedLogins(String username, String client) {
        return redis.execute(FAILURES, List.of(failedKey(username), clientKey(client)), List.of(bounded(client)))
                .next().map(RedisStaffDirectory::failures)
                .onErrorMap(e -> new TransientException("failed logins not read from Redis: " + e.getMessage(), e));
    }

    @Override
    public Mono<Void> forgetFailedLogins(String username, String client) {
        return redis.opsForHash().remove(failedKey(username), bounded(client)).then()
                .onErrorMap(e -> new TransientException("failed logins not reset in Redis: " + e.getMessage(), e));
    }

    @Override
    public Mono<Void> forgetFailedLogins(String username) {
        return redis.delete(failedKey(username)).then()
                .onErrorMap(e -> new TransientException("failed logins not reset in Redis: " + e.getMessage(), e));
    }

    @Override
    public Mono<Long> sessionEpoch(String username) {
        return redis.opsForValue().get(epochKey(username)).map(Long::parseLong).defaultIfEmpty(0L)
                .onErrorMap(e -> new TransientException("session epoch not read from Redis: " + e.getMessage(), e));
    }

    @Override
    public Mono<Long> endSessions(String username) {
        return redis.opsForValue().increment(epochKey(username))
                .onErrorMap(e -> new TransientException("sessions not ended in Redis: " + e.getMessage(), e));
    }

    private static FailedLogins failures(List<?> counts) {
        return new FailedLogins(((Number) counts.get(0)).longValue(), ((Number) counts.get(1)).longValue());
    }

    private Mono<Long> write(RedisScript<Long> script, StaffMember member) {
        Objects.requireNonNull(member, "member");
        String roles = member.roles().stream().map(Role::name).sorted().collect(Collectors.joining(","));
        return redis.execute(script, List.of(userKey(member.username()), namesKey()),
                        List.of(member.passwordHash(), roles, member.enabled() ? "1" : "0", member.username(),
                                member.team(), member.serviceAccount() ? "1" : "0"))
                .next()
                .onErrorMap(e -> new TransientException("staff member not saved in Redis: " + e.getMessage(), e));
    }

    private static StaffMember member(String username, Map<String, String> fields) {
        String roles = fields.getOrDefault("roles", "");
        Set<Role> parsed = roles.isBlank() ? EnumSet.noneOf(Role.class)
                : Arrays.stream(roles.split(",")).map(Role::parse).collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
        return new StaffMember(username, fields.get("hash"), parsed, !"0".equals(fields.get("enabled")),
                fields.get("team"), "1".equals(fields.get("service")));
    }

    private String userKey(String username) {
        return prefix + "user:" + username;
    }

    private String namesKey() {
        return prefix + "users";
    }

    private String failedKey(String username) {
        // any typed name is counted: hash-free but bounded in length, and the key expires
        String name = username == null ? "" : username.length() > 128 ? username.substring(0, 128) : username;
        return prefix + "failed:" + name;
    }

    private String clientKey(String client) {
        return prefix + "failed-client:" + bounded(client);
    }

    /** A client's address as counted: a configured header's value is typed by anyone, so bounded. */
    private static String bounded(String client) {
        return client == null ? "" : client.length() > 64 ? client.substring(0, 64) : client;
    }

    private String epochKey(String username) {
        return prefix + "sessions:" + username;
    }
}
