package com.wecomassist.load.report;

import com.wecomassist.load.stub.WecomApiStub.SendRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The report of scenario 4, mixed with people: customers keep writing while agents, at human speed,
 * take the drafts the gateway did not dare send from the approval queue through the API (claim, think,
 * approve). Queue depth and SLA breaches over time, approval latency (enqueued → approved → send_msg),
 * replies by route (sent by the machine alone vs approved by an agent), and the 猜你想问 menus: what
 * the customers saw and did, and the gateway's live split of how questions were answered ({@link MenuReport}).
 */
public final class MixedReport {

    /** One approval an agent made: the conversation, when the draft was queued, when the agent pressed approve. */
    public record Approval(String openKfId, String externalUserId, String draftId, long enqueuedAtMillis,
                           long approveAtMillis) {
    }

    /**
     * What was run and the gateway's counters at the end.
     *
     * @param asked        what the customers asked, in words
     * @param menuSettings how the customers answer menus (share writing 人工, think time, the gateway's menu wait)
     * @param menus        {@link MenuReport#figures}
     * @param menusScenario true for scenario 5 (drawn questions from customers who pick from menus)
     */
    public record Run(int customers, int agents, double thinkMinSeconds, double thinkMaxSeconds, String sla,
                      double unsureShare, long steadyFromMillis, long steadyToMillis, Map<String, Object> wecomStats,
                      Map<String, Object> gatewayCounters, Map<String, Object> gatewayTimers, String asked,
                      Map<String, Object> menuSettings, Map<String, Object> menus, boolean menusScenario) {
    }

    private MixedReport() {
    }

