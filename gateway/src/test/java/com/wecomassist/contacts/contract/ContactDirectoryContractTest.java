package com.wecomassist.contacts.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.contacts.ApplyOutcome;
import com.wecomassist.contacts.ContactChange;
import com.wecomassist.contacts.ContactDirectory;
import com.wecomassist.contacts.ContactEvent;
import com.wecomassist.contacts.ContactEvent.Kind;
import com.wecomassist.contacts.ContactStatus;
import com.wecomassist.contacts.FollowRelationship;
import com.wecomassist.contacts.memory.InMemoryContactDirectory;
import com.wecomassist.contacts.redis.RedisContactDirectory;
import com.wecomassist.testing.RedisTestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The contact directory's contract, for the in-memory and the Redis adapter. */
class ContactDirectoryContractTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant T = Instant.ofEpochSecond(1_800_000_000L);
    private static final int HISTORY_LIMIT = 5;

    static ContactEvent event(Kind kind, String customer, String employee, long second) {
        return ContactEvent.callback(kind, customer, employee, T.plusSeconds(second), null, null, null);
    }

    static ContactEvent added(String customer, String employee, long second, String state) {
        return ContactEvent.callback(Kind.ADDED, customer, employee, T.plusSeconds(second), state, "WELCOME", null);
    }

    static ContactEvent synced(String customer, String employee, long second, String remark, List<String> tags) {
        return ContactEvent.synced(customer, employee, T.plusSeconds(second), "branch-qr",
                new ContactEvent.Snapshot("李四", "union-1", remark, tags, T));
    }

    abstract static class Contract {

        abstract ContactDirectory directory();

        FollowRelationship relationship(String customer, String employee) {
            return directory().customer(customer).block(WAIT).relationships().stream()
                    .filter(r -> r.employee().equals(employee)).findFirst().orElseThrow();
        }

        @Test
        void anAddMakesAnActiveRelationshipWithItsChannelAndAHistoryLine() {
            ContactDirectory directory = directory();
            assertThat(directory.customer("wm1").blockOptional(WAIT)).isEmpty();
            assertThat(directory.apply(added("wm1", "zhangsan", 0, "branch-qr")).block(WAIT)).isEqualTo(ApplyOutcome.APPLIED);
            FollowRelationship r = relationship("wm1", "zhangsan");
            assertThat(r.status()).isEqualTo(ContactStatus.ACTIVE);
            assertThat(r.addedAt()).isEqualTo(T);
            assertThat(r.state()).isEqualTo("branch-qr");
            assertThat(directory.history("wm1").collectList().block(WAIT)).containsExactly(
                    new ContactChange(T, Kind.ADDED, "zhangsan", ContactStatus.ACTIVE, "branch-qr"));
        }

        @Test
        void theSameEventTwiceChangesNothingAndAddsNoSecondHistoryLine() {
            ContactDirectory directory = directory();
            directory.apply(added("wm2", "zhangsan", 0, "a")).block(WAIT);
            assertThat(directory.apply(event(Kind.REMOVED_BY_CUSTOMER, "wm2", "zhangsan", 10)).block(WAIT))
                    .isEqualTo(ApplyOutcome.APPLIED);
            assertThat(directory.apply(event(Kind.REMOVED_BY_CUSTOMER, "wm2", "zhangsan", 10)).block(WAIT))
                    .isEqualTo(ApplyOutcome.UNCHANGED);
            assertThat(directory.history("wm2").collectList().block(WAIT)).hasSize(2);
            assertThat(directory.countsOf("zhangsan").block(WAIT)).isEqualTo(Map.of(ContactStatus.REMOVED_BY_CUSTOMER, 1L));
        }

        @Test
        void aLateAddDoesNotReviveARelationshipTheCustomerRemovedButFillsInWhenItBegan() {
            ContactDirectory directory = directory();
            directory.apply(event(Kind.REMOVED_BY_CUSTOMER, "wm3", "lisi", 10)).block(WAIT);
            assertThat(relationship("wm3", "lisi").addedAt()).isNull();
            assertThat(directory.apply(added("wm3", "lisi", 5, "fair")).block(WAIT)).isEqualTo(ApplyOutcome.OUT_OF_ORDER);
            FollowRelationship r = relationship("wm3", "lisi");
            assertThat(r.status()).isEqualTo(ContactStatus.REMOVED_BY_CUSTOMER);
            assertThat(r.addedAt()).isEqualTo(T.plusSeconds(5));
            assertThat(r.state()).isEqualTo("fair");
            assertThat(r.removedAt()).isEqualTo(T.plusSeconds(10));
            assertThat(directory.history("wm3").collectList().block(WAIT)).hasSize(1);
            // and again: nothing more
            assertThat(directory.apply(added("wm3", "lisi", 5, "fair")).block(WAIT)).isEqualTo(ApplyOutcome.OUT_OF_ORDER);
            assertThat(directory.history("wm3").collectList().block(WAIT)).hasSize(1);
            // a later add is a new friendship, counted from then
            assertThat(directory.apply(added("wm3", "lisi", 20, null)).block(WAIT)).isEqualTo(ApplyOutcome.APPLIED);
            r = relationship("wm3", "lisi");
            assertThat(r.status()).isEqualTo(ContactStatus.ACTIVE);
            assertThat(r.addedAt()).isEqualTo(T.plusSeconds(20));
            assertThat(r.removedAt()).isNull();
            assertThat(r.state()).isNull();
        }

        @Test
        void atTheSameSecondARemovalWinsAndOtherKindsStillApply() {
            ContactDirectory directory = directory();
            directory.apply(added("wm4", "wangwu", 7, null)).block(WAIT);
            assertThat(directory.apply(event(Kind.EDITED, "wm4", "wangwu", 7)).block(WAIT)).isEqualTo(ApplyOutcome.APPLIED);
            assertThat(directory.apply(event(Kind.REMOVED_BY_EMPLOYEE, "wm4", "wangwu", 7)).block(WAIT))
                    .isEqualTo(ApplyOutcome.APPLIED);
            // the add again (WeCom's retry): a duplicate; an edit heard again: a duplicate too
            assertThat(directory.apply(added("wm4", "wangwu", 7, null)).block(WAIT)).isEqualTo(ApplyOutcome.UNCHANGED);
            assertThat(relationship("wm4", "wangwu").status()).isEqualTo(ContactStatus.REMOVED_BY_EMPLOYEE);
            // a half add at the removal's second cannot be ordered after it: the removal stands
            assertThat(directory.apply(event(Kind.HALF_ADDED, "wm4", "wangwu", 7)).block(WAIT))
                    .isEqualTo(ApplyOutcome.OUT_OF_ORDER);
            assertThat(relationship("wm4", "wangwu").status()).isEqualTo(ContactStatus.REMOVED_BY_EMPLOYEE);
        }

        @Test
        void anEditKeepsTheStatusAndTransfersHaveTheirOwn() {
            ContactDirectory directory = directory();
            directory.apply(event(Kind.HALF_ADDED, "wm5", "zhao", 1)).block(WAIT);
            directory.apply(event(Kind.EDITED, "wm5", "zhao", 2)).block(WAIT);
            assertThat(relationship("wm5", "zhao").status()).isEqualTo(ContactStatus.HALF);
            directory.apply(event(Kind.TRANSFER_STARTED, "wm5", "qian", 3)).block(WAIT);
            assertThat(relationship("wm5", "qian").status()).isEqualTo(ContactStatus.TRANSFERRING);
            directory.apply(ContactEvent.callback(Kind.TRANSFER_FAILED, "wm5", "qian", T.plusSeconds(4), null, null,
                    "customer_refused")).block(WAIT);
            FollowRelationship failed = relationship("wm5", "qian");
            assertThat(failed.status()).isEqualTo(ContactStatus.TRANSFER_FAILED);
            assertThat(failed.detail()).isEqualTo("customer_refused");
            assertThat(directory.history("wm5").collectList().block(WAIT)).extracting(ContactChange::kind)
                    .containsExactly(Kind.HALF_ADDED, Kind.EDITED, Kind.TRANSFER_STARTED, Kind.TRANSFER_FAILED);
        }

        @Test
        void aSyncSetsTheCustomersDataAndTheSameSnapshotAgainChangesNothing() {
            ContactDirectory directory = directory();
            List<ApplyOutcome> outcomes = directory.applyAll(List.of(
                    synced("wm6", "zhangsan", 100, "李部长", List.of("tag-a", "tag-b")),
                    synced("wm6", "lisi", 100, null, List.of()))).block(WAIT);
            assertThat(outcomes).containsExactly(ApplyOutcome.APPLIED, ApplyOutcome.APPLIED);
            var customer = directory.customer("wm6").block(WAIT);
            assertThat(customer.name()).isEqualTo("李四");
            assertThat(customer.unionid()).isEqualTo("union-1");
            assertThat(customer.relationships()).extracting(FollowRelationship::employee).containsExactly("lisi", "zhangsan");
            FollowRelationship r = relationship("wm6", "zhangsan");
            assertThat(r.tags()).containsExactly("tag-a", "tag-b");
            assertThat(r.remark()).isEqualTo("李部长");
            assertThat(r.addedAt()).isEqualTo(T);
            assertThat(r.state()).isEqualTo("branch-qr");
            assertThat(relationship("wm6", "lisi").tags()).isEmpty();
            // the page read again after a restart
            assertThat(directory.applyAll(List.of(synced("wm6", "zhangsan", 200, "李部长", List.of("tag-a", "tag-b")),
                    synced("wm6", "lisi", 200, null, List.of()))).block(WAIT))
                    .containsExactly(ApplyOutcome.UNCHANGED, ApplyOutcome.UNCHANGED);
            assertThat(directory.history("wm6").collectList().block(WAIT)).hasSize(2);
            // a changed remark is a change
            assertThat(directory.apply(synced("wm6", "zhangsan", 300, "王总", List.of("tag-a"))).block(WAIT))
                    .isEqualTo(ApplyOutcome.APPLIED);
            assertThat(relationship("wm6", "zhangsan").tags()).containsExactly("tag-a");
            // a sync read before a removal the directory has does not undo it
            directory.apply(event(Kind.REMOVED_BY_CUSTOMER, "wm6", "lisi", 400)).block(WAIT);
            assertThat(directory.apply(synced("wm6", "lisi", 350, null, List.of())).block(WAIT))
                    .isEqualTo(ApplyOutcome.OUT_OF_ORDER);
            assertThat(relationship("wm6", "lisi").status()).isEqualTo(ContactStatus.REMOVED_BY_CUSTOMER);
        }

        @Test
        void pagesAnEmployeesCustomersByKeyAndCountsThemByStatus() {
            ContactDirectory directory = directory();
            directory.applyAll(IntStream.range(0, 7).mapToObj(i -> added("c" + i, "boss", i, null)).toList()).block(WAIT);
            directory.apply(event(Kind.REMOVED_BY_EMPLOYEE, "c3", "boss", 50)).block(WAIT);
            directory.apply(added("c9", "other", 1, null)).block(WAIT);
            var first = directory.customersOf("boss", null, 3).block(WAIT);
            assertThat(first.relationships()).extracting(FollowRelationship::externalUserId).containsExactly("c0", "c1", "c2");
            // a customer added meanwhile does not shift the pages
            directory.apply(added("c00", "boss", 60, null)).block(WAIT);
            var second = directory.customersOf("boss", first.next(), 3).block(WAIT);
            assertThat(second.relationships()).extracting(FollowRelationship::externalUserId).containsExactly("c3", "c4", "c5");
            var third = directory.customersOf("boss", second.next(), 3).block(WAIT);
            assertThat(third.relationships()).extracting(FollowRelationship::externalUserId).containsExactly("c6");
            assertThat(third.next()).isNull();
            assertThat(directory.countsOf("boss").block(WAIT)).isEqualTo(Map.of(ContactStatus.ACTIVE, 7L,
                    ContactStatus.REMOVED_BY_EMPLOYEE, 1L));
            assertThat(directory.countsOf("nobody").block(WAIT)).isEmpty();
        }

        @Test
        void findsCustomersWhoRemovedTheEmployeeSoonAfterBeingAdded() {
            ContactDirectory directory = directory();
            long day = Duration.ofDays(1).toSeconds();
            directory.apply(added("quick", "m1", 0, null)).block(WAIT);
            directory.apply(event(Kind.REMOVED_BY_CUSTOMER, "quick", "m1", 2 * day)).block(WAIT);
            directory.apply(added("slow", "m1", 0, null)).block(WAIT);
            directory.apply(event(Kind.REMOVED_BY_CUSTOMER, "slow", "m1", 40 * day)).block(WAIT);
            directory.apply(added("byemployee", "m1", 0, null)).block(WAIT);
            directory.apply(event(Kind.REMOVED_BY_EMPLOYEE, "byemployee", "m1", day)).block(WAIT);
            directory.apply(added("back", "m1", 0, null)).block(WAIT);
            directory.apply(event(Kind.REMOVED_BY_CUSTOMER, "back", "m1", day)).block(WAIT);
            directory.apply(added("back", "m1", 3 * day, null)).block(WAIT);

            Instant from = T;
            Instant to = T.plus(Duration.ofDays(60));
            assertThat(directory.removedByCustomer(from, to, Duration.ofDays(30)).collectList().block(WAIT))
                    .extracting(FollowRelationship::externalUserId).containsExactly("quick");
            assertThat(directory.removedByCustomer(from, to, Duration.ofDays(60)).collectList().block(WAIT))
                    .extracting(FollowRelationship::externalUserId).containsExactly("quick", "slow");
            assertThat(directory.removedByCustomer(T.plus(Duration.ofDays(3)), to, Duration.ofDays(60))
                    .collectList().block(WAIT)).extracting(FollowRelationship::externalUserId).containsExactly("slow");
        }

        @Test
        void anErasureForgetsTheCustomerEverywhereAndLeavesOthersAsTheyWere() {
            ContactDirectory directory = directory();
            long day = Duration.ofDays(1).toSeconds();
            directory.apply(synced("gone", "e1", 0, "VIP", List.of("tag-a"))).block(WAIT);
            directory.apply(added("gone", "e2", 1, "fair")).block(WAIT);
            directory.apply(event(Kind.REMOVED_BY_CUSTOMER, "gone", "e2", day)).block(WAIT);
            directory.apply(added("stays", "e1", 2, null)).block(WAIT);
            directory.apply(added("stays", "e2", 3, null)).block(WAIT);
            directory.apply(event(Kind.REMOVED_BY_CUSTOMER, "stays", "e2", day)).block(WAIT);
            Instant from = T;
            Instant to = T.plus(Duration.ofDays(2));
            assertThat(directory.removedByCustomer(from, to, Duration.ofDays(30)).collectList().block(WAIT))
                    .extracting(FollowRelationship::externalUserId).containsExactly("gone", "stays");

            // two relationships and three history lines
            assertThat(directory.erase("gone").block(WAIT)).isEqualTo(5L);

            assertThat(directory.customer("gone").blockOptional(WAIT)).isEmpty();
            assertThat(directory.history("gone").collectList().block(WAIT)).isEmpty();
            assertThat(directory.customersOf("e1", null, 10).block(WAIT).relationships())
                    .extracting(FollowRelationship::externalUserId).containsExactly("stays");
            assertThat(directory.customersOf("e2", null, 10).block(WAIT).relationships())
                    .extracting(FollowRelationship::externalUserId).containsExactly("stays");
            assertThat(directory.countsOf("e1").block(WAIT)).isEqualTo(Map.of(ContactStatus.ACTIVE, 1L));
            assertThat(directory.countsOf("e2").block(WAIT)).isEqualTo(Map.of(ContactStatus.REMOVED_BY_CUSTOMER, 1L));
            assertThat(directory.removedByCustomer(from, to, Duration.ofDays(30)).collectList().block(WAIT))
                    .extracting(FollowRelationship::externalUserId).containsExactly("stays");
            assertThat(relationship("stays", "e1").status()).isEqualTo(ContactStatus.ACTIVE);

            // again: nothing to forget; an event afterwards starts the customer afresh, with no old history
            assertThat(directory.erase("gone").block(WAIT)).isZero();
            assertThat(directory.erase("never-heard-of").block(WAIT)).isZero();
            assertThat(directory.apply(added("gone", "e1", 2 * day, null)).block(WAIT)).isEqualTo(ApplyOutcome.APPLIED);
            assertThat(directory.customer("gone").block(WAIT).name()).as("the synced name was forgotten").isNull();
            assertThat(relationship("gone", "e1").tags()).isEmpty();
            assertThat(directory.history("gone").collectList().block(WAIT)).hasSize(1);
            assertThat(directory.countsOf("e1").block(WAIT)).isEqualTo(Map.of(ContactStatus.ACTIVE, 2L));
        }

        @Test
        void keepsTheNewestHistoryLinesOnly() {
            ContactDirectory directory = directory();
            for (int i = 0; i < HISTORY_LIMIT + 3; i++) {
                directory.apply(event(i % 2 == 0 ? Kind.ADDED : Kind.REMOVED_BY_EMPLOYEE, "busy", "m2", i)).block(WAIT);
            }
            List<ContactChange> history = directory.history("busy").collectList().block(WAIT);
            assertThat(history).hasSize(HISTORY_LIMIT);
            assertThat(history.get(0).at()).isEqualTo(T.plusSeconds(3));
            assertThat(history.get(HISTORY_LIMIT - 1).at()).isEqualTo(T.plusSeconds(HISTORY_LIMIT + 2));
        }
    }

    @Nested
    class InMemory extends Contract {
        final ContactDirectory directory = new InMemoryContactDirectory(HISTORY_LIMIT);

        ContactDirectory directory() { return directory; }
    }

    @Nested
    class OnRedis extends Contract {
        final ContactDirectory directory = new RedisContactDirectory(RedisTestServer.template(),
                RedisTestServer.freshPrefix(), HISTORY_LIMIT);

        ContactDirectory directory() { return directory; }
    }
}
