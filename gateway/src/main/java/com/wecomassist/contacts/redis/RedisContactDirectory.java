package com.wecomassist.contacts.redis;

import com.wecomassist.contacts.ApplyOutcome;
import com.wecomassist.contacts.ContactChange;
import com.wecomassist.contacts.ContactDirectory;
import com.wecomassist.contacts.ContactEvent;
import com.wecomassist.contacts.ContactStatus;
import com.wecomassist.contacts.Customer;
import com.wecomassist.contacts.FollowRelationship;
import com.wecomassist.error.AssistException;
import com.wecomassist.error.TransientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Cluster mode: the directory in Redis, shared by every instance. Keys (under the key prefix):
 * <ul>
 *   <li>{@code contacts:customer:<external_userid>}: a hash of {@code name}, {@code unionid} and one
 *       field {@code f:<employee>} per relationship (JSON);</li>
 *   <li>{@code contacts:history:<external_userid>}: a list of history lines (JSON), trimmed to the newest
 *       {@code history-limit};</li>
 *   <li>{@code contacts:employee:<userid>}: a sorted set of the employee's customers (all scores 0, so
 *       paged by key with ZRANGEBYLEX);</li>
 *   <li>{@code contacts:counts:<userid>}: a hash of status → number of the employee's relationships;</li>
 *   <li>{@code contacts:removed-by-customer}: a sorted set of {@code <external_userid>\n<employee>} by the
 *       time the customer removed the employee, while they stay removed (churn).</li>
 * </ul>
 * Every event is applied by one Lua script that reads the relationship, decides by the same rules as
 * {@link com.wecomassist.contacts.FollowRules} and writes all of the above, so that two instances
 * taking two events of one customer at once cannot interleave a read and a write. A batch (a sync page)
 * is one script call: one round trip for up to a hundred customers.
 */
public class RedisContactDirectory implements ContactDirectory {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * KEYS[1]: the churn set; then per event: customer hash, history list, employee set, employee counts.
     * ARGV[1]: history limit; then one event (JSON) per event. Answers each event's outcome.
     */
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> APPLY = RedisScript.of("""
            local limit = tonumber(ARGV[1])
            local function removed(st) return st == 'REMOVED_BY_EMPLOYEE' or st == 'REMOVED_BY_CUSTOMER' end
            local function contains(list, x)
              if list then for _, v in ipairs(list) do if v == x then return true end end end
              return false
            end
            local function statusAfter(k, cur)
              if k == 'ADDED' or k == 'SYNCED' then return 'ACTIVE' end
              if k == 'HALF_ADDED' then return 'HALF' end
              if k == 'EDITED' then return cur or 'ACTIVE' end
              if k == 'TRANSFER_STARTED' then return 'TRANSFERRING' end
              return k -- REMOVED_BY_EMPLOYEE, REMOVED_BY_CUSTOMER, TRANSFER_FAILED: the status has the kind's name
            end
            local function sameList(a, b)
              a = a or {}
              b = b or {}
              if #a ~= #b then return false end
              for i = 1, #a do if a[i] ~= b[i] then return false end end
              return true
            end
            local out = {}
            for i = 1, #ARGV - 1 do
              local ev = cjson.decode(ARGV[i + 1])
              local base = 1 + (i - 1) * 4
              local kc, kh, ki, kn = KEYS[base + 1], KEYS[base + 2], KEYS[base + 3], KEYS[base + 4]
              local field = 'f:' .. ev.e
              local raw = redis.call('HGET', kc, field)
              local cur = nil
              if raw then cur = cjson.decode(raw) end
              local adds = ev.k == 'ADDED' or ev.k == 'HALF_ADDED'
              local outcome
              if cur and ev.t < cur.t then
                outcome = 'OUT_OF_ORDER'
                if adds and cur.a == nil then
                  cur.a = ev.t
                  if cur.s == nil then cur.s = ev.s end
                  redis.call('HSET', kc, field, cjson.encode(cur))
                end
              else
                local st = statusAfter(ev.k, cur and cur.st)
                local same = cur ~= nil and ev.t == cur.t
                if same and contains(cur.ks, ev.k) then
                  outcome = 'UNCHANGED'
                elseif same and removed(cur.st) and not removed(st) then
                  outcome = 'OUT_OF_ORDER'
                else
                  local begins = cur == nil or cur.a == nil or removed(cur.st) or cur.st == 'TRANSFER_FAILED'
                  local a, s, tg, r = nil, nil, {}, nil
                  if cur then a, s, tg, r = cur.a, cur.s, cur.tg or {}, cur.r end
                  local unchanged = false
                  if adds then
                    if begins then a = ev.t end
                    if ev.s ~= nil then s = ev.s elseif begins then s = nil end
                  elseif ev.k == 'SYNCED' then
                    if ev.a ~= nil then a = ev.a end
                    if ev.s ~= nil then s = ev.s end
                    tg = ev.tg or {}
                    r = ev.r
                    unchanged = cur ~= nil and cur.st == st and a == cur.a and s == cur.s and sameList(tg, cur.tg)
                      and r == cur.r
                  end
                  if unchanged then
                    outcome = 'UNCHANGED'
                  else
                    outcome = 'APPLIED'
                    local rm = nil
                    if removed(st) then
                      if ev.k == 'EDITED' then rm = cur.rm else rm = ev.t end
                    end
                    local ks = {ev.k}
                    if same then for _, k in ipairs(cur.ks) do if k ~= ev.k then ks[#ks + 1] = k end end end
                    redis.call('HSET', kc, field, cjson.encode({st = st, a = a, s = s, tg = tg, r = r, t = ev.t,
                      rm = rm, d = ev.d, ks = ks}))
                    if ev.n ~= nil then redis.call('HSET', kc, 'name', ev.n) end
                    if ev.un ~= nil then redis.call('HSET', kc, 'unionid', ev.un) end
                    local line = ev.d
                    if line == nil and adds then line = ev.s end
                    redis.call('RPUSH', kh, cjson.encode({t = ev.t, k = ev.k, e = ev.e, st = st, d = line}))
                    redis.call('LTRIM', kh, -limit, -1)
                    redis.call('ZADD', ki, 0, ev.c)
                    if cur then redis.call('HINCRBY', kn, cur.st, -1) end
                    redis.call('HINCRBY', kn, st, 1)
                    local member = ev.c .. '\\n' .. ev.e
                    if st == 'REMOVED_BY_CUSTOMER' then
                      redis.call('ZADD', KEYS[1], rm, member)
                    elseif cur and cur.st == 'REMOVED_BY_CUSTOMER' then
                      redis.call('ZREM', KEYS[1], member)
                    end
                  end
                end
              end
              out[i] = outcome
            end
            return out
            """, List.class);

