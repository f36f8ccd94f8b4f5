package com.wecomassist.approval.redis;

import com.wecomassist.approval.ApprovalQueue;
import com.wecomassist.approval.Claim;
import com.wecomassist.approval.Outcome;
import com.wecomassist.approval.PendingDraft;
import com.wecomassist.approval.QueuedDraft;
import com.wecomassist.approval.Refusal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cluster-mode queue, shared by every instance. Under {@code <prefix>approval:}:
 * <ul>
 *   <li>{@code order}: a sorted set whose members sort into the queue's order by themselves
 *       (all scores 0, so Redis orders them as bytes): inverted priority and deadline as fixed-width
 *       numbers, then the draft id. Exact where a double score mixing priority and a millisecond
 *       deadline would have to round one of them;</li>
 *   <li>{@code deadlines}: a sorted set of draft ids scored by deadline (epoch ms), for {@code overdue};</li>
 *   <li>{@code draft:<id>}: a hash with the draft as JSON, its current priority and order member;</li>
 *   <li>{@code claim:<id>}: a hash with the holder and lease end, expiring with the lease (PX), so
 *       a lapsed claim simply disappears (Redis's clock decides when; the lease end shown is
 *       computed with ours);</li>
 *   <li>{@code done:<id>}: the agent who completed it, kept for the completed-retention, so that a
 *       second complete or a late re-enqueue is refused.</li>
 * </ul>
 * A draft whose decision could not be carried out is put back ({@code reopen}): its {@code done:<id>}
 * goes, and it is queued again as it was completed.
 * Every change checks and writes inside one Lua script, so claims and completes are atomic across
 * instances. The scripts touch several keys: on a Redis Cluster they would need one hash tag.
 */
public class RedisApprovalQueue implements ApprovalQueue {

    private static final RedisScript<String> ENQUEUE = RedisScript.of("""
            if redis.call('EXISTS', KEYS[4]) == 1 then return 'completed' end
            if redis.call('EXISTS', KEYS[1]) == 1 then return 'queued' end
            redis.call('HSET', KEYS[1], 'json', ARGV[1], 'priority', ARGV[2], 'tail', ARGV[3], 'order', ARGV[4])
            redis.call('ZADD', KEYS[2], 0, ARGV[4])
            redis.call('ZADD', KEYS[3], ARGV[5], ARGV[6])
            return 'ok'
            """, String.class);

    /** As ENQUEUE, for a completed draft: it forgets the completion (KEYS[4]) instead of refusing. */
    private static final RedisScript<String> REOPEN = RedisScript.of("""
            if redis.call('EXISTS', KEYS[1]) == 1 then return 'queued' end
            redis.call('DEL', KEYS[4], KEYS[5])
            redis.call('HSET', KEYS[1], 'json', ARGV[1], 'priority', ARGV[2], 'tail', ARGV[3], 'order', ARGV[4])
            redis.call('ZADD', KEYS[2], 0, ARGV[4])
            redis.call('ZADD', KEYS[3], ARGV[5], ARGV[6])
            return 'ok'
            """, String.class);

    /** The checks every action on one draft starts with; KEYS[1] draft, KEYS[2] claim, KEYS[3] done. */
    private static final String KNOWN_DRAFT = """
            if redis.call('EXISTS', KEYS[3]) == 1 then return {'completed'} end
            if redis.call('EXISTS', KEYS[1]) == 0 then return {'unknown'} end
            local holder = redis.call('HMGET', KEYS[2], 'agent', 'until')
            """;

    /** The holder-only check of release and complete; ARGV[1] is the agent. */
    private static final String HOLDER_ONLY = """
            if not holder[1] then return {'unclaimed'} end
            if holder[1] ~= ARGV[1] then return {'claimed', holder[1], holder[2]} end
            """;