    public static Path write(Path dir, Run run, List<SendRecord> sends, List<Approval> approvals, Recorder recorder,
                             List<ApprovalQueueSampler.Sample> queue, List<GatewayGauges.Sample> jvm, String note) {
        Map<Approval, SendRecord> delivered = deliveries(approvals, sends);
        Set<String> approvedMsgids = new HashSet<>();
        delivered.values().forEach(s -> approvedMsgids.add(s.msgid()));
        long[] queuedToApproved = approvals.stream().filter(a -> a.enqueuedAtMillis() > 0)
                .mapToLong(a -> (a.approveAtMillis() - a.enqueuedAtMillis()) * 1000).filter(v -> v >= 0).sorted().toArray();
        long[] approvedToSent = delivered.entrySet().stream()
                .mapToLong(e -> (e.getValue().atMillis() - e.getKey().approveAtMillis()) * 1000).sorted().toArray();
        List<SendRecord> steady = sends.stream()
                .filter(s -> s.atMillis() >= run.steadyFromMillis() && s.atMillis() < run.steadyToMillis()).toList();
        double seconds = Math.max(1, run.steadyToMillis() - run.steadyFromMillis()) / 1000.0;
        long steadyApproved = steady.stream().filter(s -> approvedMsgids.contains(s.msgid())).count();
        long steadyMenus = steady.stream().filter(s -> "msgmenu".equals(s.msgtype())).count();

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("note", note);
        figures.put("customers", run.customers());
        figures.put("agents", run.agents());
        figures.put("agent_think_seconds", List.of(run.thinkMinSeconds(), run.thinkMaxSeconds()));
        figures.put("approval_sla", run.sla());
        figures.put("unsure_question_share", run.unsureShare());
        figures.put("questions", run.asked());
        figures.put("menu_customers", run.menuSettings());
        figures.put("steady_window_seconds", Window.round(seconds));
        Map<String, Object> replies = new LinkedHashMap<>();
        replies.put("per_second", Window.round(steady.size() / seconds));
        replies.put("sent_by_the_machine_per_second", Window.round((steady.size() - steadyApproved) / seconds));
        replies.put("approved_by_agents_per_second", Window.round(steadyApproved / seconds));
        replies.put("of_them_menus_per_second", Window.round(steadyMenus / seconds));
        replies.put("approvals_in_the_run", approvals.size());
        replies.put("approvals_seen_at_send_msg", delivered.size());
        figures.put("replies_steady_window", replies);
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("queued_to_approved", percentiles(queuedToApproved));
        latency.put("approved_to_send_msg", percentiles(approvedToSent));
        figures.put("approval_latency_ms", latency);
        double maxDepth = queue.stream().mapToDouble(ApprovalQueueSampler.Sample::depth).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
        double breaches = queue.stream().mapToDouble(ApprovalQueueSampler.Sample::slaBreaches).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
        figures.put("max_queue_depth", Window.round(maxDepth));
        figures.put("sla_breaches", Window.round(breaches));
        Window sure = Window.of(recorder.samples("reply confident"), run.steadyFromMillis(), run.steadyToMillis());
        Window unsure = Window.of(recorder.samples("reply unsure"), run.steadyFromMillis(), run.steadyToMillis());
        figures.put("customer_turns_confident", sure.toMap());
        figures.put("customer_turns_unsure", unsure.toMap());
        figures.put("menus", run.menus());
        figures.put("queue_over_time_columns", List.of("seconds", "depth", "held_by_agents", "oldest_wait_seconds", "sla_breaches"));
        figures.put("queue_over_time", queue.stream().map(q -> Arrays.asList(Window.round(q.seconds()), Window.round(q.depth()),
                Window.round(q.claimed()), Window.round(q.oldestWaitSeconds()), Window.round(q.slaBreaches()))).toList());
        figures.put("wecom_stub", run.wecomStats());
        figures.put("gateway_counters", run.gatewayCounters());
        figures.put("gateway_timers", run.gatewayTimers());

        StringBuilder md = new StringBuilder();
        md.append(run.menusScenario() ? "Scenario 5, customers who pick from menus (scenario 4's setting): " : "Scenario 4, mixed with people: ")
                .append(run.customers()).append(" customers keep writing (")
                .append(Math.round(100 * run.unsureShare())).append(" % of their questions are ones the knowledge base cannot answer surely); ")
                .append(run.agents()).append(" agents poll the approval queue through the API, claim a draft, think ")
                .append(run.thinkMinSeconds()).append("–").append(run.thinkMaxSeconds())
                .append(" s and approve it. Normal auto-send threshold; approval SLA ").append(run.sla())
                .append(" (past it, the customer gets the holding text first: an unsure customer's wait ends at the first message back).\n\n")
                .append("Questions: ").append(run.asked()).append(". Customers given a 猜你想问 menu: ").append(run.menuSettings())
                .append(".\n\n");
        if (note != null && !note.isBlank()) {
            md.append("**").append(note).append("**\n\n");
        }
        md.append("| figure | value |\n|---|---|\n");
        md.append(String.format(Locale.ROOT, "| replies/s (steady window of %.0f s): all / by the machine alone (answers, menus and SLA holding texts: send_msg cannot tell answers from holding texts; the gateway counters below can) / approved by agents / of all, menus | %s / %s / %s / %s |\n",
                seconds, replies.get("per_second"), replies.get("sent_by_the_machine_per_second"), replies.get("approved_by_agents_per_second"),
                replies.get("of_them_menus_per_second")));
        md.append("| approvals in the run (seen at send_msg) | ").append(approvals.size()).append(" (").append(delivered.size()).append(") |\n");
        md.append("| queued → approved: p50 / p90 / p99 (ms) | ").append(triple(queuedToApproved)).append(" |\n");
        md.append("| approved → send_msg: p50 / p90 / p99 (ms) | ").append(triple(approvedToSent)).append(" |\n");
        md.append(String.format(Locale.ROOT, "| customers' wait for the first message back (an answer, a menu or a holding text), the asked questions / the unsure one: p50 / p99 (ms) | %s / %s — %s / %s |\n",
                cell(Window.round(sure.p50Ms())), cell(Window.round(sure.p99Ms())), cell(Window.round(unsure.p50Ms())),
                cell(Window.round(unsure.p99Ms()))));
        md.append(String.format(Locale.ROOT, "| customer turns without a reply within 150 s, sure / unsure | %d / %d |\n",
                sure.errors(), unsure.errors()));
        md.append("| queue depth, max | ").append(cell(Window.round(maxDepth))).append(" |\n");
        md.append("| SLA breaches (gateway counter, end of run) | ").append(cell(Window.round(breaches))).append(" |\n");
        md.append("| gateway counters | ").append(run.gatewayCounters()).append(" |\n");
        md.append("| WeCom stub | ").append(run.wecomStats()).append(" |\n\n");
        if (run.menus() != null && !run.menus().isEmpty()) {
            md.append(MenuReport.markdown(run.menus()));
        }
        md.append(GatewayTimers.markdown(run.gatewayTimers()));

        Map<String, SvgChart> charts = new LinkedHashMap<>();
        List<double[]> depth = new ArrayList<>();
        List<double[]> claimed = new ArrayList<>();
        List<double[]> oldest = new ArrayList<>();
        List<double[]> breached = new ArrayList<>();
        for (ApprovalQueueSampler.Sample s : queue) {
            depth.add(new double[] {s.seconds(), s.depth()});
            claimed.add(new double[] {s.seconds(), s.claimed()});
            oldest.add(new double[] {s.seconds(), s.oldestWaitSeconds()});
            breached.add(new double[] {s.seconds(), s.slaBreaches()});
        }
        charts.put("queue", new SvgChart("Approval queue: drafts waiting and held by agents", "seconds since the scenario started", "drafts")
                .series("waiting (depth)", depth).series("held by an agent", claimed));
        charts.put("sla", new SvgChart("SLA breaches so far and the oldest draft's wait", "seconds since the scenario started", "breaches / s waited")
                .series("SLA breaches (cumulative)", breached).series("oldest draft waiting (s)", oldest));
        long t0 = sends.stream().mapToLong(SendRecord::atMillis).min().orElse(run.steadyFromMillis());
        long t1 = sends.stream().mapToLong(SendRecord::atMillis).max().orElse(t0);
        int buckets = (int) Math.max(1, (t1 - t0) / 1000 + 1);
        double[] machine = new double[buckets];
        double[] people = new double[buckets];
        for (SendRecord s : sends) {
            int b = (int) Math.min(buckets - 1, (s.atMillis() - t0) / 1000);
            if (approvedMsgids.contains(s.msgid())) {
                people[b]++;
            } else {
                machine[b]++;
            }
        }
        List<double[]> machineSeries = new ArrayList<>();
        List<double[]> peopleSeries = new ArrayList<>();
        for (int i = 0; i < buckets; i++) {
            machineSeries.add(new double[] {i, machine[i]});
            peopleSeries.add(new double[] {i, people[i]});
        }
        charts.put("replies", new SvgChart("Replies sent per second, by route", "seconds since the first reply", "replies/s")
                .series("by the machine alone (answers, holding texts)", machineSeries).series("approved by an agent", peopleSeries));
        List<double[]> heap = new ArrayList<>();
        for (GatewayGauges.Sample g : jvm) {
            heap.add(new double[] {g.seconds(), g.heapMiB()});
        }
        charts.put("gateway-heap", new SvgChart("Gateway heap used", "seconds since the scenario started", "MiB").series("heap used", heap));
        return new ReportWriter(dir).write(run.menusScenario() ? "customers who pick from menus" : "mixed with people", MachineInfo.current(), figures, md.toString(), charts);
    }