    /**
     * Forgets one customer. KEYS[1]: the customer hash, KEYS[2]: their history, KEYS[3]: the churn set;
     * then per employee of ARGV: that employee's set and counts. ARGV[1]: the customer; then the employees
     * whose relationships the caller read. Answers the relationships and history lines forgotten, or -1
     * (nothing changed) when the hash holds a relationship the caller did not name: one added since it
     * read, whose employee's keys the script was not given. The caller reads again.
     */
    private static final RedisScript<Long> ERASE = RedisScript.of("""
            local c = ARGV[1]
            local named = {}
            for i = 2, #ARGV do named['f:' .. ARGV[i]] = true end
            for _, f in ipairs(redis.call('HKEYS', KEYS[1])) do
              if string.sub(f, 1, 2) == 'f:' and not named[f] then return -1 end
            end
            local n = redis.call('LLEN', KEYS[2])
            for i = 2, #ARGV do
              local raw = redis.call('HGET', KEYS[1], 'f:' .. ARGV[i])
              if raw then
                local r = cjson.decode(raw)
                local base = 3 + (i - 2) * 2
                n = n + 1
                redis.call('ZREM', KEYS[base + 1], c)
                redis.call('HINCRBY', KEYS[base + 2], r.st, -1)
                redis.call('ZREM', KEYS[3], c .. '\\n' .. ARGV[i])
              end
            end
            redis.call('DEL', KEYS[1], KEYS[2])
            return n
            """, Long.class);

    /** Reads of the customer's employees an erasure makes at most while relationships keep being added. */
    private static final int ERASE_ATTEMPTS = 5;

    private final ReactiveStringRedisTemplate redis;
    private final String prefix;
    private final int historyLimit;

