package com.wecomassist.simulator.contacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wecomassist.simulator.WecomSimulator.Answer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** WeCom's 企业群发 rules as the simulator keeps them, on a clock the test moves. */
class GroupSendSimulatorTest {

    /** 10:00 in China on 7 December. */
    private static final Instant START = Instant.parse("2026-12-07T02:00:00Z");

    ContactsSimulator contacts;
    GroupSendSimulator groupSend;

    @BeforeEach
    void start() {
        contacts = new ContactsSimulator(new SimulatedTime(Clock.fixed(START, ZoneOffset.UTC)), 100);
        groupSend = new GroupSendSimulator(contacts, 1000);
    }

    @SuppressWarnings("unchecked")
    private static <T> T field(Answer a, String name) {
        return (T) a.fields().get(name);
    }

    private List<String> customersOf(String userid) {
        return field(contacts.list(userid), "external_userid");
    }

    private String task(String sender, List<String> customers, String text) {
        Answer created = groupSend.addMsgTemplate("single", sender, customers, text, 0);
        assertThat(created.errcode()).as(created.errmsg()).isZero();
        return field(created, "msgid");
    }

    private List<Map<String, Object>> results(String msgid, String userid) {
        Answer answer = groupSend.groupMsgSendResult(msgid, userid, 0, null);
        assertThat(answer.errcode()).as(answer.errmsg()).isZero();
        return field(answer, "send_list");
    }