    /** Reads only; in a script so that "completed", "unknown" and the claim are of one moment. */
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> FIND = RedisScript.of(KNOWN_DRAFT + """
            local d = redis.call('HMGET', KEYS[1], 'json', 'priority')
            if holder[1] then return {'ok', d[1], d[2], holder[1], holder[2]} end
            return {'ok', d[1], d[2]}
            """, List.class);

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> CLAIM = RedisScript.of(KNOWN_DRAFT + """
            if holder[1] and holder[1] ~= ARGV[1] then return {'claimed', holder[1], holder[2]} end
            redis.call('HSET', KEYS[2], 'agent', ARGV[1], 'until', ARGV[3])
            redis.call('PEXPIRE', KEYS[2], ARGV[2])
            local d = redis.call('HMGET', KEYS[1], 'json', 'priority')
            return {'ok', d[1], d[2], ARGV[1], ARGV[3]}
            """, List.class);

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> RELEASE = RedisScript.of(KNOWN_DRAFT + HOLDER_ONLY + """
            redis.call('DEL', KEYS[2])
            local d = redis.call('HMGET', KEYS[1], 'json', 'priority')
            return {'ok', d[1], d[2]}
            """, List.class);

    /** KEYS[4] order, KEYS[5] deadlines; ARGV[2] retention ms, ARGV[3] draft id. */
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> COMPLETE = RedisScript.of(KNOWN_DRAFT + HOLDER_ONLY + """
            local d = redis.call('HMGET', KEYS[1], 'json', 'priority', 'order')
            redis.call('ZREM', KEYS[4], d[3])
            redis.call('ZREM', KEYS[5], ARGV[3])
            redis.call('DEL', KEYS[1], KEYS[2])
            redis.call('SET', KEYS[3], ARGV[1], 'PX', ARGV[2])
            return {'ok', d[1], d[2], holder[1], holder[2]}
            """, List.class);

    /** KEYS[4] order; ARGV[1] increment, ARGV[2] max priority, ARGV[3] min priority. */
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> RAISE = RedisScript.of(KNOWN_DRAFT + """
            local d = redis.call('HMGET', KEYS[1], 'json', 'priority', 'tail', 'order')
            local max = tonumber(ARGV[2])
            local p = math.max(tonumber(ARGV[3]), math.min(max, tonumber(d[2]) + tonumber(ARGV[1])))
            local member = string.format('%010d', max - p) .. d[3]
            redis.call('ZREM', KEYS[4], d[4])
            redis.call('ZADD', KEYS[4], 0, member)
            redis.call('HSET', KEYS[1], 'priority', tostring(p), 'order', member)
            if holder[1] then return {'ok', d[1], tostring(p), holder[1], holder[2]} end
            return {'ok', d[1], tostring(p)}
            """, List.class);

    /**
     * A draft out of the queue without a decision; KEYS as {@link #COMPLETE}'s but no done mark,
     * ARGV[1] the draft id. 0 when it was completed (or discarded) meanwhile.
     */
    private static final RedisScript<Long> DISCARD = RedisScript.of("""
            local order = redis.call('HGET', KEYS[1], 'order')
            if not order then return 0 end
            redis.call('ZREM', KEYS[3], order)
            redis.call('ZREM', KEYS[4], ARGV[1])
            redis.call('DEL', KEYS[1], KEYS[2])
            return 1
            """, Long.class);

    /** Width of the order member's priority and deadline parts; the draft id follows. */
    private static final int ORDER_PREFIX = 25;

    /** KEYS[1] the draft's hash; ARGV[1] the JSON read, ARGV[2] the JSON with the new queue. 1 written, 0 changed meanwhile. */
    private static final RedisScript<Long> REROUTE = RedisScript.of("""
            if redis.call('HGET', KEYS[1], 'json') == ARGV[1] then
              redis.call('HSET', KEYS[1], 'json', ARGV[2])
              return 1
            end
            return 0
            """, Long.class);

    private static final JsonMapper JSON = JsonMapper.builder().findAndAddModules().build();

    private final ReactiveStringRedisTemplate redis;
    private final String prefix;
    private final Duration completedRetention;
    private final Clock clock;

