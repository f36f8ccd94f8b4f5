package com.wecomassist.customerlinks.redis;

import com.wecomassist.customerlinks.CustomerLink;
import com.wecomassist.customerlinks.CustomerLinks;
import com.wecomassist.customerlinks.LinkOutcome;
import com.wecomassist.error.AssistException;
import com.wecomassist.error.TransientException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

/**
 * Cluster mode: the links in Redis, shared by every instance. Keys (under the key prefix):
 * <ul>
 *   <li>{@code links:customer:<external_userid>}: a hash of {@code no} (customer number), {@code m}
 *       (管户), {@code t} (tier), {@code src}, {@code a} (asOf, epoch ms) and {@code u} (updated, epoch ms);
 *       after a removal only {@code rm} (the removal's asOf);</li>
 *   <li>{@code links:by-no}: a hash of customer number → external_userid (the reverse lookup);</li>
 *   <li>{@code links:by-manager}: a sorted set of {@code <manager>\n<external_userid>} (all scores 0, so an
 *       employee's customers page by key with ZRANGEBYLEX and count with ZLEXCOUNT).</li>
 * </ul>
 * Every write is one Lua script that reads the customer's hash, decides by the rules of
 * {@link com.wecomassist.customerlinks.LinkRules} and writes the hash and the index, so two instances
 * writing one customer at once cannot interleave; a batch of upserts (an import's) is one script call.
 */
public class RedisCustomerLinks implements CustomerLinks {

    private static final char SEPARATOR = '\n';

    /**
     * KEYS[1]: the index; KEYS[2]: the numbers' hash; KEYS[3..]: one customer hash per item. ARGV[1]: the
     * operation; then per item
     * (upsert) ext, no, m, t, src, a, u; (remove) ext, a; (reassign) ext, from, to, a, u; (erase) ext.
     * Empty strings stand for null. Answers each item's outcome (erase: "1" or "0").
     */
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> WRITE = RedisScript.of("""
            local idx = KEYS[1]
            local byNo = KEYS[2]
            local op = ARGV[1]
            local width = ({upsert = 7, remove = 2, reassign = 5, erase = 1})[op]
            local out = {}
            for i = 3, #KEYS do
              local k = KEYS[i]
              local base = 1 + (i - 3) * width
              local ext = ARGV[base + 1]
              local cur = redis.call('HMGET', k, 'no', 'm', 'a', 'rm', 't')
              local no, m, t = cur[1], cur[2], cur[5]
              local heldAt = nil
              if no then heldAt = tonumber(cur[3]) elseif cur[4] then heldAt = tonumber(cur[4]) end
              local function unindex() if no and m then redis.call('ZREM', idx, m .. '\\n' .. ext) end end
              -- the number's entry goes only when it names this customer (another may hold the number now)
              local function unnumber()
                if no and redis.call('HGET', byNo, no) == ext then redis.call('HDEL', byNo, no) end
              end
              local outcome
              if op == 'upsert' then
                local nno, nm, nt, src = ARGV[base + 2], ARGV[base + 3], ARGV[base + 4], ARGV[base + 5]
                local a, u = tonumber(ARGV[base + 6]), ARGV[base + 7]
                if heldAt == nil then outcome = 'APPLIED'
                elseif a < heldAt or (a == heldAt and not no) then outcome = 'STALE'
                elseif nno == no and nm == (m or '') and nt == (t or '') then
                  outcome = 'UNCHANGED'
                  if a > heldAt then redis.call('HSET', k, 'a', ARGV[base + 6]) end
                else outcome = 'APPLIED' end
                if outcome == 'APPLIED' then
                  if m ~= nm then
                    unindex()
                    if nm ~= '' then redis.call('ZADD', idx, 0, nm .. '\\n' .. ext) end
                  end
                  if no ~= nno then
                    unnumber()
                    redis.call('HSET', byNo, nno, ext)
                  end
                  redis.call('DEL', k)
                  redis.call('HSET', k, 'no', nno, 'src', src, 'a', ARGV[base + 6], 'u', u)
                  if nm ~= '' then redis.call('HSET', k, 'm', nm) end
                  if nt ~= '' then redis.call('HSET', k, 't', nt) end
                end
              elseif op == 'remove' then
                local a = tonumber(ARGV[base + 2])
                if heldAt ~= nil and a < heldAt then outcome = 'STALE'
                else
                  if no then outcome = 'APPLIED' else outcome = 'UNCHANGED' end
                  unindex()
                  unnumber()
                  redis.call('DEL', k)
                  redis.call('HSET', k, 'rm', ARGV[base + 2])
                end
              elseif op == 'reassign' then
                local from, to, a, u = ARGV[base + 2], ARGV[base + 3], tonumber(ARGV[base + 4]), ARGV[base + 5]
                if not no then outcome = 'UNKNOWN_CUSTOMER'
                elseif a < heldAt then outcome = 'STALE'
                elseif m == to then outcome = 'UNCHANGED'
                elseif m ~= from then outcome = 'NOT_MANAGER'
                else
                  outcome = 'APPLIED'
                  unindex()
                  redis.call('ZADD', idx, 0, to .. '\\n' .. ext)
                  redis.call('HSET', k, 'm', to, 'src', 'INHERITANCE', 'a', ARGV[base + 4], 'u', u)
                end
              else
                if no then outcome = '1' else outcome = '0' end
                unindex()
                unnumber()
                redis.call('DEL', k)
              end
              out[#out + 1] = outcome
            end
            return out
            """, List.class);

