package com.wecomassist.simulator.contacts;

import com.wecomassist.simulator.WecomSimulator.Answer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * WeCom's 企业群发 to customers (single chats): the gateway creates a task with {@code add_msg_template},
 * and nothing reaches a customer until the sending employee confirms it in their WeCom client (群发助手).
 * A person does that on the 客户联系 page, a test or the load tool through the page's API, or an
 * automated run lets a seeded share of an employee's tasks confirm themselves after a delay in
 * simulated time.
 *
 * <p>WeCom's rules as kept here: a customer receives at most {@link #MONTHLY_LIMIT} enterprise messages
 * per natural month (China time) of the simulated clock, counted when the employee confirms — the
 * customers over it are skipped (status 3); a customer who is not (or no longer) the sender's friend
 * is in {@code fail_list} at creation or gets status 2 at confirmation; at most {@link #REMINDERS_PER_DAY}
 * reminders per task in any 24 hours; a cancelled task sends nothing more.
 *
 * <p>State is bounded: at most {@code maxTasks} tasks (the oldest is forgotten first, and reading it
 * afterwards answers "invalid msgid"), reminders only as long as they count, and monthly counts
 * only for the current month. It shares the 客户联系 side's clock and takes the customers' friendships
 * from {@link ContactsSimulator}; its own lock is always taken before that one, never after.
 */
public class GroupSendSimulator {

    static final int MONTHLY_LIMIT = 4;
    static final int REMINDERS_PER_DAY = 3;
    static final Duration REMINDER_WINDOW = Duration.ofHours(24);
    static final int MAX_CUSTOMERS_PER_TASK = 10_000;
    static final int MAX_TEXT_BYTES = 4000;
    static final int MAX_ATTACHMENTS = 9;
    static final int MAX_PAGE = 1000;
    static final int DEFAULT_PAGE = 500;
    /** Tasks the page lists per employee, newest first. */
    static final int LISTED_TASKS = 100;
    /** Customers whose month is counted; past the bound the past months' counts go first, then the oldest. */
    private static final int MAX_COUNTED_CUSTOMERS = 100_000;
    /** WeCom's natural month is China's. */
    static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

    /** Per customer: 0 not sent, 1 sent, 2 not the sender's friend, 3 over the customer's monthly limit. */
    static final int NOT_SENT = 0;
    static final int SENT = 1;
    static final int NOT_FRIEND = 2;
    static final int OVER_LIMIT = 3;

    /** How an employee treats new tasks in an automated run: confirm a seeded share of them after a delay. */
    public record ConfirmBehaviour(double share, Duration delay, long seed) {
        public ConfirmBehaviour {
            if (!(share >= 0 && share <= 1)) {
                throw new ContactsSimulator.Refused("share must be between 0 and 1", false);
            }
            if (delay == null || delay.isNegative() || delay.compareTo(Duration.ofDays(365)) > 0) {
                throw new ContactsSimulator.Refused("delay must be between 0 and one year", false);
            }
        }

        /** Whether this task is one the employee confirms: the same seed and msgid always decide alike. */
        boolean confirms(String msgid) {
            return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + msgid.hashCode()).nextDouble() < share;
        }
    }

    /** What a confirmation did: customers sent to, skipped over their monthly limit, no longer friends. */
    public record Confirmed(String msgid, int sent, int overLimit, int notFriend) {
    }

    static final class Task {
        final String msgid;
        final String sender;
        final String text;
        final int attachments;
        final Instant created;
        /** The customers it goes to, in the order given, each with its status. */
        final Map<String, Integer> customers = new LinkedHashMap<>();
        final Map<String, Instant> sentAt = new LinkedHashMap<>();
        /** The reminders within the last 24 hours (older ones no longer count and are dropped). */
        final Deque<Instant> recentReminders = new ArrayDeque<>();
        int reminders;
        Instant sendTime;
        Instant cancelled;
        boolean ignored;
        Instant autoConfirmAt;

        Task(String msgid, String sender, String text, int attachments, Instant created) {
            this.msgid = msgid;
            this.sender = sender;
            this.text = text;
            this.attachments = attachments;
            this.created = created;
        }

        boolean pending() {
            return sendTime == null && cancelled == null;
        }
    }

    /** A customer's enterprise messages of one natural month. */
    private record MonthCount(YearMonth month, int received) {
    }

    private record Due(Instant at, String msgid) {
    }

    private final ContactsSimulator contacts;
    private final SimulatedTime time;
    private final int maxTasks;
    private final Map<String, Task> tasks = new LinkedHashMap<>();
    private final Map<String, MonthCount> monthly = new LinkedHashMap<>();
    private final Map<String, ConfirmBehaviour> behaviours = new LinkedHashMap<>();
    private final PriorityQueue<Due> dueConfirmations = new PriorityQueue<>(
            (a, b) -> a.at().compareTo(b.at()) != 0 ? a.at().compareTo(b.at()) : a.msgid().compareTo(b.msgid()));
    private final Random random = new Random(20261207L);

    public GroupSendSimulator(ContactsSimulator contacts, int maxTasks) {
        if (maxTasks < 1) {
            throw new IllegalArgumentException("maxTasks must be at least 1");
        }
        this.contacts = contacts;
        this.time = contacts.time();
        this.maxTasks = maxTasks;
    }

    // ---- the API ----------------------------------------------------------------------------

    /**
     * externalcontact/add_msg_template, single chat: a task for {@code sender} to send {@code text} (and
     * up to 9 attachments) to the customers named. Those who are not the sender's friends come back in
     * {@code fail_list} and are not part of the task; when none is left there is no task (84061).
     */
    public synchronized Answer addMsgTemplate(String chatType, String sender, List<String> externalUserIds,
                                              String text, int attachments) {
        settle();
        if (chatType != null && !chatType.isEmpty() && !"single".equals(chatType)) {
            return Answer.error(ContactErrors.INVALID_PARAMETER, "only chat_type single is simulated");
        }
        if (sender == null || !contacts.worksHere(sender)) {
            return Answer.error(ContactErrors.INVALID_USERID, "invalid sender");
        }
        if (externalUserIds == null || externalUserIds.isEmpty()) {
            return Answer.error(ContactErrors.MISSING_EXTERNAL_USERID, "missing external_userid");
        }
        if (externalUserIds.size() > MAX_CUSTOMERS_PER_TASK) {
            return Answer.error(ContactErrors.INVALID_PARAMETER, "at most 10000 external_userid per task");
        }
        boolean hasText = text != null && !text.isEmpty();
        if (!hasText && attachments == 0) {
            return Answer.error(ContactErrors.INVALID_PARAMETER, "text and attachments are both empty");
        }
        if (hasText && text.getBytes(StandardCharsets.UTF_8).length > MAX_TEXT_BYTES) {
            return Answer.error(ContactErrors.INVALID_PARAMETER, "text.content exceeds 4000 bytes");
        }
        if (attachments > MAX_ATTACHMENTS) {
            return Answer.error(ContactErrors.INVALID_PARAMETER, "at most 9 attachments");
        }
        List<String> failed = new ArrayList<>();
        Task task = new Task(newMsgid(), sender, hasText ? text : "", attachments, time.instant());
        for (String id : new LinkedHashSet<>(externalUserIds)) {
            if (contacts.reachable(sender, id)) {
                task.customers.put(id, NOT_SENT);
            } else {
                failed.add(id);
            }
        }
        if (task.customers.isEmpty()) {
            return Answer.error(ContactErrors.NOT_EXTERNAL_CONTACT, "none of the customers is the sender's friend");
        }
        remember(task);
        ConfirmBehaviour behaviour = behaviours.get(sender);
        if (behaviour != null && behaviour.confirms(task.msgid)) {
            task.autoConfirmAt = task.created.plus(behaviour.delay());
            dueConfirmations.add(new Due(task.autoConfirmAt, task.msgid));
            if (dueConfirmations.size() > 2 * maxTasks) {
                // forgotten tasks' confirmations would wait out their delay: drop them (at most one sweep per maxTasks adds)
                dueConfirmations.removeIf(d -> !tasks.containsKey(d.msgid()));
            }
            settle();
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("fail_list", failed);
        fields.put("msgid", task.msgid);
        return Answer.ok(fields);
    }

    /** externalcontact/get_groupmsg_task: per employee of the task {@code status} (0 not sent, 2 sent) and {@code send_time}. */
    public synchronized Answer groupMsgTask(String msgid, int limit, String cursor) {
        settle();
        Task task = msgid == null ? null : tasks.get(msgid);
        if (task == null) {
            return Answer.error(ContactErrors.INVALID_PARAMETER, "invalid msgid");
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("userid", task.sender);
        row.put("status", task.sendTime == null ? 0 : 2);
        if (task.sendTime != null) {
            row.put("send_time", task.sendTime.getEpochSecond());
        }
        // a single-chat task of ours has one sender; the paging is WeCom's all the same
        return page(List.of(row), limit, cursor, "task_list");
    }

    /**
     * externalcontact/get_groupmsg_send_result: per customer of the task sent by {@code userid} its
     * {@code status} (0 not sent, 1 sent, 2 not a friend, 3 over the monthly limit) and {@code send_time}.
     */
    public synchronized Answer groupMsgSendResult(String msgid, String userid, int limit, String cursor) {
        settle();
        Task task = msgid == null ? null : tasks.get(msgid);
        if (task == null) {
            return Answer.error(ContactErrors.INVALID_PARAMETER, "invalid msgid");
        }
        if (userid == null || !contacts.knowsEmployee(userid)) {
            return Answer.error(ContactErrors.INVALID_USERID, "invalid userid");
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        if (userid.equals(task.sender)) {
            task.customers.forEach((id, status) -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("external_userid", id);
                row.put("userid", task.sender);
                row.put("status", status);
                Instant sent = task.sentAt.get(id);
                if (sent != null) {
                    row.put("send_time", sent.getEpochSecond());
                }
                rows.add(row);
            });
        }
        return page(rows, limit, cursor, "send_list");
    }

    /** externalcontact/remind_groupmsg_send: notifies the employee again; at most 3 times in 24 hours. */
    public synchronized Answer remind(String msgid) {
        settle();
        Task task = msgid == null ? null : tasks.get(msgid);
        if (task == null) {
            return Answer.error(ContactErrors.INVALID_PARAMETER, "invalid msgid");
        }
        if (!task.pending()) {
            return Answer.error(ContactErrors.INVALID_PARAMETER, "the task was sent or cancelled: nothing to remind of");
        }
        Instant now = time.instant();
        dropOldReminders(task, now);
        if (task.recentReminders.size() >= REMINDERS_PER_DAY) {
            return Answer.error(ContactErrors.INVALID_PARAMETER, "at most 3 reminders per task in 24 hours");
        }
        task.recentReminders.add(now);
        task.reminders++;
        // the notification puts an ignored task back in front of the employee
        task.ignored = false;
        return Answer.ok(Map.of());
    }

    /** externalcontact/cancel_groupmsg_send: what was not yet sent never will be (a sent task stays as it is). */
    public synchronized Answer cancel(String msgid) {
        settle();
        Task task = msgid == null ? null : tasks.get(msgid);
        if (task == null) {
            return Answer.error(ContactErrors.INVALID_PARAMETER, "invalid msgid");
        }
        if (task.pending()) {
            task.cancelled = time.instant();
        }
        return Answer.ok(Map.of());
    }

    // ---- acting as the employee in the client -----------------------------------------------

    /**
     * The employee confirms the task in 群发助手: every customer still their friend and under the monthly
     * limit receives it now; the others are skipped with their reason.
     */
    public synchronized Confirmed confirm(String userid, String msgid) {
        settle();
        Task task = own(userid, msgid);
        if (task.cancelled != null) {
            throw new ContactsSimulator.Refused("the task was cancelled", false);
        }
        if (task.sendTime != null) {
            throw new ContactsSimulator.Refused("the task was sent already", false);
        }
        return send(task, time.instant());
    }

    /** The employee dismisses the task: it stays unsent (status 0) until a reminder brings it back. */
    public synchronized void ignore(String userid, String msgid) {
        settle();
        Task task = own(userid, msgid);
        if (!task.pending()) {
            throw new ContactsSimulator.Refused("only a task waiting to be sent can be ignored", false);
        }
        task.ignored = true;
    }

    /** How the employee treats the tasks created from now on; null: they wait for a person again. */
    public synchronized void setBehaviour(String userid, ConfirmBehaviour behaviour) {
        if (!contacts.knowsEmployee(userid)) {
            throw new ContactsSimulator.Refused("no employee " + userid, true);
        }
        if (behaviour == null) {
            behaviours.remove(userid);
        } else {
            behaviours.put(userid, behaviour);
        }
    }

    public synchronized ConfirmBehaviour behaviour(String userid) {
        if (!contacts.knowsEmployee(userid)) {
            throw new ContactsSimulator.Refused("no employee " + userid, true);
        }
        return behaviours.get(userid);
    }

    /**
     * Completes the 客户联系 side's takeovers that came due, then sends the automated confirmations whose
     * time has come, in the order they came due.
     */
    public synchronized void settle() {
        contacts.settle();
        Instant now = time.instant();
        while (!dueConfirmations.isEmpty() && !dueConfirmations.peek().at().isAfter(now)) {
            Due due = dueConfirmations.poll();
            Task task = tasks.get(due.msgid());
            if (task != null && task.pending()) {
                send(task, due.at());
            }
        }
    }

    // ---- for the page and tests ---------------------------------------------------------------

    /** The employee's tasks as 群发助手 shows them, newest first (at most 100). */
    public synchronized List<Map<String, Object>> tasksOf(String userid) {
        settle();
        if (!contacts.knowsEmployee(userid)) {
            throw new ContactsSimulator.Refused("no employee " + userid, true);
        }
        Instant now = time.instant();
        YearMonth month = monthOf(now);
        List<Task> theirs = new ArrayList<>();
        for (Task t : tasks.values()) {
            if (t.sender.equals(userid)) {
                theirs.add(t);
            }
        }
        List<Map<String, Object>> list = new ArrayList<>();
        for (int i = theirs.size() - 1; i >= 0 && list.size() < LISTED_TASKS; i--) {
            Task t = theirs.get(i);
            dropOldReminders(t, now);
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("msgid", t.msgid);
            view.put("text", t.text);
            view.put("attachments", t.attachments);
            view.put("created", t.created.toString());
            view.put("state", t.cancelled != null ? "cancelled" : t.sendTime != null ? "sent" : t.ignored ? "ignored" : "pending");
            List<Map<String, Object>> customers = new ArrayList<>();
            int overLimit = 0;
            for (Map.Entry<String, Integer> c : t.customers.entrySet()) {
                boolean over = received(c.getKey(), month) >= MONTHLY_LIMIT;
                if (t.pending() && over) {
                    overLimit++;
                }
                customers.add(Map.of("externalUserId", c.getKey(), "name", contacts.customerName(c.getKey()),
                        "status", c.getValue(), "overLimit", over));
            }
            view.put("customers", customers);
            // for a waiting task: how many would be skipped if it were confirmed now
            view.put("overLimit", overLimit);
            view.put("reminders", t.reminders);
            view.put("remindersLast24h", t.recentReminders.size());
            if (t.sendTime != null) {
                view.put("sendTime", t.sendTime.toString());
            }
            if (t.autoConfirmAt != null && t.pending()) {
                view.put("autoConfirmAt", t.autoConfirmAt.toString());
            }
            list.add(view);
        }
        return list;
    }

    /** The enterprise messages the customer received in the natural month (China) of the simulated now. */
    public synchronized int receivedThisMonth(String externalUserId) {
        settle();
        return received(externalUserId, monthOf(time.instant()));
    }

    synchronized int tasksKept() {
        return tasks.size();
    }

    synchronized int confirmationsWaiting() {
        return dueConfirmations.size();
    }

    // ---- internals ----------------------------------------------------------------------------

    private Confirmed send(Task task, Instant at) {
        YearMonth month = monthOf(at);
        int sent = 0;
        int over = 0;
        int gone = 0;
        String shown = task.text + (task.attachments > 0
                ? (task.text.isEmpty() ? "" : " ") + "[附件×" + task.attachments + "]" : "");
        for (Map.Entry<String, Integer> c : task.customers.entrySet()) {
            String id = c.getKey();
            if (received(id, month) >= MONTHLY_LIMIT) {
                c.setValue(OVER_LIMIT);
                over++;
            } else if (contacts.deliverGroupMessage(task.sender, id, shown, at)) {
                c.setValue(SENT);
                task.sentAt.put(id, at);
                count(id, month);
                sent++;
            } else {
                c.setValue(NOT_FRIEND);
                gone++;
            }
        }
        task.sendTime = at;
        task.ignored = false;
        return new Confirmed(task.msgid, sent, over, gone);
    }

    private Task own(String userid, String msgid) {
        Task task = msgid == null ? null : tasks.get(msgid);
        if (task == null || !task.sender.equals(userid)) {
            throw new ContactsSimulator.Refused("no task " + msgid + " for " + userid, true);
        }
        return task;
    }

    private void remember(Task task) {
        tasks.put(task.msgid, task);
        if (tasks.size() > maxTasks) {
            // the oldest goes, sent or not: its due confirmation, if any, finds nothing when it comes due
            Iterator<String> oldest = tasks.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    private void dropOldReminders(Task task, Instant now) {
        Instant windowStart = now.minus(REMINDER_WINDOW);
        while (!task.recentReminders.isEmpty() && !task.recentReminders.peekFirst().isAfter(windowStart)) {
            task.recentReminders.removeFirst();
        }
    }

    private int received(String externalUserId, YearMonth month) {
        MonthCount c = monthly.get(externalUserId);
        return c == null || !c.month().equals(month) ? 0 : c.received();
    }

    private void count(String externalUserId, YearMonth month) {
        monthly.put(externalUserId, new MonthCount(month, received(externalUserId, month) + 1));
        if (monthly.size() > MAX_COUNTED_CUSTOMERS) {
            // counts of past months no longer limit anyone (simulated time never runs back)
            monthly.values().removeIf(c -> !c.month().equals(month));
            Iterator<String> oldest = monthly.keySet().iterator();
            while (monthly.size() > MAX_COUNTED_CUSTOMERS) {
                oldest.next();
                oldest.remove();
            }
        }
    }

    private String newMsgid() {
        String id;
        do {
            id = DemoEnterprise.id("msg", 27, random);
        } while (tasks.containsKey(id));
        return id;
    }

    static YearMonth monthOf(Instant at) {
        return YearMonth.from(at.atOffset(CHINA));
    }

    private static Answer page(List<Map<String, Object>> rows, int limit, String cursor, String field) {
        int size = limit <= 0 ? DEFAULT_PAGE : Math.min(limit, MAX_PAGE);
        int from = ContactsSimulator.offsetOf(cursor);
        if (from < 0) {
            return Answer.error(ContactErrors.INVALID_PARAMETER, "invalid cursor");
        }
        int to = Math.min(rows.size(), from + size);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(field, from >= rows.size() ? List.of() : List.copyOf(rows.subList(from, to)));
        fields.put("next_cursor", to >= rows.size() ? "" : ContactsSimulator.encodeCursor(Integer.toString(to)));
        return Answer.ok(fields);
    }
}
