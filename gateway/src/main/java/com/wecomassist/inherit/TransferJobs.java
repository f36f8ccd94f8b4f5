package com.wecomassist.inherit;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The inheritance jobs, shared by every instance in a cluster (Redis) or kept in memory (embedded: a
 * restart forgets them, as it forgets the directory and the queue). Writes are compare-and-set on the
 * job's version, so the poller and a transfer_fail callback on another instance never lose each other's
 * change.
 */
public interface TransferJobs {

    /** Stores a new job (version 0). */
    Mono<Void> create(TransferJob job);

    /**
     * Replaces the job whose stored version is {@code job.version() - 1} with {@code job}; answers false
     * (nothing written) when someone else wrote it meanwhile.
     */
    Mono<Boolean> replace(TransferJob job);

    Mono<TransferJob> find(String id);

    /** Every job, newest first. */
    Flux<TransferJob> all();

    /**
     * Takes or renews the right to run the job (send its batches, poll its results) for {@code holder}
     * until {@code ttl} from now; answers false while another holder has it. Without it two instances
     * would send one batch twice after a restart, and WeCom's 40129 to the second could overwrite the
     * first's acceptance.
     */
    Mono<Boolean> holdRunner(String id, String holder, java.time.Duration ttl);
}
