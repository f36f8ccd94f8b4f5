package com.wecomassist.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.contacts.ContactDirectory;
import com.wecomassist.contacts.ContactEvent;
import com.wecomassist.contacts.ContactEvent.Kind;
import com.wecomassist.contacts.memory.InMemoryContactDirectory;
import com.wecomassist.customerlinks.CustomerLink;
import com.wecomassist.customerlinks.CustomerLinks;
import com.wecomassist.customerlinks.memory.InMemoryCustomerLinks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The figures of days from relationships whose times are known, in the bank's zone (China time: a day
 * begins at 16:00 UTC the day before).
 */
class DirectoryFiguresTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T01:00:00Z"), ZoneOffset.UTC);
    private static final LocalDate D = LocalDate.parse("2026-12-05");

    private final ContactDirectory directory = new InMemoryContactDirectory(100);
    private final CustomerLinks links = new InMemoryCustomerLinks(CLOCK);
    private final DirectoryFigures figures = new DirectoryFigures(directory, links, CHINA, CLOCK);

    private static Instant china(String localDateTime) {
        return java.time.LocalDateTime.parse(localDateTime).atZone(CHINA).toInstant();
    }

    private void event(Kind kind, String customer, String at) {
        directory.apply(ContactEvent.callback(kind, customer, "zw", china(at), null, null, null)).block(WAIT);
    }

    private void manage(String customer) {
        links.upsert(new CustomerLink(customer, "C-" + customer, "zw", null, CustomerLink.Source.API,
                CLOCK.instant(), CLOCK.instant())).block(WAIT);
    }

    @BeforeEach
    void relationships() {
        event(Kind.ADDED, "c1", "2026-11-01T09:00");
        // added on D, late in the evening China time (still D there, already the next day nowhere else)
        event(Kind.ADDED, "c2", "2026-12-05T23:30");
        event(Kind.ADDED, "c3", "2026-11-20T10:00");
        event(Kind.REMOVED_BY_CUSTOMER, "c3", "2026-12-05T00:10");
        event(Kind.ADDED, "c4", "2026-08-01T10:00");
        event(Kind.REMOVED_BY_EMPLOYEE, "c4", "2026-12-06T08:00");
        event(Kind.HALF_ADDED, "c5", "2026-12-05T11:00");
        event(Kind.ADDED, "c6", "2026-10-01T10:00");
        event(Kind.REMOVED_BY_CUSTOMER, "c6", "2026-10-15T10:00");
        // someone else's customer: not counted for zw
        directory.apply(ContactEvent.callback(Kind.ADDED, "c9", "other", china("2026-12-05T10:00"), null, null, null))
                .block(WAIT);
        for (String managed : List.of("c1", "c3", "c4", "c7")) {
            manage(managed);
        }
    }

    @Test
    void eachDayIsCountedAtItsEndInTheBanksZone() {
        List<EmployeeDay> days = figures.of("zw", D.minusDays(1), D.plusDays(1)).block(WAIT);
        assertThat(days).extracting(EmployeeDay::day).containsExactly(D.minusDays(1), D, D.plusDays(1));

        EmployeeDay before = days.get(0);
        assertThat(before.friends()).isEqualTo(3);           // c1, c3, c4
        assertThat(before.managed()).isEqualTo(4);
        assertThat(before.covered()).isEqualTo(3);           // c1, c3, c4 of c1, c3, c4, c7
        assertThat(before.added()).isZero();
        assertThat(before.added30()).isEqualTo(1);           // c3
        assertThat(before.churned30()).isZero();             // c3 left only on D

        EmployeeDay d = days.get(1);
        assertThat(d.friends()).isEqualTo(3);                // c1, c2, c4 (c5 only half added)
        assertThat(d.covered()).isEqualTo(2);                // c1, c4: 覆盖率 2/4
        assertThat(d.added()).isEqualTo(1);                  // c2
        assertThat(d.removedByCustomer()).isEqualTo(1);      // c3
        assertThat(d.removedByEmployee()).isZero();
        assertThat(d.added30()).isEqualTo(2);                // c2, c3
        assertThat(d.churned30()).isEqualTo(1);              // c3
        assertThat(d.added90()).isEqualTo(4);                // c1, c2, c3, c6 (c4 is older)
        assertThat(d.churned90()).isEqualTo(2);              // c3, c6
        assertThat(d.behaviour()).isNull();

        EmployeeDay after = days.get(2);
        assertThat(after.removedByEmployee()).isEqualTo(1);  // c4
        assertThat(after.friends()).isEqualTo(2);            // c1, c2
        assertThat(after.covered()).isEqualTo(1);            // c1
    }

    @Test
    void anEmployeeWithoutCustomersHasZeroes() {
        List<EmployeeDay> days = figures.of("nobody", D, D).block(WAIT);
        assertThat(days).singleElement().satisfies(d -> {
            assertThat(d.managed()).isZero();
            assertThat(d.friends()).isZero();
            assertThat(d.added30()).isZero();
        });
    }
}
