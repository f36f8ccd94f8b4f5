package com.wecomassist.inherit;

import com.wecomassist.audit.AuditDetails;
import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.compliance.Hit;
import com.wecomassist.compliance.rules.Action;
import com.wecomassist.compliance.rules.TextKind;
import com.wecomassist.comply.ComplianceReview;
import com.wecomassist.contacts.ApplyOutcome;
import com.wecomassist.contacts.ContactDirectory;
import com.wecomassist.contacts.ContactEvent;
import com.wecomassist.contacts.ContactEventListener;
import com.wecomassist.contacts.ContactStatus;
import com.wecomassist.contacts.FollowRelationship;
import com.wecomassist.error.Refused;
import com.wecomassist.wecom.WecomApiException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * 客户继承: moves an employee's customers to another employee through WeCom, as jobs that survive a
 * restart (in the cluster's store) and whose every customer can be followed.
 * <ol>
 *   <li>A request is checked before anything is called: two different employees, the message (在职
 *       only) within WeCom's 200 characters and passing the compliance check as written (the customer
 *       sees it word for word, nobody approves it), each customer followed by the handover employee and
 *       transferred fewer than twice in 90 days by our own ledger (WeCom would refuse the third).</li>
 *   <li>The customers go in batches of at most 100, one call after another with a pause between; each
 *       customer's errcode in the answer is kept.</li>
 *   <li>transfer_result is polled until every customer is final or the time limit passes; a
 *       {@code transfer_fail} callback ends a customer at once.</li>
 *   <li>A completed takeover moves the relationship in the directory and tells every
 *       {@link TakeoverListener}; a failed one marks the takeover's relationship failed. For 离职继承,
 *       {@link DepartedWork} then moves the departed employee's drafts and conversations.</li>
 * </ol>
 * Every step is on the audit trail. A job's writes are compare-and-set, and what follows a change of a
 * customer's state (directory, listeners, audit) is done only by the writer that made it, so the poller
 * and a callback (on any instance) never do it twice.
 */
