package com.wecomassist.contacts;

import com.wecomassist.error.Refused;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * The full sync of the directory from WeCom ({@code batch/get_by_user}): the given employees' customers
 * (by default {@code assist.contacts.sync-employees}, else every employee WeCom lists for 客户联系), up
 * to 100 employees per call, page by page along WeCom's cursor. Built for millions of customers:
 * <ul>
 *   <li>streams: one page (at most 100 relationships) is in memory at a time, written to the directory
 *       in one batch before the next is read;</li>
 *   <li>resumable: the checkpoint ({@link SyncProgress}: group, cursor, counts) is stored after every
 *       page, so a failure or a restart resumes at the next page; a page read again is harmless (the
 *       directory finds it unchanged);</li>
 *   <li>paced: at most {@code assist.contacts.sync-requests-per-second} calls, waited for on a timer,
 *       never on a thread; WeCom's busy and rate-limit answers are retried by the API client;</li>
 *   <li>one at a time: a second start while one runs here is refused, and so is one while another
 *       instance's checkpoint was written in the last {@link #ALIVE} (a checkpoint older than that is a
 *       run that died with its instance, and is resumed).</li>
 * </ul>
 * What the sync cannot see: a relationship that ended without a callback reaching us is not in WeCom's
 * answer, and stays as the directory last heard it (callbacks are the source of removals).
 */
public class ContactSync {

    private static final Logger log = LoggerFactory.getLogger(ContactSync.class);
    /** A RUNNING checkpoint written this recently belongs to a live run (pages take seconds, retries included). */
    static final Duration ALIVE = Duration.ofMinutes(2);

    private final ContactPages pages;
    private final ContactDirectory directory;
    private final ContactSyncCheckpoints checkpoints;
    private final ContactsProperties settings;
    private final MeterRegistry meters;
    private final Clock clock;
    private final long intervalNanos;
    private final AtomicLong nextCallNanos = new AtomicLong(System.nanoTime());
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicReference<Disposable> run = new AtomicReference<>();

    public ContactSync(ContactPages pages, ContactDirectory directory, ContactSyncCheckpoints checkpoints,
                       ContactsProperties settings, MeterRegistry meters, Clock clock) {
        this.pages = pages;
        this.directory = directory;
        this.checkpoints = checkpoints;
        this.settings = settings;
        this.meters = meters;
        this.clock = clock;
        this.intervalNanos = (long) (1_000_000_000L / settings.syncRequestsPerSecond());
    }

    /**
     * Starts a sync, or resumes the last one when it did not finish (unless {@code restart}, or
     * {@code employees} names whom to read: then a new run). Answers the progress at the start; the
     * run goes on in the background. 409 {@code SYNC_RUNNING} while one runs.
     */
    public Mono<SyncProgress> start(List<String> employees, boolean restart) {
        if (!busy.compareAndSet(false, true)) {
            return Mono.error(running());
        }
        boolean named = employees != null && !employees.isEmpty();
        return checkpoints.load()
                .flatMap(last -> {
                    Instant now = clock.instant();
                    if (last.status() == SyncProgress.Status.RUNNING && last.updatedAt().plus(ALIVE).isAfter(now)) {
                        return Mono.error(running());
                    }
                    boolean resumable = last.status() != SyncProgress.Status.FINISHED && !restart && !named;
                    return resumable ? Mono.just(last.resumed(now)) : Mono.empty();
                })
                .switchIfEmpty(Mono.defer(() -> scope(employees).map(list -> SyncProgress.started(list, clock.instant()))))
                .flatMap(progress -> checkpoints.save(progress).thenReturn(progress))
                .doOnNext(this::launch)
                .doOnError(e -> busy.set(false))
                // a caller gone before the run was launched; once launched, the run itself clears the flag
                .doOnCancel(() -> {
                    Disposable launched = run.get();
                    if (launched == null || launched.isDisposed()) {
                        busy.set(false);
                    }
                });
    }

    /** The latest run's progress; empty when no sync ever ran. */
    public Mono<SyncProgress> progress() {
        return checkpoints.load();
    }

    /** Stops the run here (at shutdown): its checkpoint stays, and the next start resumes it. */
    public void stop() {
        Disposable running = run.getAndSet(null);
        if (running != null) {
            running.dispose();
        }
    }

    private Mono<List<String>> scope(List<String> employees) {
        if (employees != null && !employees.isEmpty()) {
            return Mono.just(employees.stream().map(String::strip).filter(s -> !s.isEmpty()).distinct().toList());
        }
        return settings.syncEmployees().isEmpty()
                ? pages.employees().onErrorMap(e -> !(e instanceof Refused), e -> Refused.unavailable("WECOM_UNAVAILABLE",
                        "WeCom's list of 客户联系 employees (get_follow_user_list) could not be read: " + e.getMessage()))
                : Mono.just(settings.syncEmployees());
    }

    private void launch(SyncProgress start) {
        log.info("contact sync {}: {} employees, from group {} of {}", start.resumes() > 0 ? "resumed" : "started",
                start.employees().size(), start.batch() + 1, start.batches());
        run.set(Mono.just(start)
                .expand(this::step)
                .last()
                .doFinally(signal -> busy.set(false))
                .subscribe(last -> log.info("contact sync {}: {} pages, {} relationships read, {} changed", last.status(),
                        last.pages(), last.customers(), last.changed()),
                        e -> log.warn("contact sync stopped: {}", e.toString())));
    }

    /** The next checkpoint after this one, or nothing when the run is over. */
    private Mono<SyncProgress> step(SyncProgress progress) {
        if (progress.status() != SyncProgress.Status.RUNNING) {
            return Mono.empty();
        }
        if (progress.batch() >= progress.batches()) {
            SyncProgress finished = progress.finished(clock.instant());
            return checkpoints.save(finished).thenReturn(finished);
        }
        return pace()
                .then(Mono.defer(() -> pages.page(progress.currentBatch(), progress.cursor(), settings.syncPageSize())))
                .flatMap(page -> directory.applyAll(page.contacts()).map(outcomes -> {
                    int changed = (int) outcomes.stream().filter(o -> o == ApplyOutcome.APPLIED).count();
                    meters.counter("assist.contacts.sync.pages").increment();
                    meters.counter("assist.contacts.sync.customers").increment(outcomes.size());
                    return progress.afterPage(outcomes.size(), changed, page.nextCursor(), clock.instant());
                }))
                .flatMap(next -> checkpoints.save(next).thenReturn(next))
                .onErrorResume(e -> {
                    meters.counter("assist.contacts.sync.failures").increment();
                    log.warn("contact sync failed at group {} of {} (resume with POST /api/contacts/sync): {}",
                            progress.batch() + 1, progress.batches(), e.toString());
                    SyncProgress failed = progress.failed(String.valueOf(e.getMessage()), clock.instant());
                    return checkpoints.save(failed).onErrorResume(saveFailed -> Mono.empty()).thenReturn(failed);
                });
    }

    /** Waits (on a timer) until the next call is allowed by {@code sync-requests-per-second}. */
    private Mono<Void> pace() {
        long now = System.nanoTime();
        long slot = nextCallNanos.getAndUpdate(next -> Math.max(next, now) + intervalNanos);
        long wait = Math.max(slot, now) - now;
        return wait <= 0 ? Mono.empty() : Mono.delay(Duration.ofNanos(wait)).then();
    }

    private static Refused running() {
        return Refused.conflict("SYNC_RUNNING", "a contact sync is running; GET /api/contacts/sync shows its progress");
    }
}