    /**
     * Each approval's reply at kf/send_msg: the first send to that customer at or after the agent pressed
     * approve (the approve call sends before it answers, so the click is the start, not the answer).
     */
    static Map<Approval, SendRecord> deliveries(List<Approval> approvals, List<SendRecord> sends) {
        Map<String, List<SendRecord>> byCustomer = new HashMap<>();
        for (SendRecord s : sends) {
            byCustomer.computeIfAbsent(s.openKfId() + "/" + s.toUser(), k -> new ArrayList<>()).add(s);
        }
        byCustomer.values().forEach(l -> l.sort(Comparator.comparingLong(SendRecord::atMillis)));
        Map<Approval, SendRecord> out = new LinkedHashMap<>();
        Set<String> used = new HashSet<>();
        for (Approval a : approvals.stream().sorted(Comparator.comparingLong(Approval::approveAtMillis)).toList()) {
            for (SendRecord s : byCustomer.getOrDefault(a.openKfId() + "/" + a.externalUserId(), List.of())) {
                if (s.atMillis() >= a.approveAtMillis() && used.add(s.msgid())) {
                    out.put(a, s);
                    break;
                }
            }
        }
        return out;
    }

    private static Map<String, Object> percentiles(long[] sortedMicros) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", sortedMicros.length);
        m.put("p50", Window.round(Window.percentile(sortedMicros, 50)));
        m.put("p90", Window.round(Window.percentile(sortedMicros, 90)));
        m.put("p99", Window.round(Window.percentile(sortedMicros, 99)));
        return m;
    }

    private static String triple(long[] sortedMicros) {
        return cell(Window.round(Window.percentile(sortedMicros, 50))) + " / " + cell(Window.round(Window.percentile(sortedMicros, 90)))
                + " / " + cell(Window.round(Window.percentile(sortedMicros, 99)));
    }

    private static String cell(Object v) {
        return v == null ? "–" : v.toString();
    }
}
