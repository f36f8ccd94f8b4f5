package com.wecomassist.load.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.wecomassist.load.MenuCustomers;
import com.wecomassist.load.stub.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The 猜你想问 part of a run's report, from two sides. The customers' side: the menus they received,
 * how often the entry they meant was among the items (menu success) and where, what they did (tapped
 * it, wrote 人工, let it lapse) and how long it took from their tap to the answer. The gateway's side:
 * the live split of how questions were answered at the end of the run, the {@code split} of
 * {@code GET /api/dashboard} (the {@code assist.answers{outcome}} counters), checked against the same
 * counters on {@code /actuator/prometheus}; and, since the split counts answers only, the questions
 * the run asked that got none from anybody: handed to the people's queue (a complaint, a lost card,
 * a customer asking for a person: the simulated agents approve drafts and take over no conversation)
 * or still waiting for an agent at the end.
 */
public final class MenuReport {

    /** The outcomes of {@code assist.answers}, in the dashboard's order; the first five answer a question. */
    static final List<String> OUTCOMES = List.of("auto", "menu_chosen", "agent_one_click", "agent_edited", "agent_wrote",
            "menu_offered", "menu_abandoned");
    private static final List<String> BY_PEOPLE = List.of("agent_one_click", "agent_edited", "agent_wrote");

    /**
     * One menu a customer received.
     *
     * @param atMillis          when it arrived (epoch ms)
     * @param expectedEntryId   the entry the customer meant, or null when the question list does not say
     * @param items             how many items it had
     * @param rightRank         the position of the meant entry among the items (1…), 0 when absent
     * @param action            what the customer did
     * @param afterChoiceMicros from the tap (or 人工, or the end of reading for an unanswered menu) to the next
     *                          message that answers (not the 人工 notice), -1 when none came in time
     * @param questionToAnswerMicros from the question to that message, -1 when none came in time
     */
    public record Seen(long atMillis, String expectedEntryId, int items, int rightRank, MenuCustomers.Action action,
                       long afterChoiceMicros, long questionToAnswerMicros) {
    }

    private MenuReport() {
    }

