package com.wecomassist.customerlinks;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.customerlinks.CustomerLink.Source;
import com.wecomassist.customerlinks.memory.InMemoryCustomerLinks;
import com.wecomassist.inherit.TakeoverListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** A completed 客户继承 takeover moves the customer's 管户 in the bank's link, unless the bank moved them since. */
class ManagerFollowsTakeoverTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Instant T = Instant.parse("2026-12-01T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T.plusSeconds(86_400), ZoneOffset.UTC);

    private final CustomerLinks links = new InMemoryCustomerLinks(CLOCK);
    private final TakeoverListener listener = new ManagerFollowsTakeover(links);

    private void linked(String customer, String manager) {
        links.upsert(new CustomerLink(customer, "C-" + customer, manager, "50-200万", Source.FILE, T, CLOCK.instant()))
                .block(WAIT);
    }

    @Test
    void theTakeoverEmployeeBecomesTheManagerOfACustomerTheHandoverManaged() {
        linked("wmA", "zhangwei");

        listener.takenOver("zhangwei", "zhaolei", "wmA", T.plusSeconds(3_600)).block(WAIT);

        assertThat(links.link("wmA").block(WAIT).managerUserId()).isEqualTo("zhaolei");
    }

    @Test
    void aCustomerTheBankGaveToSomeoneElseOrNeverLinkedIsLeftAlone() {
        linked("wmB", "liuyang");

        listener.takenOver("zhangwei", "zhaolei", "wmB", T.plusSeconds(3_600)).block(WAIT);
        listener.takenOver("zhangwei", "zhaolei", "wmNobody", T.plusSeconds(3_600)).block(WAIT);

        assertThat(links.link("wmB").block(WAIT).managerUserId()).isEqualTo("liuyang");
        assertThat(links.link("wmNobody").blockOptional(WAIT)).isEmpty();
    }
}
