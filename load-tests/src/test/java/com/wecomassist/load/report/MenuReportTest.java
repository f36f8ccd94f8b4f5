package com.wecomassist.load.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.load.MenuCustomers.Action;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MenuReportTest {

    private static final String DASHBOARD = """
            {"total": 9, "split": {"counts": {"auto": 50, "menu_offered": 30, "menu_chosen": 20, "menu_abandoned": 8,
             "agent_one_click": 25, "agent_edited": 0, "agent_wrote": 5}, "answered": 100,
             "shares": {"auto": 0.5, "menu_chosen": 0.2, "menu_abandoned": 0.08, "agent_one_click": 0.25, "agent_edited": 0.0,
             "agent_wrote": 0.05}}}""";

    private static final String PROMETHEUS = """
            # TYPE assist_answers_total counter
            assist_answers_total{outcome="auto"} 50.0
            assist_answers_total{outcome="menu_chosen"} 20.0
            assist_outbound_sent_total{purpose="handoff_notice"} 20.0
            assist_outbound_sent_total{purpose="answer"} 50.0
            """;

    @Test
    @SuppressWarnings("unchecked")
    void theLiveSplitIsTheDashboardsWithSelfServeAndHumanShares() {
        Map<String, Object> figures = MenuReport.figures(List.of(), DASHBOARD, PROMETHEUS, 125, 5);
        Map<String, Object> split = (Map<String, Object>) figures.get("gateway_split");
        assertThat(split.get("read")).isEqualTo(true);
        assertThat((Map<String, Long>) split.get("counts")).containsEntry("auto", 50L).containsEntry("menu_offered", 30L)
                .containsEntry("agent_wrote", 5L);
        assertThat(split.get("answered")).isEqualTo(100L);
        assertThat(split.get("self_serve_share")).isEqualTo(0.7);
        assertThat(split.get("human_share")).isEqualTo(0.3);
        assertThat(split.get("menu_chosen_of_offered")).isEqualTo(0.67);
        assertThat((Map<String, Double>) figures.get("gateway_counters_prometheus")).containsEntry("auto", 50.0)
                .containsEntry("menu_chosen", 20.0);
        Map<String, Object> asked = (Map<String, Object>) figures.get("of_the_questions_asked");
        assertThat(asked).containsEntry("questions_asked", 125L).containsEntry("handed_off_to_people", 20.0)
                .containsEntry("waiting_for_an_agent_at_the_end", 5.0).containsEntry("self_serve_share_of_asked", 0.56);
        String md = MenuReport.markdown(figures);
        assertThat(md).contains("| menu_chosen | 20 | 0.2 |").contains("**self-serve** (auto + menu_chosen) | | **0.7**")
                .contains("**human** (agents' three) | | **0.3**")
                .contains("20.0 handed to the people's queue").contains("Self-serve share of all questions asked: **0.56**");

        Map<String, Object> unread = (Map<String, Object>) MenuReport.figures(List.of(), null, null, 0, Double.NaN).get("gateway_split");
        assertThat(unread.get("read")).isEqualTo(false);
        assertThat(MenuReport.markdown(MenuReport.figures(List.of(), null, null, 0, Double.NaN))).contains("did not answer");
    }

    @Test
    @SuppressWarnings("unchecked")
    void menuSuccessIsTheMeantEntryAmongTheItemsOfMenusToLabelledQuestions() {
        List<MenuReport.Seen> seen = List.of(
                new MenuReport.Seen(1, "demo-034", 3, 1, Action.CLICK, 1_500_000, 6_000_000),
                new MenuReport.Seen(2, "demo-035", 3, 2, Action.CLICK, 2_500_000, 7_000_000),
                new MenuReport.Seen(3, "demo-016", 3, 0, Action.PERSON, 30_000_000, 40_000_000),
                new MenuReport.Seen(4, "demo-017", 3, 0, Action.IGNORE, -1, -1),
                // the unsure question: no entry named, left out of menu success
                new MenuReport.Seen(5, null, 3, 0, Action.IGNORE, 50_000_000, 60_000_000));
        Map<String, Object> customers = (Map<String, Object>) MenuReport.figures(seen, null, null, 5, 0).get("customers");
        assertThat(customers.get("menus_received")).isEqualTo(5);
        assertThat(customers.get("menus_to_questions_with_a_known_entry")).isEqualTo(4);
        assertThat(customers.get("right_entry_in_the_menu")).isEqualTo(2L);
        assertThat(customers.get("menu_success")).isEqualTo(0.5);
        assertThat((Map<String, Long>) customers.get("right_entry_at_position")).containsEntry("1", 1L).containsEntry("2", 1L)
                .containsEntry("3", 0L);
        Map<String, Object> byAction = (Map<String, Object>) customers.get("by_action");
        Map<String, Object> click = (Map<String, Object>) byAction.get("click");
        assertThat(click.get("count")).isEqualTo(2);
        assertThat(((Map<String, Object>) click.get("choice_to_answer_ms"))).containsEntry("p50", 1500.0).containsEntry("p99", 2500.0);
        Map<String, Object> ignore = (Map<String, Object>) byAction.get("ignore");
        assertThat(ignore.get("count")).isEqualTo(2);
        assertThat(ignore.get("answered_in_time")).isEqualTo(1L);
        assertThat(MenuReport.markdown(MenuReport.figures(seen, DASHBOARD, null, 120, 0)))
                .contains("2 ÷ 4 = **0.5**").contains("| tap → answer: p50 / p90 / p99 (ms) | 1500.0 / 2500.0 / 2500.0 |");
    }
}