    /**
     * KEYS: customer hashes; answers, per key, its {@code no, m, t, src, a, u} ("" for a missing field):
     * a page of links in one round trip instead of one per customer.
     */
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> READ = RedisScript.of("""
            local out = {}
            for i = 1, #KEYS do
              local v = redis.call('HMGET', KEYS[i], 'no', 'm', 't', 'src', 'a', 'u')
              for j = 1, 6 do out[#out + 1] = v[j] or '' end
            end
            return out
            """, List.class);

    private final ReactiveStringRedisTemplate redis;
    private final String prefix;
    private final Clock clock;

    public RedisCustomerLinks(ReactiveStringRedisTemplate redis, String keyPrefix, Clock clock) {
        this.redis = redis;
        this.prefix = keyPrefix;
        this.clock = clock;
    }

    @Override
    public Mono<LinkOutcome> upsert(CustomerLink link) {
        return upsertAll(List.of(link)).map(outcomes -> outcomes.get(0));
    }

    @Override
    public Mono<List<LinkOutcome>> upsertAll(List<CustomerLink> links) {
        if (links.isEmpty()) {
            return Mono.just(List.of());
        }
        List<String> keys = new ArrayList<>(links.size() + 1);
        List<String> args = new ArrayList<>(links.size() * 7 + 1);
        keys.add(indexKey());
        keys.add(numbersKey());
        args.add("upsert");
        for (CustomerLink link : links) {
            keys.add(customerKey(link.externalUserId()));
            args.addAll(List.of(link.externalUserId(), link.customerNo(), orEmpty(link.managerUserId()),
                    orEmpty(link.tier()), link.source().name(), Long.toString(link.asOf().toEpochMilli()),
                    Long.toString(link.updatedAt().toEpochMilli())));
        }
        return write(keys, args).map(out -> out.stream().map(LinkOutcome::valueOf).toList());
    }

    @Override
    public Mono<LinkOutcome> remove(String externalUserId, Instant asOf, CustomerLink.Source source) {
        return write(List.of(indexKey(), numbersKey(), customerKey(externalUserId)),
                List.of("remove", externalUserId, Long.toString(asOf.toEpochMilli())))
                .map(out -> LinkOutcome.valueOf(out.get(0)));
    }

    @Override
    public Mono<LinkOutcome> reassignManager(String externalUserId, String fromUserId, String toUserId, Instant at) {
        return write(List.of(indexKey(), numbersKey(), customerKey(externalUserId)), List.of("reassign",
                externalUserId, fromUserId, toUserId, Long.toString(at.toEpochMilli()), Long.toString(clock.millis())))
                .map(out -> LinkOutcome.valueOf(out.get(0)));
    }

    @Override
    public Mono<CustomerLink> link(String externalUserId) {
        return redis.<String, String>opsForHash().entries(customerKey(externalUserId))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .mapNotNull(fields -> linkOf(externalUserId, fields))
                .onErrorMap(e -> new TransientException("customer link not read from Redis: " + e.getMessage(), e));
    }