    public RedisApprovalQueue(ReactiveStringRedisTemplate redis, String keyPrefix, Duration completedRetention,
                              Clock clock) {
        this.redis = redis;
        this.clock = clock;
        this.prefix = keyPrefix + "approval:";
        this.completedRetention = completedRetention;
    }

    @Override
    public Mono<Outcome> enqueue(PendingDraft draft) {
        return add(ENQUEUE, draft, List.of(doneKey(draft.draftId())));
    }

    @Override
    public Mono<Outcome> reopen(PendingDraft draft) {
        return add(REOPEN, draft, List.of(doneKey(draft.draftId()), claimKey(draft.draftId())));
    }

    /** Runs ENQUEUE or REOPEN: the draft's hash, its order member and its deadline, written at once. */
    private Mono<Outcome> add(RedisScript<String> script, PendingDraft draft, List<String> moreKeys) {
        String tail = String.format("%015d", draft.deadline().toEpochMilli()) + draft.draftId();
        String member = String.format("%010d", PendingDraft.MAX_PRIORITY - draft.priority()) + tail;
        List<String> keys = new ArrayList<>(List.of(draftKey(draft.draftId()), orderKey(), deadlinesKey()));
        keys.addAll(moreKeys);
        return Mono.fromCallable(() -> JSON.writeValueAsString(draft))
                .flatMap(json -> redis.execute(script, keys,
                        List.of(json, Integer.toString(draft.priority()), tail, member,
                                Long.toString(draft.deadline().toEpochMilli()), draft.draftId()))
                        .next())
                .map(status -> switch (status) {
                    case "ok" -> Outcome.done(draft, null);
                    case "queued" -> Outcome.refused(Refusal.ALREADY_QUEUED);
                    case "completed" -> Outcome.refused(Refusal.ALREADY_COMPLETED);
                    default -> throw new IllegalStateException("unexpected answer " + status + " to adding a draft");
                });
    }

    @Override
    public Flux<QueuedDraft> pending() {
        return redis.opsForZSet().range(orderKey(), Range.unbounded())
                .map(member -> member.substring(ORDER_PREFIX))
                .flatMapSequential(this::read);
    }

    @Override
    public Mono<Outcome> find(String draftId) {
        return run(FIND, List.of(draftKey(draftId), claimKey(draftId), doneKey(draftId)), List.of());
    }

    @Override
    public Mono<Outcome> claim(String draftId, String agentId, Duration lease) {
        return Mono.defer(() -> {
            long until = clock.instant().plus(lease).toEpochMilli();
            return run(CLAIM, List.of(draftKey(draftId), claimKey(draftId), doneKey(draftId)),
                    List.of(agentId, Long.toString(lease.toMillis()), Long.toString(until)));
        });
    }

    @Override
    public Mono<Outcome> release(String draftId, String agentId) {
        return run(RELEASE, List.of(draftKey(draftId), claimKey(draftId), doneKey(draftId)), List.of(agentId));
    }

    @Override
    public Mono<Outcome> complete(String draftId, String agentId) {
        return run(COMPLETE,
                List.of(draftKey(draftId), claimKey(draftId), doneKey(draftId), orderKey(), deadlinesKey()),
                List.of(agentId, Long.toString(completedRetention.toMillis()), draftId));
    }

    @Override
    public Mono<Outcome> raisePriority(String draftId, int by) {
        return run(RAISE, List.of(draftKey(draftId), claimKey(draftId), doneKey(draftId), orderKey()),
                List.of(Integer.toString(by), Integer.toString(PendingDraft.MAX_PRIORITY),
                        Integer.toString(PendingDraft.MIN_PRIORITY)));
    }

