package com.wecomassist.inbound.wecom;

import com.wecomassist.conversation.PeriodicCheck;
import com.wecomassist.inbound.KfSyncLock;
import com.wecomassist.inbound.SyncCursorStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * Every {@code assist.wecom.sync-every}, pulls every account a callback ever named, without waiting
 * for a callback: a callback that was lost or gave up on a crashed instance's lock, an account whose
 * rounds failed three times in a row, and a quiet account all have their messages taken up within
 * one interval. In cluster mode one instance sweeps per interval (a sweep slot held in the sync lock
 * for one interval, never released), so WeCom sees one pull per account and interval however many
 * instances run; the accounts come from the shared store, so a survivor also pulls those whose
 * callbacks reached an instance that died.
 */
final class KfPeriodicPull extends PeriodicCheck {

    /** The sync lock's key for the sweep slot (open_kfids start with "wk", so no account has it). */
    static final String SWEEP_SLOT = "~periodic-pull";

    private final KfSyncLoop loop;
    private final SyncCursorStore cursors;
    private final KfSyncLock lock;
    private final Duration every;
    private final String owner = "sweep-" + UUID.randomUUID();

    KfPeriodicPull(KfSyncLoop loop, SyncCursorStore cursors, KfSyncLock lock, Duration every) {
        super("periodic kf/sync_msg pull", every.isZero() ? Duration.ofDays(1) : every);
        this.loop = loop;
        this.cursors = cursors;
        this.lock = lock;
        this.every = every;
    }

    @Override
    public void start() {
        if (!every.isZero()) {
            super.start();
        }
    }

    /** Asks the loop for a round of each known account when this instance has the interval's slot; answers how many. */
    @Override
    public Mono<Integer> checkOnce() {
        return lock.tryAcquire(SWEEP_SLOT, owner, every)
                .flatMap(mine -> !mine ? Mono.just(0) : cursors.accounts().collectList().map(accounts -> {
                    // another order each time: when the calls WeCom allows without a token run out,
                    // the same accounts are not always the ones left for the next sweep
                    ArrayList<String> shuffled = new ArrayList<>(accounts);
                    Collections.shuffle(shuffled);
                    shuffled.forEach(loop::pull);
                    return shuffled.size();
                }));
    }
}