    @Override
    public Mono<CustomerLink> byCustomerNo(String customerNo) {
        return redis.<String, String>opsForHash().get(numbersKey(), customerNo)
                .flatMap(this::link)
                // the number's entry and the link are written in one script: a link with another number is a
                // moment's race with a change of number, answered as no link rather than as the wrong one
                .filter(link -> link.customerNo().equals(customerNo))
                .onErrorMap(e -> !(e instanceof AssistException),
                        e -> new TransientException("customer number not looked up in Redis: " + e.getMessage(), e));
    }

    @Override
    public Mono<LinkPage> customersOf(String managerUserId, String after, int limit) {
        Range<String> range = Range.of(after == null
                        ? Range.Bound.inclusive(managerUserId + SEPARATOR)
                        : Range.Bound.exclusive(managerUserId + SEPARATOR + after),
                Range.Bound.exclusive(managerUserId + (char) (SEPARATOR + 1)));
        return redis.opsForZSet().rangeByLex(indexKey(), range, Limit.limit().count(limit + 1))
                .map(member -> member.substring(managerUserId.length() + 1))
                .collectList()
                .flatMap(ids -> {
                    List<String> page = ids.size() > limit ? ids.subList(0, limit) : ids;
                    String next = ids.size() > limit ? page.get(page.size() - 1) : null;
                    if (page.isEmpty()) {
                        return Mono.just(new LinkPage(List.of(), next));
                    }
                    return redis.execute(READ, page.stream().map(this::customerKey).toList(), List.of()).next()
                            .map(values -> new LinkPage(linksOf(page, values), next));
                })
                .onErrorMap(e -> !(e instanceof AssistException),
                        e -> new TransientException("customer links not read from Redis: " + e.getMessage(), e));
    }

    @Override
    public Mono<Long> countOf(String managerUserId) {
        return redis.opsForZSet().lexCount(indexKey(), Range.of(Range.Bound.inclusive(managerUserId + SEPARATOR),
                        Range.Bound.exclusive(managerUserId + (char) (SEPARATOR + 1))))
                .onErrorMap(e -> new TransientException("customer links not counted in Redis: " + e.getMessage(), e));
    }

    @Override
    public Mono<Long> erase(String externalUserId) {
        return write(List.of(indexKey(), numbersKey(), customerKey(externalUserId)), List.of("erase", externalUserId))
                .map(out -> Long.parseLong(out.get(0)));
    }

    @SuppressWarnings("unchecked")
    private Mono<List<String>> write(List<String> keys, List<String> args) {
        return redis.execute(WRITE, keys, args).next()
                .map(out -> (List<String>) out)
                .onErrorMap(e -> !(e instanceof AssistException),
                        e -> new TransientException("customer links not written to Redis: " + e.getMessage(), e));
    }

    /** The links of a page read by {@link #READ} (six values per customer; one without a number is left out). */
    @SuppressWarnings("rawtypes")
    private static List<CustomerLink> linksOf(List<String> customers, List values) {
        String[] names = {"no", "m", "t", "src", "a", "u"};
        List<CustomerLink> out = new ArrayList<>(customers.size());
        for (int i = 0; i < customers.size(); i++) {
            Map<String, String> fields = new HashMap<>();
            for (int j = 0; j < names.length; j++) {
                String value = (String) values.get(i * names.length + j);
                if (!value.isEmpty()) {
                    fields.put(names[j], value);
                }
            }
            CustomerLink link = linkOf(customers.get(i), fields);
            if (link != null) {
                out.add(link);
            }
        }
        return List.copyOf(out);
    }

    private static CustomerLink linkOf(String externalUserId, Map<String, String> fields) {
        String no = fields.get("no");
        if (no == null) {
            return null; // never linked, or a removal's marker
        }
        return new CustomerLink(externalUserId, no, fields.get("m"), fields.get("t"),
                CustomerLink.Source.valueOf(fields.get("src")), Instant.ofEpochMilli(Long.parseLong(fields.get("a"))),
                Instant.ofEpochMilli(Long.parseLong(fields.get("u"))));
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private String customerKey(String externalUserId) {
        return prefix + "links:customer:" + externalUserId;
    }

    private String indexKey() {
        return prefix + "links:by-manager";
    }

    private String numbersKey() {
        return prefix + "links:by-no";
    }
}