    /**
     * The draft's JSON is read, changed here and written back only if it is still what was read (its
     * priority and order live beside it, so a raise meanwhile does not get in the way); a write that lost
     * a race is tried again on the fresh JSON. A draft completed or discarded since is refused by FIND.
     */
    @Override
    public Mono<Outcome> reroute(String draftId, String queue) {
        Mono<Long> once = redis.<String, String>opsForHash().get(draftKey(draftId), "json")
                .flatMap(json -> Mono.fromCallable(() -> {
                    PendingDraft draft = JSON.readValue(json, PendingDraft.class);
                    return JSON.writeValueAsString(draft.withRouting(draft.reasons(), draft.priority(), queue));
                }).flatMap(moved -> redis.execute(REROUTE, List.of(draftKey(draftId)), List.of(json, moved)).next()))
                .defaultIfEmpty(-1L);
        return once.repeat(3).takeUntil(written -> written != 0L).last()
                .then(find(draftId));
    }

    @Override
    public Flux<PendingDraft> overdue(Instant now) {
        return redis.opsForZSet().rangeByScore(deadlinesKey(), Range.closed(0d, (double) now.toEpochMilli()))
                .flatMapSequential(this::read)
                .map(QueuedDraft::draft);
    }

    @Override
    public Flux<PendingDraft> discard(Predicate<PendingDraft> which) {
        return pending()
                .map(QueuedDraft::draft)
                .filter(which)
                .concatMap(draft -> redis.execute(DISCARD,
                                List.of(draftKey(draft.draftId()), claimKey(draft.draftId()), orderKey(), deadlinesKey()),
                                List.of(draft.draftId())).next()
                        .filter(gone -> gone == 1L)
                        .map(gone -> draft));
    }

    /** One draft with its live claim; empty when it was completed since its id was listed. */
    private Mono<QueuedDraft> read(String draftId) {
        return Mono.zip(redis.<String, String>opsForHash().multiGet(draftKey(draftId), List.of("json", "priority")),
                        redis.<String, String>opsForHash().multiGet(claimKey(draftId), List.of("agent", "until")))
                .filter(both -> both.getT1().get(0) != null && both.getT1().get(1) != null)
                .map(both -> new QueuedDraft(draft(both.getT1().get(0), both.getT1().get(1)),
                        claim(both.getT2().get(0), both.getT2().get(1))));
    }

    @SuppressWarnings("rawtypes")
    private Mono<Outcome> run(RedisScript<List> script, List<String> keys, List<String> args) {
        return redis.execute(script, keys, args).next().map(RedisApprovalQueue::outcome);
    }

    @SuppressWarnings("rawtypes")
    private static Outcome outcome(List answer) {
        String status = String.valueOf(answer.get(0));
        return switch (status) {
            case "ok" -> Outcome.done(draft(text(answer, 1), text(answer, 2)), claim(text(answer, 3), text(answer, 4)));
            case "claimed" -> Outcome.heldBy(claim(text(answer, 1), text(answer, 2)));
            case "unclaimed" -> Outcome.refused(Refusal.NOT_CLAIMED);
            case "unknown" -> Outcome.refused(Refusal.UNKNOWN_DRAFT);
            case "completed" -> Outcome.refused(Refusal.ALREADY_COMPLETED);
            default -> throw new IllegalStateException("unexpected approval script answer " + status);
        };
    }

    @SuppressWarnings("rawtypes")
    private static String text(List answer, int index) {
        return index < answer.size() && answer.get(index) != null ? answer.get(index).toString() : null;
    }

    private static PendingDraft draft(String json, String priority) {
        return JSON.readValue(json, PendingDraft.class).withPriority(Long.parseLong(priority));
    }

    private static Claim claim(String agentId, String untilMillis) {
        return agentId == null || untilMillis == null ? null
                : new Claim(agentId, Instant.ofEpochMilli(Long.parseLong(untilMillis)));
    }

    private String orderKey() {
        return prefix + "order";
    }

    private String deadlinesKey() {
        return prefix + "deadlines";
    }

    private String draftKey(String draftId) {
        return prefix + "draft:" + draftId;
    }

    private String claimKey(String draftId) {
        return prefix + "claim:" + draftId;
    }

    private String doneKey(String draftId) {
        return prefix + "done:" + draftId;
    }
}
