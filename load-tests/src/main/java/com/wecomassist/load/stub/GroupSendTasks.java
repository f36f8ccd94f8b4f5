package com.wecomassist.load.stub;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * 企业群发 as the load tests' WeCom takes it ({@code externalcontact/add_msg_template}, single chat) and
 * what it proves afterwards: every task's msgid and sender, the tasks per sender, the calls per second,
 * and each customer's tasks per natural month in China time, so that a run can show WeCom's limit of
 * 4 enterprise messages per customer a month was never exceeded (WeCom would leave such a customer
 * out; here they are counted and named). Tasks are never sent: {@code get_groupmsg_send_result}
 * answers every customer of a known task "not sent yet" (status 0), as WeCom does until the
 * employee confirms.
 */
public final class GroupSendTasks {

    /** WeCom's limit: enterprise messages one customer may receive in a natural month. */
    public static final int MONTHLY_LIMIT_PER_CUSTOMER = 4;
    /** Customers named at most in the stats as over the limit (the count is always whole). */
    static final int NAMED_AT_MOST = 50;
    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private record Task(String sender, List<String> customers) {
    }

    private final Map<String, Task> tasks = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> perSender = new ConcurrentHashMap<>();
    /** Tasks per customer and month: "externalUserId|2026-12". */
    private final Map<String, AtomicInteger> perCustomerMonth = new ConcurrentHashMap<>();
    /** Calls per epoch second. */
    private final Map<Long, AtomicLong> perSecond = new ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    /** add_msg_template at {@code nowMillis}: a task for the sender and its customers, or WeCom's error for a bad call. */
    public Map<String, Object> add(JsonNode body, long nowMillis) {
        String sender = body.path("sender").asText("");
        List<String> customers = new ArrayList<>();
        body.path("external_userid").forEach(c -> customers.add(c.asText()));
        String chatType = body.path("chat_type").asText("single");
        if (!"single".equals(chatType) || customers.isEmpty() || sender.isEmpty()
                || body.path("text").path("content").asText("").isEmpty()) {
            refused.incrementAndGet();
            return WecomApiStub.error(WecomApiStub.INVALID_PARAMETER,
                    "single chat needs sender, external_userid and text.content");
        }
        String msgid = "msgLoadGroup" + seq.incrementAndGet();
        tasks.put(msgid, new Task(sender, List.copyOf(customers)));
        perSender.computeIfAbsent(sender, k -> new AtomicLong()).incrementAndGet();
        YearMonth month = YearMonth.from(Instant.ofEpochMilli(nowMillis).atZone(CHINA));
        for (String c : customers) {
            perCustomerMonth.computeIfAbsent(c + "|" + month, k -> new AtomicInteger()).incrementAndGet();
        }
        perSecond.computeIfAbsent(nowMillis / 1000, k -> new AtomicLong()).incrementAndGet();
        return WecomApiStub.ok(Map.of("msgid", msgid, "fail_list", List.of()));
    }

    /** get_groupmsg_send_result: the task's customers of that sender, all not sent yet; an invalid-parameter error for an unknown task. */
    public Map<String, Object> sendResult(JsonNode body) {
        Task task = tasks.get(body.path("msgid").asText(""));
        if (task == null) {
            return WecomApiStub.error(WecomApiStub.INVALID_PARAMETER, "invalid msgid");
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        if (task.sender().equals(body.path("userid").asText(task.sender()))) {
            for (String c : task.customers()) {
                rows.add(Map.of("external_userid", c, "userid", task.sender(), "status", 0, "send_time", 0));
            }
        }
        return WecomApiStub.ok(Map.of("send_list", rows, "next_cursor", ""));
    }

    public long tasks() {
        return tasks.size();
    }

    /** Tasks per customer and month (China time) above WeCom's limit: customer, month and count, the first ones. */
    public List<Map<String, Object>> overMonthlyLimit() {
        List<Map<String, Object>> over = new ArrayList<>();
        perCustomerMonth.forEach((key, n) -> {
            if (n.get() > MONTHLY_LIMIT_PER_CUSTOMER) {
                int bar = key.lastIndexOf('|');
                over.add(Map.of("customer", key.substring(0, bar), "month", key.substring(bar + 1), "tasks", n.get()));
            }
        });
        return over;
    }

    /** The figures a report reads ({@code GET /_load/group-sends}). */
    public Map<String, Object> stats() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tasks", tasks.size());
        m.put("refused", refused.get());
        m.put("senders", perSender.size());
        long maxPerSender = perSender.values().stream().mapToLong(AtomicLong::get).max().orElse(0);
        m.put("max_tasks_per_sender", maxPerSender);
        int maxPerCustomer = perCustomerMonth.values().stream().mapToInt(AtomicInteger::get).max().orElse(0);
        m.put("customers", perCustomerMonth.size());
        m.put("max_tasks_per_customer_month", maxPerCustomer);
        m.put("customers_with_more_than_one", perCustomerMonth.values().stream().filter(n -> n.get() > 1).count());
        List<Map<String, Object>> over = overMonthlyLimit();
        m.put("over_monthly_limit", over.size());
        m.put("over_monthly_limit_named", over.subList(0, Math.min(NAMED_AT_MOST, over.size())));
        Map<Long, Long> seconds = new TreeMap<>();
        perSecond.forEach((s, n) -> seconds.put(s, n.get()));
        m.put("per_second", seconds);
        return m;
    }
}