    private Map<String, Object> taskRow(String msgid) {
        List<Map<String, Object>> rows = field(groupSend.groupMsgTask(msgid, 0, null), "task_list");
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    private int statusOf(String msgid, String sender, String customer) {
        return results(msgid, sender).stream().filter(r -> r.get("external_userid").equals(customer))
                .map(r -> (Integer) r.get("status")).findFirst().orElseThrow();
    }

    private void advanceTo(Instant at) {
        contacts.advance(Duration.between(contacts.time().instant(), at));
    }

    @Test
    void nothingReachesACustomerUntilTheEmployeeConfirms() {
        List<String> mine = customersOf("zhangwei");
        String someoneElses = customersOf("liuyang").get(0);
        Answer created = groupSend.addMsgTemplate("single", "zhangwei",
                List.of(mine.get(0), mine.get(1), someoneElses, "wmNoSuchCustomer"), "您好，理财产品到期提醒", 1);
        assertThat(created.errcode()).isZero();
        assertThat((List<String>) field(created, "fail_list")).containsExactly(someoneElses, "wmNoSuchCustomer");
        String msgid = field(created, "msgid");
        assertThat(msgid).startsWith("msg");

        assertThat(taskRow(msgid)).containsEntry("userid", "zhangwei").containsEntry("status", 0)
                .doesNotContainKey("send_time");
        assertThat(results(msgid, "zhangwei")).extracting(r -> r.get("external_userid"))
                .containsExactly(mine.get(0), mine.get(1));
        assertThat(results(msgid, "zhangwei")).allSatisfy(r -> assertThat(r).containsEntry("status", 0)
                .doesNotContainKey("send_time"));
        assertThat(received("zhangwei", mine.get(0))).isEmpty();

        contacts.advance(Duration.ofMinutes(30));
        GroupSendSimulator.Confirmed confirmed = groupSend.confirm("zhangwei", msgid);
        assertThat(confirmed).isEqualTo(new GroupSendSimulator.Confirmed(msgid, 2, 0, 0));
        long sentAt = START.plus(Duration.ofMinutes(30)).getEpochSecond();
        assertThat(taskRow(msgid)).containsEntry("status", 2).containsEntry("send_time", sentAt);
        assertThat(results(msgid, "zhangwei")).allSatisfy(r -> assertThat(r).containsEntry("status", 1)
                .containsEntry("send_time", sentAt).containsEntry("userid", "zhangwei"));
        assertThat(received("zhangwei", mine.get(0))).containsExactly("您好，理财产品到期提醒 [附件×1]");
        assertThat(groupSend.receivedThisMonth(mine.get(0))).isEqualTo(1);
        // another employee of the bank reads no customers of zhangwei's task; an unknown one is refused
        assertThat(results(msgid, "liuyang")).isEmpty();
        assertThat(groupSend.groupMsgSendResult(msgid, "nobody", 0, null).errcode()).isEqualTo(40003);
        assertThatThrownBy(() -> groupSend.confirm("zhangwei", msgid)).hasMessageContaining("sent already");
    }

    @SuppressWarnings("unchecked")
    private List<String> received(String userid, String customer) {
        return contacts.customers(userid).stream().filter(c -> c.get("externalUserId").equals(customer))
                .flatMap(c -> ((List<Map<String, Object>>) c.get("received")).stream())
                .filter(r -> r.get("kind").equals("groupmsg")).map(r -> (String) r.get("text")).toList();
    }

    @Test
    void aCustomerReceivesAtMostFourPerNaturalMonthInChinaCountedWhenTheEmployeeConfirms() {
        String customer = customersOf("chenjing").get(0);
        List<String> first = IntStream.range(0, 4).mapToObj(i -> task("chenjing", List.of(customer), "第" + i + "条")).toList();
        // created beyond four is fine: the limit is applied when the employee confirms
        String fifth = task("chenjing", List.of(customer), "第5条");
        String sixth = task("chenjing", List.of(customer), "第6条");
        first.forEach(m -> assertThat(groupSend.confirm("chenjing", m).sent()).isEqualTo(1));
        assertThat(groupSend.receivedThisMonth(customer)).isEqualTo(4);
        // the page shows the waiting tasks' customers who would be skipped now
        assertThat(groupSend.tasksOf("chenjing").get(0)).containsEntry("msgid", sixth).containsEntry("overLimit", 1)
                .containsEntry("state", "pending");

        // 23:59:59 on 31 December in China (15:59:59 UTC) is still December
        advanceTo(Instant.parse("2026-12-31T15:59:59Z"));
        assertThat(groupSend.confirm("chenjing", fifth)).isEqualTo(new GroupSendSimulator.Confirmed(fifth, 0, 1, 0));
        assertThat(statusOf(fifth, "chenjing", customer)).isEqualTo(3);
        assertThat(results(fifth, "chenjing").get(0)).doesNotContainKey("send_time");
        assertThat(taskRow(fifth)).containsEntry("status", 2);
        assertThat(received("chenjing", customer)).hasSize(4);

        // one second later it is January in China (still 31 December in UTC): a new month, a new four
        contacts.advance(Duration.ofSeconds(1));
        assertThat(groupSend.receivedThisMonth(customer)).isZero();
        assertThat(groupSend.tasksOf("chenjing").get(0)).containsEntry("overLimit", 0);
        assertThat(groupSend.confirm("chenjing", sixth).sent()).isEqualTo(1);
        assertThat(statusOf(sixth, "chenjing", customer)).isEqualTo(1);
        assertThat(groupSend.receivedThisMonth(customer)).isEqualTo(1);
    }

    @Test
    void theLimitIsTheCustomersWhoeverSends() {
        // 赵磊 (直营) also follows the first of 张伟's customers
        String shared = customersOf("zhangwei").get(0);
        for (int i = 0; i < 4; i++) {
            groupSend.confirm("zhangwei", task("zhangwei", List.of(shared), "张伟" + i));
        }
        String fromZhao = task("zhaolei", List.of(shared), "赵磊的消息");
        assertThat(groupSend.confirm("zhaolei", fromZhao).overLimit()).isEqualTo(1);
    }

    @Test
    void atMostThreeRemindersInAny24HoursAndNoneOnceSentOrCancelled() {
        String msgid = task("liuyang", List.of(customersOf("liuyang").get(0)), "请确认");
        for (int i = 0; i < 3; i++) {
            assertThat(groupSend.remind(msgid).errcode()).isZero();
            contacts.advance(Duration.ofHours(1));
        }
        Answer fourth = groupSend.remind(msgid);
        assertThat(fourth.errcode()).isEqualTo(40058);
        assertThat(fourth.errmsg()).contains("3 reminders");
        // 24 hours after the first, that one no longer counts: one more is allowed, then none again
        advanceTo(START.plus(Duration.ofHours(24)).plusSeconds(1));
        assertThat(groupSend.remind(msgid).errcode()).isZero();
        assertThat(groupSend.remind(msgid).errcode()).isEqualTo(40058);
        assertThat(groupSend.tasksOf("liuyang").get(0)).containsEntry("reminders", 4).containsEntry("remindersLast24h", 3);

        // a reminder brings an ignored task back in front of the employee
        String other = task("liuyang", List.of(customersOf("liuyang").get(1)), "另一条");
        groupSend.ignore("liuyang", other);
        assertThat(groupSend.tasksOf("liuyang").get(0)).containsEntry("state", "ignored");
        assertThat(taskRow(other)).containsEntry("status", 0);
        groupSend.remind(other);
        assertThat(groupSend.tasksOf("liuyang").get(0)).containsEntry("state", "pending");

        groupSend.confirm("liuyang", msgid);
        assertThat(groupSend.remind(msgid).errcode()).isEqualTo(40058);
        groupSend.cancel(other);
        assertThat(groupSend.remind(other).errcode()).isEqualTo(40058);
        assertThat(groupSend.remind("msgUnknown").errcode()).isEqualTo(40058);
    }

    @Test
    void cancellingStopsWhatWasNotYetSent() {
        List<String> mine = customersOf("wangfang");
        String pending = task("wangfang", List.of(mine.get(0), mine.get(1)), "取消前");
        String sent = task("wangfang", List.of(mine.get(2)), "已发送");
        groupSend.confirm("wangfang", sent);

        assertThat(groupSend.cancel(pending).errcode()).isZero();
        assertThatThrownBy(() -> groupSend.confirm("wangfang", pending)).hasMessageContaining("cancelled");
        assertThat(taskRow(pending)).containsEntry("status", 0);
        assertThat(results(pending, "wangfang")).allSatisfy(r -> assertThat(r).containsEntry("status", 0));
        assertThat(received("wangfang", mine.get(0))).isEmpty();
        assertThat(groupSend.tasksOf("wangfang")).filteredOn(t -> t.get("msgid").equals(pending))
                .singleElement().satisfies(t -> assertThat(t).containsEntry("state", "cancelled"));

        // a sent task stays sent: cancelling it answers ok and changes nothing
        assertThat(groupSend.cancel(sent).errcode()).isZero();
        assertThat(taskRow(sent)).containsEntry("status", 2);
        assertThat(statusOf(sent, "wangfang", mine.get(2))).isEqualTo(1);

        // a cancelled task whose automated confirmation comes due later sends nothing either
        groupSend.setBehaviour("wangfang", new GroupSendSimulator.ConfirmBehaviour(1.0, Duration.ofHours(1), 7));
        String automated = task("wangfang", List.of(mine.get(3)), "自动确认前取消");
        groupSend.cancel(automated);
        contacts.advance(Duration.ofHours(2));
        assertThat(statusOf(automated, "wangfang", mine.get(3))).isZero();
        assertThat(groupSend.cancel("msgUnknown").errcode()).isEqualTo(40058);
    }

    @Test
    void aCustomerWhoIsNotOrNoLongerAFriendIsNotSentTo() {
        List<String> mine = customersOf("zhangwei");
        contacts.customerDeletes("zhangwei", mine.get(0));
        Answer created = groupSend.addMsgTemplate("single", "zhangwei", List.of(mine.get(0), mine.get(1), mine.get(2)),
                "您好", 0);
        assertThat((List<String>) field(created, "fail_list")).containsExactly(mine.get(0));
        String msgid = field(created, "msgid");
        // between creation and confirmation the customer deletes the employee, or the employee the customer
        contacts.customerDeletes("zhangwei", mine.get(1));
        contacts.employeeDeletes("zhangwei", mine.get(2));
        assertThat(groupSend.confirm("zhangwei", msgid)).isEqualTo(new GroupSendSimulator.Confirmed(msgid, 0, 0, 2));
        assertThat(results(msgid, "zhangwei")).extracting(r -> r.get("status")).containsExactly(2, 2);
        // a customer who never received it does not count against their month
        assertThat(groupSend.receivedThisMonth(mine.get(1))).isZero();

        Answer none = groupSend.addMsgTemplate("single", "zhangwei", List.of(mine.get(0), "wmNoSuchCustomer"), "您好", 0);
        assertThat(none.errcode()).isEqualTo(84061);
    }

    @Test
    void sendResultsComePageByPageWithACursor() {
        List<String> customers = new ArrayList<>(customersOf("chenjing"));
        for (int i = 0; i < 17; i++) {
            customers.add(contacts.add("chenjing", "分页客户" + i, "", false, null).externalUserId());
        }
        String msgid = task("chenjing", customers, "分页");
        List<String> seen = new ArrayList<>();
        String cursor = null;
        List<Integer> pageSizes = new ArrayList<>();
        do {
            Answer page = groupSend.groupMsgSendResult(msgid, "chenjing", 10, cursor);
            assertThat(page.errcode()).isZero();
            List<Map<String, Object>> rows = field(page, "send_list");
            pageSizes.add(rows.size());
            rows.forEach(r -> seen.add((String) r.get("external_userid")));
            cursor = field(page, "next_cursor");
        } while (!cursor.isEmpty());
        assertThat(pageSizes).containsExactly(10, 10, 5);
        assertThat(seen).isEqualTo(customers);
        // limit: default 500, at most 1000
        assertThat((List<?>) field(groupSend.groupMsgSendResult(msgid, "chenjing", 5000, null), "send_list")).hasSize(25);
        assertThat(groupSend.groupMsgSendResult(msgid, "chenjing", 10, "not-a-cursor").errcode()).isEqualTo(40058);
        Answer task = groupSend.groupMsgTask(msgid, 1, null);
        assertThat((List<?>) field(task, "task_list")).hasSize(1);
        assertThat((String) field(task, "next_cursor")).isEmpty();
    }

    @Test
    void anEmployeeConfirmsASeededShareOfTasksAfterADelayInSimulatedTime() {
        List<Boolean> first = automatedRun();
        long confirmed = first.stream().filter(b -> b).count();
        assertThat(confirmed).isBetween(10L, 30L);
        // a fresh simulator with the same seed confirms the same tasks
        start();
        assertThat(automatedRun()).isEqualTo(first);
        assertThatThrownBy(() -> new GroupSendSimulator.ConfirmBehaviour(1.5, Duration.ZERO, 1))
                .hasMessageContaining("share");
        assertThatThrownBy(() -> groupSend.setBehaviour("nobody", null)).isInstanceOf(ContactsSimulator.Refused.class);
    }

    /** 40 tasks of 陈静's with share 0.5 and a one-hour delay: which were sent once the hour passed. */
    private List<Boolean> automatedRun() {
        groupSend.setBehaviour("chenjing", new GroupSendSimulator.ConfirmBehaviour(0.5, Duration.ofHours(1), 42));
        List<String> mine = customersOf("chenjing");
        List<String> msgids = IntStream.range(0, 40).mapToObj(i -> task("chenjing", List.of(mine.get(i % mine.size())),
                "自动" + i)).toList();
        contacts.advance(Duration.ofMinutes(59));
        assertThat(msgids).allSatisfy(m -> assertThat(taskRow(m)).containsEntry("status", 0));
        contacts.advance(Duration.ofMinutes(1));
        List<Boolean> sent = msgids.stream().map(m -> (Integer) taskRow(m).get("status") == 2).toList();
        // sent at their due time, not when read
        msgids.stream().filter(m -> (Integer) taskRow(m).get("status") == 2).forEach(m -> assertThat(taskRow(m))
                .containsEntry("send_time", START.plus(Duration.ofHours(1)).getEpochSecond()));
        // the others wait for a person, who can still confirm them
        String waiting = msgids.get(sent.indexOf(false));
        assertThat(groupSend.tasksOf("chenjing")).filteredOn(t -> t.get("msgid").equals(waiting)).singleElement()
                .satisfies(t -> assertThat(t).containsEntry("state", "pending").doesNotContainKey("autoConfirmAt"));
        return sent;
    }

    @Test
    void theOldestTasksAreForgottenBeyondTheBound() {
        GroupSendSimulator small = new GroupSendSimulator(contacts, 5);
        String customer = customersOf("liuyang").get(0);
        List<String> msgids = IntStream.range(0, 7).mapToObj(i -> {
            Answer a = small.addMsgTemplate("single", "liuyang", List.of(customer), "第" + i + "条", 0);
            return (String) field(a, "msgid");
        }).toList();
        assertThat(small.tasksKept()).isEqualTo(5);
        assertThat(small.groupMsgTask(msgids.get(0), 0, null).errcode()).isEqualTo(40058);
        assertThat(small.groupMsgTask(msgids.get(6), 0, null).errcode()).isZero();
        assertThatThrownBy(() -> small.confirm("liuyang", msgids.get(1))).isInstanceOf(ContactsSimulator.Refused.class);
        // the automated confirmations of forgotten tasks do not pile up while they wait out a long delay
        small.setBehaviour("liuyang", new GroupSendSimulator.ConfirmBehaviour(1.0, Duration.ofDays(30), 3));
        for (int i = 0; i < 100; i++) {
            small.addMsgTemplate("single", "liuyang", List.of(customer), "自动" + i, 0);
        }
        assertThat(small.confirmationsWaiting()).isLessThanOrEqualTo(10);
        assertThat(small.tasksKept()).isEqualTo(5);
    }

    @Test
    void badRequestsAnswerWeComsErrors() {
        String customer = customersOf("zhangwei").get(0);
        assertThat(groupSend.addMsgTemplate("group", "zhangwei", List.of(customer), "x", 0).errcode()).isEqualTo(40058);
        assertThat(groupSend.addMsgTemplate("single", "nobody", List.of(customer), "x", 0).errcode()).isEqualTo(40003);
        // 周杰 left the bank
        assertThat(groupSend.addMsgTemplate("single", "zhoujie", List.of(customer), "x", 0).errcode()).isEqualTo(40003);
        assertThat(groupSend.addMsgTemplate("single", "zhangwei", List.of(), "x", 0).errcode()).isEqualTo(41035);
        assertThat(groupSend.addMsgTemplate("single", "zhangwei", List.of(customer), "", 0).errcode()).isEqualTo(40058);
        assertThat(groupSend.addMsgTemplate("single", "zhangwei", List.of(customer), "x", 10).errcode()).isEqualTo(40058);
        assertThat(groupSend.addMsgTemplate("single", "zhangwei", List.of(customer), "字".repeat(1334), 0).errcode())
                .isEqualTo(40058);
        assertThat(groupSend.addMsgTemplate(null, "zhangwei", List.of(customer), "字".repeat(1333), 0).errcode()).isZero();
        assertThat(groupSend.groupMsgTask("msgUnknown", 0, null).errcode()).isEqualTo(40058);
        String msgid = task("zhangwei", List.of(customer), "x");
        assertThatThrownBy(() -> groupSend.confirm("liuyang", msgid))
                .isInstanceOfSatisfying(ContactsSimulator.Refused.class, e -> assertThat(e.notFound()).isTrue());
    }
}
