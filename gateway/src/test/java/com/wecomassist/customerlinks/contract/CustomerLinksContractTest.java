package com.wecomassist.customerlinks.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.customerlinks.CustomerLink;
import com.wecomassist.customerlinks.CustomerLink.Source;
import com.wecomassist.customerlinks.CustomerLinks;
import com.wecomassist.customerlinks.CustomerLinks.LinkPage;
import com.wecomassist.customerlinks.LinkOutcome;
import com.wecomassist.customerlinks.memory.InMemoryCustomerLinks;
import com.wecomassist.customerlinks.redis.RedisCustomerLinks;
import com.wecomassist.testing.RedisTestServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The customer links' contract, for the in-memory and the Redis adapter. */
class CustomerLinksContractTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant T = Instant.parse("2026-12-01T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T.plusSeconds(86_400), ZoneOffset.UTC);

    static CustomerLink link(String customer, String no, String manager, String tier, long second) {
        return new CustomerLink(customer, no, manager, tier, Source.FILE, T.plusSeconds(second), CLOCK.instant());
    }

    abstract static class Contract {

        abstract CustomerLinks links();

        CustomerLink held(String customer) {
            return links().link(customer).blockOptional(WAIT).orElse(null);
        }

        @Test
        void anUpsertLinksTheCustomerAndTheSameRecordAgainChangesNothing() {
            CustomerLinks links = links();
            assertThat(held("wm1")).isNull();
            assertThat(links.upsert(link("wm1", "C0001", "zhangsan", "20-50万", 0)).block(WAIT))
                    .isEqualTo(LinkOutcome.APPLIED);
            assertThat(held("wm1")).isEqualTo(link("wm1", "C0001", "zhangsan", "20-50万", 0));
            assertThat(links.upsert(link("wm1", "C0001", "zhangsan", "20-50万", 0)).block(WAIT))
                    .isEqualTo(LinkOutcome.UNCHANGED);
            assertThat(links.countOf("zhangsan").block(WAIT)).isEqualTo(1L);
        }

        @Test
        void anOlderRecordNeverOverwritesANewerOne() {
            CustomerLinks links = links();
            links.upsert(link("wm2", "C0002", "lisi", "50万以上", 10)).block(WAIT);
            assertThat(links.upsert(link("wm2", "C0002", "wangwu", null, 5)).block(WAIT)).isEqualTo(LinkOutcome.STALE);
            assertThat(held("wm2").managerUserId()).isEqualTo("lisi");
            // the same facts again, newer: unchanged, but the newer time is kept
            assertThat(links.upsert(link("wm2", "C0002", "lisi", "50万以上", 20)).block(WAIT))
                    .isEqualTo(LinkOutcome.UNCHANGED);
            assertThat(links.upsert(link("wm2", "C0002", "wangwu", null, 15)).block(WAIT)).isEqualTo(LinkOutcome.STALE);
            assertThat(links.upsert(link("wm2", "C0002", "wangwu", null, 30)).block(WAIT))
                    .isEqualTo(LinkOutcome.APPLIED);
            CustomerLink now = held("wm2");
            assertThat(now.managerUserId()).isEqualTo("wangwu");
            assertThat(now.tier()).isNull();
            assertThat(links.customersOf("lisi", null, 10).block(WAIT).links()).isEmpty();
            assertThat(links.customersOf("wangwu", null, 10).block(WAIT).links()).extracting(CustomerLink::externalUserId)
                    .containsExactly("wm2");
        }

        @Test
        void aRemovalIsRememberedSoThatAnOlderUpsertDoesNotBringTheLinkBack() {
            CustomerLinks links = links();
            links.upsert(link("wm3", "C0003", "zhao", null, 10)).block(WAIT);
            assertThat(links.remove("wm3", T.plusSeconds(5), Source.API).block(WAIT)).isEqualTo(LinkOutcome.STALE);
            assertThat(held("wm3")).isNotNull();
            assertThat(links.remove("wm3", T.plusSeconds(20), Source.API).block(WAIT)).isEqualTo(LinkOutcome.APPLIED);
            assertThat(held("wm3")).isNull();
            assertThat(links.countOf("zhao").block(WAIT)).isZero();
            assertThat(links.upsert(link("wm3", "C0003", "zhao", null, 15)).block(WAIT)).isEqualTo(LinkOutcome.STALE);
            // at the removal's own time the removal wins
            assertThat(links.upsert(link("wm3", "C0003", "zhao", null, 20)).block(WAIT)).isEqualTo(LinkOutcome.STALE);
            assertThat(links.remove("wm3", T.plusSeconds(20), Source.API).block(WAIT)).isEqualTo(LinkOutcome.UNCHANGED);
            assertThat(links.upsert(link("wm3", "C0003", "qian", null, 25)).block(WAIT)).isEqualTo(LinkOutcome.APPLIED);
            assertThat(held("wm3").managerUserId()).isEqualTo("qian");
            // a removal that arrives before anything was linked is remembered too
            assertThat(links.remove("wm3b", T.plusSeconds(50), Source.KAFKA).block(WAIT)).isEqualTo(LinkOutcome.UNCHANGED);
            assertThat(links.upsert(link("wm3b", "C0033", "qian", null, 40)).block(WAIT)).isEqualTo(LinkOutcome.STALE);
            assertThat(held("wm3b")).isNull();
        }

        @Test
        void aBatchIsDecidedInItsOrderAndAnswersEachOutcome() {
            List<LinkOutcome> outcomes = links().upsertAll(List.of(
                    link("wm4", "C0004", "sun", "a", 10),
                    link("wm4", "C0004", "li", "a", 5),
                    link("wm5", "C0005", "sun", null, 1),
                    link("wm4", "C0004", "sun", "a", 10))).block(WAIT);
            assertThat(outcomes).containsExactly(LinkOutcome.APPLIED, LinkOutcome.STALE, LinkOutcome.APPLIED,
                    LinkOutcome.UNCHANGED);
            assertThat(links().countOf("sun").block(WAIT)).isEqualTo(2L);
            assertThat(links().countOf("li").block(WAIT)).isZero();
        }

        @Test
        void anEmployeesCustomersPageByKeyWithoutRepeatsOrGaps() {
            CustomerLinks links = links();
            List<CustomerLink> batch = new ArrayList<>();
            IntStream.range(0, 25).forEach(i -> batch.add(link(String.format("wmP%03d", i), "N" + i, "zhou", null, i)));
            batch.add(link("wmOther", "N99", "zhouzhou", null, 0)); // a manager whose name starts with the other's
            batch.add(link("wmNone", "N98", null, null, 0));
            links.upsertAll(batch).block(WAIT);
            List<String> seen = new ArrayList<>();
            String after = null;
            int pages = 0;
            do {
                LinkPage page = links.customersOf("zhou", after, 10).block(WAIT);
                page.links().forEach(l -> seen.add(l.externalUserId()));
                after = page.next();
                pages++;
            } while (after != null);
            assertThat(pages).isEqualTo(3);
            assertThat(seen).hasSize(25).isSorted().doesNotHaveDuplicates().allMatch(s -> s.startsWith("wmP"));
            assertThat(links.countOf("zhou").block(WAIT)).isEqualTo(25L);
            assertThat(links.allCustomersOf("zhou", 7).count().block(WAIT)).isEqualTo(25L);
            assertThat(links.customersOf("zhou", "wmP019", 10).block(WAIT).links()).hasSize(5);
            assertThat(links.customersOf("nobody", null, 10).block(WAIT)).isEqualTo(new LinkPage(List.of(), null));
        }

        @Test
        void aReassignmentMovesTheCustomerOnlyFromTheirPresentManager() {
            CustomerLinks links = links();
            links.upsert(link("wm6", "C0006", "zheng", "x", 10)).block(WAIT);
            assertThat(links.reassignManager("wm6", "wu", "feng", T.plusSeconds(20)).block(WAIT))
                    .isEqualTo(LinkOutcome.NOT_MANAGER);
            assertThat(links.reassignManager("wm6", "zheng", "feng", T.plusSeconds(5)).block(WAIT))
                    .isEqualTo(LinkOutcome.STALE);
            assertThat(links.reassignManager("wm6", "zheng", "feng", T.plusSeconds(20)).block(WAIT))
                    .isEqualTo(LinkOutcome.APPLIED);
            CustomerLink moved = held("wm6");
            assertThat(moved.managerUserId()).isEqualTo("feng");
            assertThat(moved.customerNo()).isEqualTo("C0006");
            assertThat(moved.tier()).isEqualTo("x");
            assertThat(moved.source()).isEqualTo(Source.INHERITANCE);
            assertThat(moved.asOf()).isEqualTo(T.plusSeconds(20));
            assertThat(links.countOf("zheng").block(WAIT)).isZero();
            assertThat(links.countOf("feng").block(WAIT)).isEqualTo(1L);
            assertThat(links.reassignManager("wm6", "zheng", "feng", T.plusSeconds(30)).block(WAIT))
                    .isEqualTo(LinkOutcome.UNCHANGED);
            assertThat(links.reassignManager("wmNobody", "zheng", "feng", T.plusSeconds(30)).block(WAIT))
                    .isEqualTo(LinkOutcome.UNKNOWN_CUSTOMER);
            // the bank's older file does not undo the takeover
            assertThat(links.upsert(link("wm6", "C0006", "zheng", "x", 15)).block(WAIT)).isEqualTo(LinkOutcome.STALE);
        }

        @Test
        void aCustomerNumberLeadsToTheLinkThatCarriesItNow() {
            CustomerLinks links = links();
            assertThat(links.byCustomerNo("C0009").blockOptional(WAIT)).isEmpty();
            links.upsert(link("wm9", "C0009", "he", null, 10)).block(WAIT);
            assertThat(links.byCustomerNo("C0009").block(WAIT).externalUserId()).isEqualTo("wm9");
            // a new 管户 keeps the number's entry; a new number moves it
            links.upsert(link("wm9", "C0009", "lu", null, 11)).block(WAIT);
            assertThat(links.byCustomerNo("C0009").block(WAIT).managerUserId()).isEqualTo("lu");
            links.upsert(link("wm9", "C0099", "lu", null, 12)).block(WAIT);
            assertThat(links.byCustomerNo("C0009").blockOptional(WAIT)).isEmpty();
            assertThat(links.byCustomerNo("C0099").block(WAIT).externalUserId()).isEqualTo("wm9");
            // a stale record moves nothing
            links.upsert(link("wm9", "C0009", "lu", null, 5)).block(WAIT);
            assertThat(links.byCustomerNo("C0009").blockOptional(WAIT)).isEmpty();
            // the number given to another customer (the bank's correction): the later link answers, and the
            // first customer's removal does not take the other's entry with it
            links.upsert(link("wm10", "C0099", "lu", null, 13)).block(WAIT);
            assertThat(links.byCustomerNo("C0099").block(WAIT).externalUserId()).isEqualTo("wm10");
            links.remove("wm9", T.plusSeconds(14), Source.API).block(WAIT);
            assertThat(links.byCustomerNo("C0099").block(WAIT).externalUserId()).isEqualTo("wm10");
            // removal and erasure take the number's entry
            links.remove("wm10", T.plusSeconds(15), Source.API).block(WAIT);
            assertThat(links.byCustomerNo("C0099").blockOptional(WAIT)).isEmpty();
            links.upsert(link("wm11", "C0011", "lu", null, 16)).block(WAIT);
            links.erase("wm11").block(WAIT);
            assertThat(links.byCustomerNo("C0011").blockOptional(WAIT)).isEmpty();
        }

        @Test
        void erasureForgetsTheLinkAndItsRemovalMarker() {
            CustomerLinks links = links();
            links.upsert(link("wm7", "C0007", "chen", null, 10)).block(WAIT);
            assertThat(links.erase("wm7").block(WAIT)).isEqualTo(1L);
            assertThat(held("wm7")).isNull();
            assertThat(links.countOf("chen").block(WAIT)).isZero();
            assertThat(links.erase("wm7").block(WAIT)).isZero();
            links.remove("wm8", T.plusSeconds(100), Source.API).block(WAIT);
            assertThat(links.erase("wm8").block(WAIT)).isZero();
            // nothing is remembered of wm8 now: an older record links them again (the bank must stop sending it)
            assertThat(links.upsert(link("wm8", "C0008", "chen", null, 50)).block(WAIT)).isEqualTo(LinkOutcome.APPLIED);
        }
    }

    @Nested
    class InMemory extends Contract {
        final CustomerLinks links = new InMemoryCustomerLinks(CLOCK);

        @Override
        CustomerLinks links() {
            return links;
        }
    }

    @Nested
    class OnRedis extends Contract {
        final CustomerLinks links = new RedisCustomerLinks(RedisTestServer.template(), RedisTestServer.freshPrefix(),
                CLOCK);

        @Override
        CustomerLinks links() {
            return links;
        }
    }
}
