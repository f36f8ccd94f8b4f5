package com.wecomassist.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wecomassist.load.MenuCustomers.Action;
import com.wecomassist.load.stub.MsgMenu.Item;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MenuCustomersTest {

    private static final List<Item> MENU = List.of(new Item("demo-034", "定期存款利率是多少？"),
            new Item("demo-035", "活期存款利率是多少？"), new Item("demo-063", "贷款利率是怎么定的？"));

    @Test
    void aCustomerTapsTheEntryTheyMeantWhereverItIs() {
        MenuCustomers customers = new MenuCustomers(1, 2, 6);
        SplittableRandom random = new SplittableRandom(7);
        for (Item item : MENU) {
            MenuCustomers.Choice choice = customers.choose(item.id(), MENU, random);
            assertThat(choice.action()).isEqualTo(Action.CLICK);
            assertThat(choice.item()).isEqualTo(item);
        }
        assertThat(MenuCustomers.rightItem("demo-035", MENU)).isEqualTo(MENU.get(1));
    }

    @Test
    void withoutTheMeantEntryTheyWritePersonOrLeaveTheMenuInTheConfiguredShares() {
        MenuCustomers customers = new MenuCustomers(0.3, 2, 6);
        SplittableRandom random = new SplittableRandom(11);
        Map<Action, Integer> did = new EnumMap<>(Action.class);
        for (int i = 0; i < 10_000; i++) {
            // half of them meant an entry the menu lacks, half asked a question the list names no entry for
            MenuCustomers.Choice choice = customers.choose(i % 2 == 0 ? "demo-016" : null, MENU, random);
            assertThat(choice.item()).isNull();
            did.merge(choice.action(), 1, Integer::sum);
        }
        assertThat(did).doesNotContainKey(Action.CLICK);
        assertThat(did.get(Action.PERSON)).isBetween(2_800, 3_200);
        assertThat(did.get(Action.IGNORE)).isBetween(6_800, 7_200);

        assertThat(new MenuCustomers(0, 2, 6).choose("demo-016", MENU, random).action()).isEqualTo(Action.IGNORE);
        assertThat(new MenuCustomers(1, 2, 6).choose("", MENU, random).action()).isEqualTo(Action.PERSON);
    }

    @Test
    void readingAMenuTakesTheConfiguredSeconds() {
        MenuCustomers customers = new MenuCustomers(0.5, 2, 6);
        SplittableRandom random = new SplittableRandom(3);
        long shortest = Long.MAX_VALUE;
        long longest = 0;
        for (int i = 0; i < 5_000; i++) {
            Duration think = customers.thinkTime(random);
            shortest = Math.min(shortest, think.toMillis());
            longest = Math.max(longest, think.toMillis());
        }
        assertThat(shortest).isBetween(2_000L, 2_050L);
        assertThat(longest).isBetween(5_950L, 6_000L);
        assertThat(new MenuCustomers(0.5, 3, 3).thinkTime(random)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> new MenuCustomers(1.2, 2, 6)).hasMessageContaining("menu-person-share");
        assertThatThrownBy(() -> new MenuCustomers(0.5, 6, 2)).hasMessageContaining("menu-think-seconds");
        assertThatThrownBy(() -> MenuCustomers.range("a-b", "load.menu-think-seconds")).hasMessageContaining("MIN-MAX");
        assertThat(MenuCustomers.range("2-6", "x")).containsExactly(2, 6);
        assertThat(MenuCustomers.range("4", "x")).containsExactly(4, 4);
    }
}