    /**
     * The figures for summary.json.
     *
     * @param dashboardJson the gateway's {@code GET /api/dashboard} at the end, or null when it did not answer
     * @param prometheus    its {@code /actuator/prometheus} page, or null
     * @param questionsAsked the questions the customers asked in the run (menu taps and 人工 not counted)
     * @param waitingAtEnd  drafts waiting for an agent at the end of the run (NaN when unknown)
     */
    public static Map<String, Object> figures(List<Seen> seen, String dashboardJson, String prometheus,
                                              long questionsAsked, double waitingAtEnd) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("customers", customers(seen));
        Map<String, Object> split = split(dashboardJson);
        m.put("gateway_split", split);
        Map<String, Double> counters = GatewayTimers.counterByLabel(prometheus, "assist_answers_total", Map.of(), "outcome");
        m.put("gateway_counters_prometheus", counters);
        Map<String, Object> asked = new LinkedHashMap<>();
        double handedOff = prometheus == null ? Double.NaN
                : GatewayTimers.counter(prometheus, "assist_outbound_sent_total", Map.of("purpose", "handoff_notice"));
        asked.put("questions_asked", questionsAsked);
        asked.put("handed_off_to_people", Window.round(handedOff));
        asked.put("waiting_for_an_agent_at_the_end", Window.round(waitingAtEnd));
        if (Boolean.TRUE.equals(split.get("read")) && questionsAsked > 0) {
            @SuppressWarnings("unchecked")
            Map<String, Long> counts = (Map<String, Long>) split.get("counts");
            asked.put("self_serve_share_of_asked", Window.round((double) (counts.get("auto") + counts.get("menu_chosen")) / questionsAsked));
        }
        m.put("of_the_questions_asked", asked);
        return m;
    }

    static Map<String, Object> customers(List<Seen> seen) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Seen> labelled = seen.stream().filter(s -> s.expectedEntryId() != null).toList();
        long right = labelled.stream().filter(s -> s.rightRank() > 0).count();
        m.put("menus_received", seen.size());
        m.put("menus_to_questions_with_a_known_entry", labelled.size());
        m.put("right_entry_in_the_menu", right);
        m.put("menu_success", labelled.isEmpty() ? null : Window.round((double) right / labelled.size()));
        Map<String, Long> ranks = new LinkedHashMap<>();
        for (int rank = 1; rank <= seen.stream().mapToInt(Seen::items).max().orElse(0); rank++) {
            int r = rank;
            ranks.put(String.valueOf(rank), labelled.stream().filter(s -> s.rightRank() == r).count());
        }
        m.put("right_entry_at_position", ranks);
        Map<String, Object> actions = new LinkedHashMap<>();
        for (MenuCustomers.Action action : MenuCustomers.Action.values()) {
            List<Seen> did = seen.stream().filter(s -> s.action() == action).toList();
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("count", did.size());
            a.put("answered_in_time", did.stream().filter(s -> s.afterChoiceMicros() >= 0).count());
            a.put("choice_to_answer_ms", percentiles(did.stream().mapToLong(Seen::afterChoiceMicros)));
            a.put("question_to_answer_ms", percentiles(did.stream().mapToLong(Seen::questionToAnswerMicros)));
            actions.put(action.name().toLowerCase(Locale.ROOT), a);
        }
        m.put("by_action", actions);
        return m;
    }

    /**
     * The dashboard's {@code split}, with the shares the issue names: self-serve (auto and menu chosen)
     * and human (the agents' three) of the answered questions, and the menus' take-up (chosen ÷ offered).
     */
    static Map<String, Object> split(String dashboardJson) {
        Map<String, Object> m = new LinkedHashMap<>();
        JsonNode split = dashboardJson == null ? null : Json.tree(dashboardJson).get("split");
        if (split == null || !split.isObject()) {
            m.put("read", false);
            return m;
        }
        m.put("read", true);
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String outcome : OUTCOMES) {
            counts.put(outcome, split.path("counts").path(outcome).asLong(0));
        }
        long answered = split.path("answered").asLong(0);
        Map<String, Double> shares = new LinkedHashMap<>();
        split.path("shares").properties().forEach(e -> shares.put(e.getKey(), Window.round(e.getValue().asDouble())));
        m.put("counts", counts);
        m.put("answered", answered);
        m.put("shares", shares);
        long people = BY_PEOPLE.stream().mapToLong(counts::get).sum();
        m.put("self_serve_share", answered == 0 ? null : Window.round((double) (counts.get("auto") + counts.get("menu_chosen")) / answered));
        m.put("human_share", answered == 0 ? null : Window.round((double) people / answered));
        long offered = counts.get("menu_offered");
        m.put("menu_chosen_of_offered", offered == 0 ? null : Window.round((double) counts.get("menu_chosen") / offered));
        return m;
    }

    /** The section for summary.md. */
    @SuppressWarnings("unchecked")
    public static String markdown(Map<String, Object> figures) {
        StringBuilder md = new StringBuilder("## 猜你想问 menus and the live split\n\n");
        Map<String, Object> split = (Map<String, Object>) figures.get("gateway_split");
        if (!Boolean.TRUE.equals(split.get("read"))) {
            md.append("The gateway's dashboard did not answer at the end of the run: no live split. Its counters on /actuator/prometheus: ")
                    .append(figures.get("gateway_counters_prometheus")).append("\n\n");
        } else {
            Map<String, Long> counts = (Map<String, Long>) split.get("counts");
            Map<String, Double> shares = (Map<String, Double>) split.get("shares");
            md.append("The gateway's live split at the end of the run (`split` of `GET /api/dashboard`, the `assist.answers` counters; ")
                    .append("shares are of the ").append(split.get("answered")).append(" answered questions):\n\n");
            md.append("| outcome | count | share |\n|---|---|---|\n");
            for (String outcome : OUTCOMES) {
                md.append("| ").append(outcome).append(" | ").append(counts.get(outcome)).append(" | ")
                        .append(outcome.equals("menu_offered") ? "–" : cell(shares.get(outcome))).append(" |\n");
            }
            md.append("| **self-serve** (auto + menu_chosen) | | **").append(cell(split.get("self_serve_share"))).append("** |\n");
            md.append("| **human** (agents' three) | | **").append(cell(split.get("human_share"))).append("** |\n");
            md.append("| menus chosen ÷ offered | | ").append(cell(split.get("menu_chosen_of_offered"))).append(" |\n\n");
            md.append("Prometheus `assist_answers_total` by outcome, the same counters: ")
                    .append(figures.get("gateway_counters_prometheus")).append("\n\n");
        }
        Map<String, Object> asked = (Map<String, Object>) figures.get("of_the_questions_asked");
        md.append("Of the ").append(asked.get("questions_asked")).append(" questions asked, answered by nobody in the run: ")
                .append(cell(asked.get("handed_off_to_people"))).append(" handed to the people's queue (handoff notices; ")
                .append("the simulated agents approve drafts and take over no conversation), ")
                .append(cell(asked.get("waiting_for_an_agent_at_the_end"))).append(" drafts still waiting for an agent at the end. ")
                .append("Self-serve share of all questions asked: **").append(cell(asked.get("self_serve_share_of_asked"))).append("**.\n\n");
        Map<String, Object> customers = (Map<String, Object>) figures.get("customers");
        md.append("What the customers saw:\n\n| figure | value |\n|---|---|\n");
        md.append("| menus received | ").append(customers.get("menus_received")).append(" |\n");
        md.append("| **menu success**: the entry the customer meant among the items ÷ menus (to questions whose entry is known) | ")
                .append(customers.get("right_entry_in_the_menu")).append(" ÷ ").append(customers.get("menus_to_questions_with_a_known_entry"))
                .append(" = **").append(cell(customers.get("menu_success"))).append("** |\n");
        md.append("| position of the meant entry (1st, 2nd, …) | ").append(customers.get("right_entry_at_position")).append(" |\n");
        Map<String, Object> actions = (Map<String, Object>) customers.get("by_action");
        String[] labels = {"tapped the meant entry", "wrote 人工", "left the menu unanswered"};
        String[] after = {"tap → answer", "人工 → answer (after the notice)", "end of reading → answer (after the lapse)"};
        int i = 0;
        for (Map.Entry<String, Object> e : actions.entrySet()) {
            Map<String, Object> a = (Map<String, Object>) e.getValue();
            Map<String, Object> choice = (Map<String, Object>) a.get("choice_to_answer_ms");
            Map<String, Object> whole = (Map<String, Object>) a.get("question_to_answer_ms");
            md.append("| ").append(labels[i]).append(": count (answered within the patience) | ").append(a.get("count"))
                    .append(" (").append(a.get("answered_in_time")).append(") |\n");
            md.append("| ").append(after[i]).append(": p50 / p90 / p99 (ms) | ").append(cell(choice.get("p50"))).append(" / ")
                    .append(cell(choice.get("p90"))).append(" / ").append(cell(choice.get("p99"))).append(" |\n");
            md.append("| question → answer, customers who ").append(labels[i]).append(": p50 / p99 (ms) | ").append(cell(whole.get("p50"))).append(" / ").append(cell(whole.get("p99"))).append(" |\n");
            i++;
        }
        return md.append('\n').toString();
    }

    private static Map<String, Object> percentiles(java.util.stream.LongStream micros) {
        long[] sorted = micros.filter(v -> v >= 0).sorted().toArray();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", sorted.length);
        m.put("p50", Window.round(Window.percentile(sorted, 50)));
        m.put("p90", Window.round(Window.percentile(sorted, 90)));
        m.put("p99", Window.round(Window.percentile(sorted, 99)));
        m.put("max", sorted.length == 0 ? null : Window.round(sorted[sorted.length - 1] / 1000.0));
        return m;
    }

    private static String cell(Object v) {
        return v == null ? "–" : v.toString();
    }
}
