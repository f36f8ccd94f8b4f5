package com.wecomassist.inherit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.wecomassist.audit.AuditEvent;
import com.wecomassist.testing.RecordingAuditTrail;
import com.wecomassist.compliance.ComplianceChecker;
import com.wecomassist.comply.ComplianceReview;
import com.wecomassist.contacts.ApplyOutcome;
import com.wecomassist.contacts.ContactDirectory;
import com.wecomassist.contacts.ContactEvent;
import com.wecomassist.contacts.ContactStatus;
import com.wecomassist.contacts.FollowRelationship;
import com.wecomassist.contacts.memory.InMemoryContactDirectory;
import com.wecomassist.error.Refused;
import com.wecomassist.inherit.memory.InMemoryTransferJobs;
import com.wecomassist.inherit.memory.InMemoryTransferLedger;
import com.wecomassist.wecom.WecomApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The inheritance job's checks before WeCom is called (employees, message length, the compliance check,
 * followed customers, the two-in-90-days ledger), its batches, the per-customer errcodes, polling to the
 * end, a transfer_fail callback, and what a completed takeover changes — with WeCom replaced by a recorder.
 */
class CustomerInheritanceTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant NOW = Instant.parse("2026-12-07T01:00:00Z");

    /** WeCom as the job sees it: records each batch, answers given errcodes and transfer_result statuses. */
    static final class RecordedCalls implements TransferCalls {
        final List<List<String>> batches = new CopyOnWriteArrayList<>();
        final List<String> messages = new CopyOnWriteArrayList<>();
        final Map<String, Integer> errcodes = new ConcurrentHashMap<>();
        final Map<String, Integer> statuses = new ConcurrentHashMap<>();
        final List<String> unassigned = new CopyOnWriteArrayList<>();
        volatile RuntimeException failure;

        @Override
        public Mono<Map<String, Integer>> transfer(TransferKind kind, String handover, String takeover,
                                                   List<String> customers, String message) {
            batches.add(List.copyOf(customers));
            messages.add(String.valueOf(message));
            if (failure != null) {
                return Mono.error(failure);
            }
            Map<String, Integer> codes = new java.util.LinkedHashMap<>();
            customers.forEach(c -> codes.put(c, errcodes.getOrDefault(c, 0)));
            return Mono.just(codes);
        }

        @Override
        public Flux<Result> results(TransferKind kind, String handover, String takeover) {
            return Flux.fromIterable(List.copyOf(statuses.entrySet()))
                    .map(e -> new Result(e.getKey(), e.getValue(), NOW.plus(Duration.ofHours(24))));
        }

        @Override
        public Flux<String> unassigned(String handover) {
            return Flux.fromIterable(unassigned);
        }
    }

    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final RecordedCalls wecom = new RecordedCalls();
    final ContactDirectory directory = new InMemoryContactDirectory(50);
    final RecordingAuditTrail audit = new RecordingAuditTrail();
    final List<AuditEvent> recorded = audit.recorded;
    final TransferLedger ledger = new InMemoryTransferLedger();
    final TransferJobs jobs = new InMemoryTransferJobs();
    final List<String> takenOver = new CopyOnWriteArrayList<>();
    final ComplianceChecker bank = ComplianceChecker.bankDefault();
    final ComplianceReview compliance = (text, kind) -> Mono.fromSupplier(() -> bank.check(text, kind));
    final InheritanceProperties settings = new InheritanceProperties(100, Duration.ofMillis(10),
            Duration.ofMillis(50), Duration.ofHours(26), Duration.ofDays(90), 2, 200);
    final CustomerInheritance inheritance = new CustomerInheritance(jobs, ledger, wecom, directory, compliance, audit,
            List.of((handover, takeover, customer, at) -> Mono.fromRunnable(
                    () -> takenOver.add(handover + ">" + takeover + ":" + customer))),
            null, settings, clock);

    @AfterEach
    void stop() {
        inheritance.close();
    }

    private void follows(String employee, String... customers) {
        for (String c : customers) {
            directory.apply(ContactEvent.callback(ContactEvent.Kind.ADDED, c, employee, NOW.minus(Duration.ofDays(10)),
                    null, null, null)).block(WAIT);
        }
    }

    private CustomerInheritance.Request onJob(List<String> customers, String message) {
        return new CustomerInheritance.Request(TransferKind.ON_JOB, "zhangwei", "liuyang", customers, false, message);
    }

    private String reason(Throwable e) {
        return ((Refused) e).reason();
    }

    private TransferJob awaitJob(String id, java.util.function.Predicate<TransferJob> until) {
        await().atMost(WAIT).until(() -> until.test(jobs.find(id).block(WAIT)));
        return jobs.find(id).block(WAIT);
    }

    private List<AuditEvent> trail() {
        return List.copyOf(recorded);
    }

    @Test
    void theSameEmployeeOnBothSidesAndAMessageForA离职TransferAreRefusedBeforeAnything() {
        assertThatThrownBy(() -> inheritance.request(new CustomerInheritance.Request(TransferKind.ON_JOB, "zhangwei",
                "zhangwei", List.of("wmA"), false, null), "root").block(WAIT))
                .satisfies(e -> assertThat(reason(e)).isEqualTo("SAME_EMPLOYEE"));
        assertThatThrownBy(() -> inheritance.request(new CustomerInheritance.Request(TransferKind.RESIGNED, "zhoujie",
                "liuyang", List.of("wmA"), false, "您好"), "root").block(WAIT))
                .satisfies(e -> assertThat(reason(e)).isEqualTo("NO_MESSAGE_FOR_RESIGNED"));
        assertThat(wecom.batches).isEmpty();
    }

    @Test
    void aMessageOfTwoHundredCharactersGoesAndOneOfTwoHundredAndOneIsRefused() {
        follows("zhangwei", "wmA");
        String atLimit = "您好，后续由刘洋为您服务。".repeat(20).substring(0, 200);
        assertThatThrownBy(() -> inheritance.request(onJob(List.of("wmA"), atLimit + "谢"), "root").block(WAIT))
                .satisfies(e -> assertThat(reason(e)).isEqualTo("MESSAGE_TOO_LONG"));
        assertThat(wecom.batches).isEmpty();

        TransferJob job = inheritance.request(onJob(List.of("wmA"), atLimit), "root").block(WAIT);
        awaitJob(job.id(), j -> !j.in(CustomerState.WAITING).isEmpty());
        assertThat(wecom.messages).containsExactly(atLimit);
    }

    @Test
    void aMessageTheComplianceCheckDoesNotPassRefusesTheJobWithItsReasonAndNothingIsCalled() {
        follows("zhangwei", "wmA");
        assertThatThrownBy(() -> inheritance.request(onJob(List.of("wmA"), "本理财产品保本保收益，稳赚不赔！"), "sam")
                .block(WAIT))
                .satisfies(e -> {
                    assertThat(reason(e)).isEqualTo("NOT_COMPLIANT");
                    assertThat(e.getMessage()).contains("BLOCK");
                });
        assertThat(wecom.batches).isEmpty();
        assertThat(jobs.all().collectList().block(WAIT)).isEmpty();
        assertThat(trail()).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(AuditEvent.Type.CUSTOMER_INHERITANCE);
            assertThat(e.actor()).isEqualTo("sam");
            assertThat(e.details()).containsEntry("action", "refused");
            assertThat((String) e.details().get("result")).startsWith("NOT_COMPLIANT");
        });
    }

    @Test
    void twoHundredAndFiftyCustomersGoInBatchesOfAHundredOneAfterAnother() {
        List<String> customers = IntStream.range(0, 250).mapToObj(i -> String.format("wm%03d", i)).toList();
        follows("zhangwei", customers.toArray(String[]::new));
        TransferJob job = inheritance.request(onJob(null, null), "root").block(WAIT);
        assertThat(job.customers()).hasSize(250);
        TransferJob sent = awaitJob(job.id(), j -> j.in(CustomerState.QUEUED).isEmpty());
        assertThat(wecom.batches).extracting(List::size).containsExactly(100, 100, 50);
        List<String> all = new ArrayList<>();
        wecom.batches.forEach(all::addAll);
        assertThat(all).containsExactlyElementsOf(customers);
        assertThat(sent.counts()).containsEntry(CustomerState.WAITING, 250);
        // the directory shows each customer on the way to the takeover employee
        assertThat(directory.customer("wm007").block(WAIT).relationships())
                .anySatisfy(r -> {
                    assertThat(r.employee()).isEqualTo("liuyang");
                    assertThat(r.status()).isEqualTo(ContactStatus.TRANSFERRING);
                });
    }

    @Test
    void aThirdTransferWithinNinetyDaysIsSkippedBeforeCallingAndOneNinetyOneDaysAgoDoesNotCount() {
        follows("zhangwei", "wmTwice", "wmOld", "wmNotOurs");
        follows("chenjing", "wmNotOurs");
        ledger.record("wmTwice", "earlier1", NOW.minus(Duration.ofDays(80))).block(WAIT);
        ledger.record("wmTwice", "earlier2", NOW.minus(Duration.ofDays(3))).block(WAIT);
        ledger.record("wmOld", "earlier1", NOW.minus(Duration.ofDays(91))).block(WAIT);
        ledger.record("wmOld", "earlier2", NOW.minus(Duration.ofDays(3))).block(WAIT);
        TransferJob job = inheritance.request(onJob(List.of("wmTwice", "wmOld", "wmStranger"), null), "root")
                .block(WAIT);
        assertThat(job.customers()).extracting(CustomerTransfer::state).containsExactly(
                CustomerState.SKIPPED_LIMIT, CustomerState.QUEUED, CustomerState.SKIPPED_NOT_FOLLOWED);
        awaitJob(job.id(), j -> j.in(CustomerState.QUEUED).isEmpty());
        assertThat(wecom.batches).containsExactly(List.of("wmOld"));
        // the accepted one is on the ledger now: a second job skips it as its limit is reached
        assertThat(ledger.countSince("wmOld", NOW.minus(Duration.ofDays(90))).block(WAIT)).isEqualTo(2);
    }

    @Test
    void aCustomersErrcodeInTheAnswerIsKeptAndTheyAreNotPolled() {
        follows("zhangwei", "wmBusy", "wmFine");
        wecom.errcodes.put("wmBusy", 40129);
        TransferJob job = inheritance.request(onJob(List.of("wmBusy", "wmFine"), null), "root").block(WAIT);
        TransferJob sent = awaitJob(job.id(), j -> j.in(CustomerState.QUEUED).isEmpty());
        assertThat(sent.customers().get(0).state()).isEqualTo(CustomerState.CALL_REFUSED);
        assertThat(sent.customers().get(0).errcode()).isEqualTo(40129);
        assertThat(sent.customers().get(1).state()).isEqualTo(CustomerState.WAITING);
        assertThat(ledger.countSince("wmBusy", NOW.minus(Duration.ofDays(90))).block(WAIT)).isZero();
    }

    @Test
    void pollingEndsEachCustomerAsWecomSaysMovesTheDirectoryAndTellsTheListenersOnce() {
        follows("zhangwei", "wmTaken", "wmRefuses", "wmFull");
        TransferJob job = inheritance.request(onJob(null, null), "root").block(WAIT);
        awaitJob(job.id(), j -> j.phase() == TransferJob.Phase.POLLING);
        wecom.statuses.put("wmTaken", 2);
        wecom.statuses.put("wmRefuses", 3);
        wecom.statuses.put("wmFull", 4);
        TransferJob later = awaitJob(job.id(), j -> j.in(CustomerState.WAITING).size() == 1);
        assertThat(later.phase()).isEqualTo(TransferJob.Phase.POLLING);
        wecom.statuses.put("wmTaken", 1);
        TransferJob done = awaitJob(job.id(), j -> j.phase() == TransferJob.Phase.DONE);
        assertThat(done.counts()).containsExactlyInAnyOrderEntriesOf(Map.of(CustomerState.TAKEN_OVER, 1,
                CustomerState.REFUSED, 1, CustomerState.TAKEOVER_FULL, 1));

        List<FollowRelationship> taken = directory.customer("wmTaken").block(WAIT).relationships();
        assertThat(taken).anySatisfy(r -> {
            assertThat(r.employee()).isEqualTo("liuyang");
            assertThat(r.status()).isEqualTo(ContactStatus.ACTIVE);
        }).anySatisfy(r -> {
            assertThat(r.employee()).isEqualTo("zhangwei");
            assertThat(r.status()).isEqualTo(ContactStatus.REMOVED_BY_EMPLOYEE);
        });
        assertThat(directory.customer("wmRefuses").block(WAIT).relationships())
                .anySatisfy(r -> {
                    assertThat(r.employee()).isEqualTo("liuyang");
                    assertThat(r.status()).isEqualTo(ContactStatus.TRANSFER_FAILED);
                    assertThat(r.detail()).isEqualTo("customer_refused");
                });
        assertThat(takenOver).containsExactly("zhangwei>liuyang:wmTaken");
        assertThat(trail()).filteredOn(e -> "taken-over".equals(e.details().get("action")))
                .extracting(AuditEvent::subject).containsExactly("wmTaken");
    }

    @Test
    void aTransferFailCallbackEndsTheCustomerAtOnceWithoutWaitingForThePoll() {
        follows("zhangwei", "wmNo", "wmYes");
        TransferJob job = inheritance.request(onJob(null, null), "root").block(WAIT);
        awaitJob(job.id(), j -> j.phase() == TransferJob.Phase.POLLING);
        inheritance.onContactEvent(ContactEvent.callback(ContactEvent.Kind.TRANSFER_FAILED, "wmNo", "liuyang",
                NOW.plusSeconds(30), null, null, "customer_refused"), ApplyOutcome.APPLIED).block(WAIT);
        TransferJob after = jobs.find(job.id()).block(WAIT);
        assertThat(after.customers()).filteredOn(c -> c.externalUserId().equals("wmNo"))
                .singleElement().satisfies(c -> {
                    assertThat(c.state()).isEqualTo(CustomerState.REFUSED);
                    assertThat(c.detail()).isEqualTo("customer_refused");
                });
        assertThat(after.phase()).isEqualTo(TransferJob.Phase.POLLING);
        assertThat(takenOver).isEmpty();
    }

    @Test
    void aBatchWecomRefusesCarriesItsErrcodeAndOneWithNoAnswerWaitsForTransferResult() {
        follows("zhangwei", "wmA", "wmB");
        wecom.failure = new WecomApiException("externalcontact/transfer_customer", 40098, "not activated");
        TransferJob refused = inheritance.request(onJob(List.of("wmA"), null), "root").block(WAIT);
        TransferJob afterRefusal = awaitJob(refused.id(), j -> j.in(CustomerState.QUEUED).isEmpty());
        assertThat(afterRefusal.customers().get(0).state()).isEqualTo(CustomerState.CALL_REFUSED);
        assertThat(afterRefusal.customers().get(0).errcode()).isEqualTo(40098);

        wecom.failure = new WecomApiException("externalcontact/transfer_customer", -1, "system busy");
        TransferJob unanswered = inheritance.request(onJob(List.of("wmB"), null), "root").block(WAIT);
        awaitJob(unanswered.id(), j -> j.phase() == TransferJob.Phase.POLLING);
        assertThat(jobs.find(unanswered.id()).block(WAIT).customers().get(0).state()).isEqualTo(CustomerState.WAITING);
        wecom.statuses.put("wmB", 1);
        TransferJob done = awaitJob(unanswered.id(), j -> j.phase() == TransferJob.Phase.DONE);
        assertThat(done.customers().get(0).state()).isEqualTo(CustomerState.TAKEN_OVER);
    }

    @Test
    void resumeContinuesAJobNobodyRunsAndLeavesOneAnotherInstanceHolds() throws InterruptedException {
        TransferJob held = new TransferJob("inh-held", TransferKind.ON_JOB, "zhangwei", "liuyang", null, "root", NOW,
                TransferJob.Phase.SENDING, List.of(new CustomerTransfer("wmHeld", CustomerState.QUEUED, null, null, NOW)), 0);
        TransferJob orphan = new TransferJob("inh-orphan", TransferKind.ON_JOB, "zhangwei", "liuyang", null, "root", NOW,
                TransferJob.Phase.SENDING, List.of(new CustomerTransfer("wmOrphan", CustomerState.QUEUED, null, null, NOW)), 0);
        jobs.create(held).then(jobs.create(orphan)).block(WAIT);
        jobs.holdRunner("inh-held", "another-instance", Duration.ofMinutes(5)).block(WAIT);

        inheritance.resume().block(WAIT);
        awaitJob("inh-orphan", j -> j.phase() == TransferJob.Phase.POLLING);
        Thread.sleep(200);
        assertThat(wecom.batches).containsExactly(List.of("wmOrphan"));
        assertThat(jobs.find("inh-held").block(WAIT).customers().get(0).state()).isEqualTo(CustomerState.QUEUED);
    }
}