public final class CustomerInheritance implements ContactEventListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CustomerInheritance.class);
    private static final int DIRECTORY_PAGE = 500;
    private static final int CAS_ATTEMPTS = 20;
    /** Beyond three poll intervals, the time a slow renewal may take before another instance takes the job. */
    private static final java.time.Duration RUNNER_SLACK = java.time.Duration.ofMinutes(1);
    /** Stands for "no answer" among WeCom's errcodes (which are never this low). */
    private static final int UNANSWERED = Integer.MIN_VALUE;

    /**
     * What an administrator or team lead asks for.
     *
     * @param kind           在职 or 离职
     * @param handover       whose customers
     * @param takeover       to whom
     * @param customers      which; empty: all the handover employee's active customers in the directory
     *                       (离职 with {@code fromUnassigned}: WeCom's get_unassigned_list of them)
     * @param fromUnassigned 离职 only: take the customers from get_unassigned_list rather than the directory
     * @param message        在职 only: what the customer is told; null or blank for WeCom's default
     */
    public record Request(TransferKind kind, String handover, String takeover, List<String> customers,
                          boolean fromUnassigned, String message) {
    }

    private final TransferJobs jobs;
    private final TransferLedger ledger;
    private final TransferCalls calls;
    private final ContactDirectory directory;
    private final ComplianceReview compliance;
    private final AuditTrail audit;
    private final List<TakeoverListener> listeners;
    private final DepartedWork departedWork;
    private final InheritanceProperties settings;
    private final Clock clock;
    private final Map<String, Disposable> running = new ConcurrentHashMap<>();
    /** This instance, as the holder of the jobs it runs. */
    private final String instance = UUID.randomUUID().toString();

    public CustomerInheritance(TransferJobs jobs, TransferLedger ledger, TransferCalls calls,
                               ContactDirectory directory, ComplianceReview compliance, AuditTrail audit,
                               List<TakeoverListener> listeners, DepartedWork departedWork,
                               InheritanceProperties settings, Clock clock) {
        this.jobs = jobs;
        this.ledger = ledger;
        this.calls = calls;
        this.directory = directory;
        this.compliance = compliance;
        this.audit = audit;
        this.listeners = List.copyOf(listeners);
        this.departedWork = departedWork;
        this.settings = settings;
        this.clock = clock;
    }

    /** Checks the request, stores the job and starts it; answers the job as stored (skips already decided). */
    public Mono<TransferJob> request(Request request, String requestedBy) {
        return Mono.defer(() -> {
            Refused invalid = invalid(request);
            if (invalid != null) {
                return Mono.error(invalid);
            }
            String message = request.message() == null || request.message().isBlank() ? null : request.message().strip();
            String id = "inh-" + UUID.randomUUID();
            return checkMessage(id, request, message, requestedBy)
                    .then(candidates(request).collectList())
                    .flatMap(candidates -> candidates.isEmpty()
                            ? Mono.error(Refused.invalid("NO_CUSTOMERS", request.handover()
                                    + " has no customers to transfer"))
                            : Flux.fromIterable(candidates)
                                    .concatMap(customer -> decide(request, customer))
                                    .collectList())
                    .flatMap(customers -> {
                        boolean anyQueued = customers.stream().anyMatch(c -> c.state() == CustomerState.QUEUED);
                        TransferJob job = new TransferJob(id, request.kind(), request.handover(), request.takeover(),
                                message, requestedBy, clock.instant(),
                                anyQueued ? TransferJob.Phase.SENDING : TransferJob.Phase.DONE, customers, 0);
                        return jobs.create(job)
                                .then(record(job, "requested", requestedBy, null, job.customers().size() + " customers", null))
                                .thenMany(Flux.fromIterable(job.customers())
                                        .filter(c -> !c.state().open())
                                        .concatMap(c -> record(job, "skipped", requestedBy, c.externalUserId(),
                                                c.state().name(), null)))
                                .then(Mono.fromRunnable(() -> start(job)))
                                .thenReturn(job);
                    });
        });
    }

    public Mono<TransferJob> job(String id) {
        return jobs.find(id);
    }

    public Flux<TransferJob> all() {
        return jobs.all();
    }

    /**
     * Continues every job not done that no instance runs (after a restart, or one whose instance stopped):
     * called at start and then every poll interval.
     */
    public Mono<Void> resume() {
        return jobs.all().filter(job -> job.phase() != TransferJob.Phase.DONE)
                .doOnNext(this::start)
                .then();
    }

    /** transfer_fail: the customer refused, or the takeover employee is at their limit — final at once. */
    @Override
    public Mono<Void> onContactEvent(ContactEvent event, ApplyOutcome outcome) {
        if (event.kind() != ContactEvent.Kind.TRANSFER_FAILED) {
            return Mono.empty();
        }
        CustomerState failed = "customer_limit_exceed".equals(event.detail())
                ? CustomerState.TAKEOVER_FULL : CustomerState.REFUSED;
        return jobs.all()
                .filter(job -> job.phase() != TransferJob.Phase.DONE && job.takeover().equals(event.employee())
                        && job.customers().stream().anyMatch(c -> c.externalUserId().equals(event.externalUserId())
                        && c.state() == CustomerState.WAITING))
                .concatMap(job -> update(job.id(), j -> j.mapCustomers(c -> c.externalUserId()
                        .equals(event.externalUserId()) && c.state() == CustomerState.WAITING
                        ? c.with(failed, null, event.detail(), event.at()) : c))
                        // the directory has this event already: the intake applied it before telling us
                        .flatMap(change -> followUp(change, false)))
                .then();
    }

    @Override
    public void close() {
        running.values().forEach(Disposable::dispose);
        running.clear();
    }

    // ------------------------------------------------------------------ checking

    private Refused invalid(Request r) {
        if (r == null || r.kind() == null) {
            return Refused.invalid("MISSING_KIND", "give the kind: ON_JOB (在职继承) or RESIGNED (离职继承)");
        }
        if (blank(r.handover()) || blank(r.takeover())) {
            return Refused.invalid("MISSING_EMPLOYEE", "give both handover and takeover (WeCom userids)");
        }
        if (r.handover().equals(r.takeover())) {
            return Refused.invalid("SAME_EMPLOYEE", "the takeover employee must differ from the handover employee");
        }
        if (r.kind() == TransferKind.RESIGNED && !blank(r.message())) {
            return Refused.invalid("NO_MESSAGE_FOR_RESIGNED",
                    "离职继承 sends the customer no message (WeCom's resigned/transfer_customer takes none)");
        }
        if (r.kind() == TransferKind.ON_JOB && r.fromUnassigned()) {
            return Refused.invalid("UNASSIGNED_IS_RESIGNED", "get_unassigned_list lists departed employees' customers: "
                    + "use RESIGNED");
        }
        if (!blank(r.message())) {
            int chars = r.message().strip().codePointCount(0, r.message().strip().length());
            if (chars > settings.maxMessageChars()) {
                return Refused.invalid("MESSAGE_TOO_LONG", "the message is at most " + settings.maxMessageChars()
                        + " characters (WeCom's limit); this one is " + chars);
            }
        }
        return null;
    }

    /** A message the customer will see must pass the compliance check as written: nobody approves it. */
    private Mono<Void> checkMessage(String id, Request request, String message, String requestedBy) {
        if (message == null) {
            return Mono.empty();
        }
        return compliance.check(message, TextKind.AGENT_REPLY).flatMap(verdict -> {
            if (verdict.action() == Action.PASS) {
                return Mono.empty();
            }
            List<String> rules = verdict.hits().stream().map(Hit::ruleId).distinct().toList();
            return audit.record(AuditEvent.of(null, id, requestedBy, clock.instant(),
                            new AuditDetails.CustomerInheritance("refused", id, request.kind().name(),
                                    request.handover(), request.takeover(), "NOT_COMPLIANT " + rules, null)))
                    .then(Mono.error(new Refused(HttpStatus.UNPROCESSABLE_CONTENT, "NOT_COMPLIANT",
                            "the compliance check says " + verdict.action() + " (" + String.join(", ", rules)
                                    + "); the transfer message reaches the customer word for word, so only a text "
                                    + "that passes as written is used",
                            Map.of("action", verdict.action().name(), "rules", rules))));
        });
    }

    private Flux<String> candidates(Request request) {
        if (request.customers() != null && !request.customers().isEmpty()) {
            return Flux.fromIterable(new LinkedHashSet<>(request.customers())).filter(id -> !blank(id));
        }
        if (request.fromUnassigned()) {
            return calls.unassigned(request.handover());
        }
        return directory.customersOf(request.handover(), null, DIRECTORY_PAGE)
                .expand(page -> page.next() == null ? Mono.empty()
                        : directory.customersOf(request.handover(), page.next(), DIRECTORY_PAGE))
                .flatMapIterable(ContactDirectory.CustomerPage::relationships)
                .filter(r -> r.status() == ContactStatus.ACTIVE)
                .map(FollowRelationship::externalUserId);
    }

    private Mono<CustomerTransfer> decide(Request request, String customer) {
        Instant now = clock.instant();
        // get_unassigned_list is WeCom's own word that the departed employee follows them
        Mono<Boolean> followed = request.fromUnassigned() ? Mono.just(true)
                : directory.customer(customer)
                        .map(c -> c.relationships().stream().anyMatch(r -> r.employee().equals(request.handover())
                                && r.status() == ContactStatus.ACTIVE))
                        .defaultIfEmpty(false);
        return followed.flatMap(yes -> !yes
                ? Mono.just(new CustomerTransfer(customer, CustomerState.SKIPPED_NOT_FOLLOWED, null,
                        request.handover() + " does not follow this customer", now))
                : ledger.countSince(customer, now.minus(settings.window())).map(count -> count >= settings.maxPerWindow()
                        ? new CustomerTransfer(customer, CustomerState.SKIPPED_LIMIT, null,
                                count + " transfers within " + settings.window().toDays() + " days", now)
                        : new CustomerTransfer(customer, CustomerState.QUEUED, null, null, now)));
    }

    // ------------------------------------------------------------------ running

    private void start(TransferJob job) {
        running.compute(job.id(), (id, before) -> {
            if (before != null && !before.isDisposed()) {
                return before;
            }
            return held(id).flatMap(mine -> mine ? run(id) : Mono.<Void>empty())
                    .doFinally(signal -> running.remove(id))
                    .subscribe(null, e -> log.warn("inheritance job {} stopped: {}", id, e.toString()));
        });
    }

    /** Takes or renews this instance's right to run the job (another instance may hold it). */
    private Mono<Boolean> held(String id) {
        return jobs.holdRunner(id, instance, settings.pollInterval().multipliedBy(3).plus(RUNNER_SLACK));
    }

    private Mono<Void> run(String id) {
        return sendBatches(id)
                .then(update(id, j -> j.phase() == TransferJob.Phase.SENDING ? j.inPhase(TransferJob.Phase.POLLING) : j))
                .then(poll(id))
                .onErrorResume(RunnerLost.class, e -> Mono.empty());
    }

    private Mono<Void> sendBatches(String id) {
        return jobs.find(id).flatMap(job -> {
            List<String> queued = job.in(CustomerState.QUEUED).stream().map(CustomerTransfer::externalUserId).toList();
            List<List<String>> batches = new ArrayList<>();
            for (int i = 0; i < queued.size(); i += settings.batchSize()) {
                batches.add(queued.subList(i, Math.min(queued.size(), i + settings.batchSize())));
            }
            return Flux.fromIterable(batches)
                    .index()
                    .concatMap(batch -> (batch.getT1() == 0 ? Mono.<Long>empty() : Mono.delay(settings.batchPause()))
                            .then(held(id))
                            .flatMap(mine -> mine ? send(job, batch.getT2()) : Mono.error(new RunnerLost())))
                    .then();
        });
    }

    private Mono<Void> send(TransferJob job, List<String> batch) {
        return calls.transfer(job.kind(), job.handover(), job.takeover(), batch, job.message())
                .onErrorResume(WecomApiException.class, e -> {
                    Map<String, Integer> all = new HashMap<>();
                    // no answer, or "busy" (-1), after the client's retries: WeCom may have started the
                    // transfers, so the customers wait and transfer_result decides (one never started is never
                    // listed and ends as GAVE_UP, never as a transfer we believe happened); any other errcode
                    // refused the whole batch, and every customer carries it
                    boolean unknown = e.retryable() && e.errcode() == -1;
                    batch.forEach(c -> all.put(c, unknown ? UNANSWERED : e.errcode()));
                    return Mono.just(all);
                })
                .flatMap(codes -> {
                    Instant now = clock.instant();
                    Set<String> inBatch = Set.copyOf(batch);
                    return update(job.id(), j -> j.mapCustomers(c -> {
                        if (!inBatch.contains(c.externalUserId()) || c.state() != CustomerState.QUEUED) {
                            return c;
                        }
                        Integer code = codes.get(c.externalUserId());
                        if (code == null) {
                            return c.with(CustomerState.CALL_REFUSED, null, "not in WeCom's answer", now);
                        }
                        if (code == UNANSWERED) {
                            return c.with(CustomerState.WAITING, null, "WeCom did not answer: transfer_result decides",
                                    now);
                        }
                        return code == 0 ? c.with(CustomerState.WAITING, 0, null, now)
                                : c.with(CustomerState.CALL_REFUSED, code, null, now);
                    })).flatMap(change -> followUp(change, true));
                });
    }

    private Mono<Void> poll(String id) {
        return jobs.find(id).flatMap(job -> {
            if (!job.open()) {
                return finish(id);
            }
            if (clock.instant().isAfter(job.createdAt().plus(settings.pollLimit()))) {
                Instant now = clock.instant();
                return update(id, j -> j.mapCustomers(c -> c.state().open()
                        ? c.with(CustomerState.GAVE_UP, null, "still waiting after " + settings.pollLimit(), now) : c))
                        .flatMap(change -> followUp(change, true))
                        .then(finish(id));
            }
            return Mono.delay(settings.pollInterval())
                    .then(held(id))
                    // another instance took the job over (this one was too slow to renew): it goes on there
                    .flatMap(mine -> mine ? pollOnce(job).thenReturn(true) : Mono.just(false))
                    .filter(mine -> mine)
                    .switchIfEmpty(Mono.error(new RunnerLost()))
                    .then()
                    .onErrorResume(e -> !(e instanceof RunnerLost), e -> {
                        // a failed read is tried again at the next interval: the customers are WeCom's to decide
                        log.warn("transfer_result of job {} not read: {}", id, e.toString());
                        return Mono.empty();
                    })
                    .then(Mono.defer(() -> poll(id)))
                    .onErrorResume(RunnerLost.class, e -> Mono.empty());
        });
    }

    private Mono<Void> pollOnce(TransferJob job) {
        return calls.results(job.kind(), job.handover(), job.takeover())
                .collectMap(TransferCalls.Result::externalUserId)
                .flatMap(results -> update(job.id(), j -> j.mapCustomers(c -> {
                    TransferCalls.Result r = results.get(c.externalUserId());
                    if (c.state() != CustomerState.WAITING || r == null) {
                        return c;
                    }
                    CustomerState next = CustomerState.ofResultStatus(r.status());
                    if (next == null || next == CustomerState.WAITING) {
                        return c;
                    }
                    Instant at = next == CustomerState.TAKEN_OVER && r.takeoverTime() != null
                            ? r.takeoverTime() : clock.instant();
                    return c.with(next, null, "transfer_result status " + r.status(), at);
                })).flatMap(change -> followUp(change, true)));
    }

    private Mono<Void> finish(String id) {
        return update(id, j -> j.phase() == TransferJob.Phase.DONE ? j : j.inPhase(TransferJob.Phase.DONE))
                .flatMap(change -> change.before().phase() != TransferJob.Phase.DONE
                        && change.after().kind() == TransferKind.RESIGNED
                        && !change.after().in(CustomerState.TAKEN_OVER).isEmpty()
                        ? departedWork.handOn(change.after()) : Mono.empty());
    }

    // ------------------------------------------------------------------ writing and what follows

    /** A job before and after one successful write. */
    record Change(TransferJob before, TransferJob after) {
    }

    private Mono<Change> update(String id, UnaryOperator<TransferJob> change) {
        return Mono.defer(() -> jobs.find(id).flatMap(before -> {
            TransferJob after = change.apply(before);
            if (after.equals(before)) {
                return Mono.just(new Change(before, before));
            }
            TransferJob written = after.nextVersion();
            return jobs.replace(written).flatMap(done -> done ? Mono.just(new Change(before, written))
                    : Mono.error(new ConcurrentWrite()));
        })).retryWhen(reactor.util.retry.Retry.max(CAS_ATTEMPTS).filter(e -> e instanceof ConcurrentWrite));
    }

    /** This instance no longer holds the job: it stops, the holder goes on. */
    private static final class RunnerLost extends RuntimeException {
        RunnerLost() {
            super("another instance runs the job", null, false, false);
        }
    }

    private static final class ConcurrentWrite extends RuntimeException {
        ConcurrentWrite() {
            super("the job was written meanwhile", null, false, false);
        }
    }

    /** What follows each customer whose state this write changed. */
    private Mono<Void> followUp(Change change, boolean toDirectory) {
        Map<String, CustomerState> before = new HashMap<>();
        change.before().customers().forEach(c -> before.put(c.externalUserId(), c.state()));
        TransferJob job = change.after();
        return Flux.fromIterable(job.customers())
                .filter(c -> before.get(c.externalUserId()) != c.state())
                .concatMap(c -> switch (c.state()) {
                    case WAITING -> ledger.record(c.externalUserId(), job.id(), c.at())
                            .then(directory.apply(ContactEvent.callback(ContactEvent.Kind.TRANSFER_STARTED,
                                    c.externalUserId(), job.takeover(), c.at(), null, null, job.handover())))
                            .then(record(job, "started", "system", c.externalUserId(), null, 0));
                    case CALL_REFUSED -> record(job, "call-failed", "system", c.externalUserId(), c.detail(), c.errcode());
                    case TAKEN_OVER -> takenOver(job, c);
                    case REFUSED, TAKEOVER_FULL -> (toDirectory
                            ? directory.apply(ContactEvent.callback(ContactEvent.Kind.TRANSFER_FAILED, c.externalUserId(),
                                    job.takeover(), c.at(), null, null, c.state() == CustomerState.REFUSED
                                            ? "customer_refused" : "customer_limit_exceed")).then()
                            : Mono.<Void>empty())
                            .then(record(job, "failed", "system", c.externalUserId(), c.state().name(), null));
                    default -> record(job, "ended", "system", c.externalUserId(), c.state().name(), null);
                })
                .then();
    }

    private Mono<Void> takenOver(TransferJob job, CustomerTransfer c) {
        // the same events WeCom's clients fire for a takeover (the callbacks may arrive too: same second and
        // kind, so the directory takes them as duplicates); a departed employee's side gets no callback at all
        Mono<Void> moved = directory.apply(ContactEvent.callback(ContactEvent.Kind.REMOVED_BY_EMPLOYEE,
                        c.externalUserId(), job.handover(), c.at(), null, null, "DELETE_BY_TRANSFER"))
                .then(directory.apply(ContactEvent.callback(ContactEvent.Kind.ADDED, c.externalUserId(),
                        job.takeover(), c.at(), null, null, null)))
                .then();
        Mono<Void> told = Flux.fromIterable(listeners)
                .concatMap(listener -> Mono.defer(() -> listener.takenOver(job.handover(), job.takeover(),
                                c.externalUserId(), c.at()))
                        // WeCom has moved the customer already: a listener's failure is logged, not undone
                        .onErrorResume(e -> {
                            log.warn("takeover listener {} failed for {} of job {}: {}",
                                    listener.getClass().getSimpleName(), c.externalUserId(), job.id(), e.toString());
                            return Mono.empty();
                        }))
                .then();
        return moved.then(told).then(record(job, "taken-over", "system", c.externalUserId(), null, null));
    }

    private Mono<Void> record(TransferJob job, String action, String actor, String customer, String result,
                              Integer errcode) {
        return audit.record(AuditEvent.of(null, customer == null ? job.id() : customer, actor, clock.instant(),
                new AuditDetails.CustomerInheritance(action, job.id(), job.kind().name(), job.handover(),
                        job.takeover(), result, errcode)));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
