package com.wecomassist.inherit.redis;

import com.wecomassist.inherit.TransferJob;
import com.wecomassist.inherit.TransferJobs;
import java.util.Comparator;
import java.util.List;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cluster's jobs in Redis: {@code <prefix>inherit:jobs} (hash id → the job as JSON) and
 * {@code inherit:versions} (hash id → version), and {@code inherit:runner:<id>} (the instance running the
 * job, with a time to live it renews). A replace is one script comparing the stored version, so
 * two instances writing one job cannot both win. Jobs are few (one per staff change), so listing reads
 * the hash whole.
 */
public class RedisTransferJobs implements TransferJobs {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** KEYS: jobs hash, versions hash; ARGV: id, expected version, new version, JSON. */
    private static final RedisScript<Long> REPLACE = RedisScript.of("""
            local current = redis.call('HGET', KEYS[2], ARGV[1])
            if current == false or tonumber(current) ~= tonumber(ARGV[2]) then
              return 0
            end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[4])
            redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
            return 1
            """, Long.class);

    /** KEYS: the runner key; ARGV: holder, ttl in ms. Takes a free or own lease; leaves another holder's. */
    private static final RedisScript<Long> HOLD = RedisScript.of("""
            local current = redis.call('GET', KEYS[1])
            if current and current ~= ARGV[1] then
              return 0
            end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return 1
            """, Long.class);

    private final ReactiveStringRedisTemplate redis;
    private final String jobs;
    private final String versions;
    private final String runners;

    public RedisTransferJobs(ReactiveStringRedisTemplate redis, String keyPrefix) {
        this.redis = redis;
        this.jobs = keyPrefix + "inherit:jobs";
        this.versions = keyPrefix + "inherit:versions";
        this.runners = keyPrefix + "inherit:runner:";
    }

    @Override
    public Mono<Void> create(TransferJob job) {
        return Mono.fromCallable(() -> JSON.writeValueAsString(job))
                .flatMap(json -> redis.opsForHash().put(jobs, job.id(), json))
                .then(redis.opsForHash().put(versions, job.id(), Long.toString(job.version())))
                .then();
    }

    @Override
    public Mono<Boolean> replace(TransferJob job) {
        return Mono.fromCallable(() -> JSON.writeValueAsString(job))
                .flatMap(json -> redis.execute(REPLACE, List.of(jobs, versions), List.of(job.id(),
                        Long.toString(job.version() - 1), Long.toString(job.version()), json)).next())
                .map(done -> done == 1L);
    }

    @Override
    public Mono<TransferJob> find(String id) {
        return redis.<String, String>opsForHash().get(jobs, id).map(RedisTransferJobs::parse);
    }

    @Override
    public Flux<TransferJob> all() {
        return redis.<String, String>opsForHash().values(jobs).map(RedisTransferJobs::parse).collectList()
                .flatMapIterable(list -> list.stream().sorted(Comparator.comparing(TransferJob::createdAt).reversed()
                        .thenComparing(TransferJob::id)).toList());
    }

    @Override
    public Mono<Boolean> holdRunner(String id, String holder, java.time.Duration ttl) {
        return redis.execute(HOLD, List.of(runners + id), List.of(holder, Long.toString(ttl.toMillis()))).next()
                .map(done -> done == 1L);
    }

    private static TransferJob parse(String json) {
        return JSON.readValue(json, TransferJob.class);
    }
}