    public RedisContactDirectory(ReactiveStringRedisTemplate redis, String keyPrefix, int historyLimit) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.prefix = keyPrefix + "contacts:";
        this.historyLimit = historyLimit;
    }

    @Override
    public Mono<ApplyOutcome> apply(ContactEvent event) {
        return applyAll(List.of(event)).map(outcomes -> outcomes.get(0));
    }

    @Override
    public Mono<List<ApplyOutcome>> applyAll(List<ContactEvent> events) {
        if (events.isEmpty()) {
            return Mono.just(List.of());
        }
        List<String> keys = new ArrayList<>(1 + 4 * events.size());
        List<String> args = new ArrayList<>(1 + events.size());
        keys.add(churnKey());
        args.add(Integer.toString(historyLimit));
        for (ContactEvent event : events) {
            keys.add(customerKey(event.externalUserId()));
            keys.add(historyKey(event.externalUserId()));
            keys.add(employeeKey(event.employee()));
            keys.add(countsKey(event.employee()));
            args.add(encode(event));
        }
        return redis.execute(APPLY, keys, args).next()
                .map(RedisContactDirectory::outcomes)
                .onErrorMap(e -> !(e instanceof AssistException),
                        e -> new TransientException("contact events not written to Redis: " + e.getMessage(), e));
    }

    @Override
    public Mono<Customer> customer(String externalUserId) {
        return redis.<String, String>opsForHash().entries(customerKey(externalUserId))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .filter(fields -> !fields.isEmpty())
                .map(fields -> {
                    List<FollowRelationship> relationships = new ArrayList<>();
                    new java.util.TreeMap<>(fields).forEach((field, value) -> {
                        if (field.startsWith("f:")) {
                            relationships.add(relationship(externalUserId, field.substring(2), value));
                        }
                    });
                    return new Customer(externalUserId, fields.get("name"), fields.get("unionid"), relationships);
                })
                .onErrorMap(e -> !(e instanceof AssistException), RedisContactDirectory::unread);
    }

    @Override
    public Flux<ContactChange> history(String externalUserId) {
        return redis.opsForList().range(historyKey(externalUserId), 0, -1).map(line -> {
            JsonNode node = JSON.readTree(line);
            return new ContactChange(Instant.ofEpochSecond(node.path("t").asLong()),
                    ContactEvent.Kind.valueOf(node.path("k").asString()), node.path("e").asString(),
                    ContactStatus.valueOf(node.path("st").asString()), text(node, "d"));
        }).onErrorMap(e -> !(e instanceof AssistException), RedisContactDirectory::unread);
    }

    @Override
    public Mono<CustomerPage> customersOf(String employee, String after, int limit) {
        Range<String> range = after == null ? Range.unbounded() : Range.rightUnbounded(Range.Bound.exclusive(after));
        return redis.opsForZSet().rangeByLex(employeeKey(employee), range, Limit.limit().count(limit + 1))
                .collectList()
                .flatMap(ids -> {
                    List<String> page = ids.size() > limit ? ids.subList(0, limit) : ids;
                    String next = ids.size() > limit ? page.get(page.size() - 1) : null;
                    return Flux.fromIterable(page)
                            .flatMapSequential(id -> redis.<String, String>opsForHash().get(customerKey(id), "f:" + employee)
                                    .map(json -> relationship(id, employee, json)), 16)
                            .collectList()
                            .map(relationships -> new CustomerPage(relationships, next));
                })
                .onErrorMap(e -> !(e instanceof AssistException), RedisContactDirectory::unread);
    }

    @Override
    public Mono<Map<ContactStatus, Long>> countsOf(String employee) {
        return redis.<String, String>opsForHash().entries(countsKey(employee))
                .filter(entry -> Long.parseLong(entry.getValue()) > 0)
                .collectMap(entry -> ContactStatus.valueOf(entry.getKey()), entry -> Long.parseLong(entry.getValue()),
                        () -> new EnumMap<>(ContactStatus.class))
                .onErrorMap(e -> !(e instanceof AssistException), RedisContactDirectory::unread);
    }

    @Override
    public Flux<FollowRelationship> removedByCustomer(Instant from, Instant to, Duration withinOfAdding) {
        Range<Double> range = Range.of(Range.Bound.inclusive((double) from.getEpochSecond()),
                Range.Bound.exclusive((double) to.getEpochSecond()));
        return redis.opsForZSet().rangeByScore(churnKey(), range)
                .flatMapSequential(member -> {
                    int split = member.indexOf('\n');
                    String customer = member.substring(0, split);
                    String employee = member.substring(split + 1);
                    return redis.<String, String>opsForHash().get(customerKey(customer), "f:" + employee)
                            .map(json -> relationship(customer, employee, json));
                }, 16)
                .filter(r -> r.status() == ContactStatus.REMOVED_BY_CUSTOMER && r.addedAt() != null
                        && !r.removedAt().isAfter(r.addedAt().plus(withinOfAdding)))
                .onErrorMap(e -> !(e instanceof AssistException), RedisContactDirectory::unread);
    }

    @Override
    public Mono<Long> erase(String externalUserId) {
        return erase(externalUserId, ERASE_ATTEMPTS)
                .onErrorMap(e -> !(e instanceof AssistException),
                        e -> new TransientException("contact directory not erased in Redis: " + e.getMessage(), e));
    }

    private Mono<Long> erase(String externalUserId, int attemptsLeft) {
        return redis.<String, String>opsForHash().keys(customerKey(externalUserId))
                .filter(field -> field.startsWith("f:"))
                .map(field -> field.substring(2))
                .collectList()
                .flatMap(employees -> {
                    List<String> keys = new ArrayList<>(3 + 2 * employees.size());
                    keys.add(customerKey(externalUserId));
                    keys.add(historyKey(externalUserId));
                    keys.add(churnKey());
                    List<String> args = new ArrayList<>(1 + employees.size());
                    args.add(externalUserId);
                    for (String employee : employees) {
                        keys.add(employeeKey(employee));
                        keys.add(countsKey(employee));
                        args.add(employee);
                    }
                    return redis.execute(ERASE, keys, args).next();
                })
                .flatMap(n -> {
                    if (n >= 0) {
                        return Mono.just(n);
                    }
                    return attemptsLeft > 1 ? erase(externalUserId, attemptsLeft - 1)
                            : Mono.error(new TransientException("relationships of " + externalUserId
                                    + " kept being added while erasing: try again"));
                });
    }

    private static List<ApplyOutcome> outcomes(List<?> answered) {
        return answered.stream().map(o -> ApplyOutcome.valueOf(o.toString())).toList();
    }

    private static String encode(ContactEvent event) {
        ObjectNode node = JSON.createObjectNode();
        node.put("k", event.kind().name());
        node.put("c", event.externalUserId());
        node.put("e", event.employee());
        node.put("t", event.at().getEpochSecond());
        putIfPresent(node, "s", event.state());
        putIfPresent(node, "d", event.detail());
        ContactEvent.Snapshot snapshot = event.snapshot();
        if (snapshot != null) {
            putIfPresent(node, "n", snapshot.name());
            putIfPresent(node, "un", snapshot.unionid());
            putIfPresent(node, "r", snapshot.remark());
            if (snapshot.addedAt() != null) {
                node.put("a", snapshot.addedAt().getEpochSecond());
            }
            ArrayNode tags = node.putArray("tg");
            snapshot.tags().forEach(tags::add);
        }
        return node.toString();
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static FollowRelationship relationship(String externalUserId, String employee, String json) {
        JsonNode node = JSON.readTree(json);
        List<String> tags = new ArrayList<>();
        // Redis's cjson writes an empty list as {}: read anything but an array as no tags
        if (node.path("tg").isArray()) {
            node.path("tg").forEach(tag -> tags.add(tag.asString()));
        }
        Set<ContactEvent.Kind> kinds = EnumSet.noneOf(ContactEvent.Kind.class);
        if (node.path("ks").isArray()) {
            node.path("ks").forEach(kind -> kinds.add(ContactEvent.Kind.valueOf(kind.asString())));
        }
        return new FollowRelationship(externalUserId, employee, ContactStatus.valueOf(node.path("st").asString()),
                seconds(node, "a"), text(node, "s"), tags, text(node, "r"), seconds(node, "t"), seconds(node, "rm"),
                text(node, "d"), kinds);
    }

    private static Instant seconds(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : Instant.ofEpochSecond(value.asLong());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static TransientException unread(Throwable e) {
        return new TransientException("contact directory not read from Redis: " + e.getMessage(), e);
    }

    private String customerKey(String externalUserId) {
        return prefix + "customer:" + externalUserId;
    }

    private String historyKey(String externalUserId) {
        return prefix + "history:" + externalUserId;
    }

    private String employeeKey(String employee) {
        return prefix + "employee:" + employee;
    }

    private String countsKey(String employee) {
        return prefix + "counts:" + employee;
    }

    private String churnKey() {
        return prefix + "removed-by-customer";
    }
}
