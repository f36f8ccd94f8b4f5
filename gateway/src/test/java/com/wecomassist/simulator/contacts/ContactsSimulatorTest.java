package com.wecomassist.simulator.contacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wecomassist.simulator.WecomSimulator.Answer;
import com.wecomassist.simulator.contacts.ContactsSimulator.ContactEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** WeCom's 客户联系 rules as the simulator keeps them, on a clock the test moves. */
class ContactsSimulatorTest {

    private static final Instant START = Instant.parse("2026-12-07T02:00:00Z");

    ContactsSimulator sim;
    final List<ContactEvent> events = new ArrayList<>();

    @BeforeEach
    void start() {
        sim = new ContactsSimulator(new SimulatedTime(Clock.fixed(START, ZoneOffset.UTC)), 100);
        sim.events().subscribe(events::add);
    }

    @SuppressWarnings("unchecked")
    private static <T> T field(Answer a, String name) {
        return (T) a.fields().get(name);
    }

    private List<String> customersOf(String userid) {
        return field(sim.list(userid), "external_userid");
    }

    @Test
    void theSeededBankHasEmployeesWithCustomersTagsAndARoleEach() {
        assertThat(sim.employees()).extracting(e -> e.get("userid"))
                .contains("zhangwei", "zhaolei", "zhoujie");
        assertThat(sim.employees()).extracting(e -> e.get("role")).contains("管户客户经理", "直营客户经理");
        List<String> ids = customersOf("zhangwei");
        assertThat(ids).hasSize(8).allMatch(id -> id.matches("wm[A-Za-z0-9]{30}"));
        Answer got = sim.get(ids.get(0));
        assertThat(got.errcode()).isZero();
        Map<String, Object> contact = field(got, "external_contact");
        assertThat(contact).containsKeys("external_userid", "name", "type", "gender");
        assertThat((String) contact.get("name")).matches("\\p{IsHan}{2,3}");
        List<Map<String, Object>> followers = field(got, "follow_user");
        // the first account manager's first customers are followed by a 直营 manager as well
        assertThat(followers).extracting(f -> f.get("userid")).containsExactly("zhangwei", "zhaolei");
        assertThat(followers.get(0)).containsKeys("remark", "createtime", "tags", "add_way", "oper_userid");
        List<Map<String, Object>> tags = (List<Map<String, Object>>) followers.get(0).get("tags");
        assertThat(tags).hasSize(2).allSatisfy(t -> assertThat(t).containsKeys("group_name", "tag_name", "tag_id", "type"));
        // the same every run: a demo to come back to
        ContactsSimulator again = new ContactsSimulator(new SimulatedTime(Clock.fixed(START, ZoneOffset.UTC)), 100);
        assertThat(field(again.list("zhangwei"), "external_userid").equals(ids)).isTrue();
    }

    @Test
    void listAndGetAnswerWeComsErrors() {
        assertThat(sim.list("nobody").errcode()).isEqualTo(40003);
        assertThat(sim.get("wmNoSuchCustomer").errcode()).isEqualTo(40096);
        for (String id : customersOf("liuyang")) {
            sim.employeeDeletes("liuyang", id);
        }
        assertThat(sim.list("liuyang").errcode()).isEqualTo(84061);
    }

    @Test
    void addingACustomerFiresTheEventWithAWelcomeCodeThatWorksOnceWithin20Seconds() {
        ContactsSimulator.Added added = sim.add("zhangwei", "林小雨", "branch_pudong", false, null);
        assertThat(events).hasSize(1);
        ContactEvent event = events.get(0);
        assertThat(event.changeType()).isEqualTo("add_external_contact");
        assertThat(event.fields()).containsEntry("UserID", "zhangwei")
                .containsEntry("ExternalUserID", added.externalUserId())
                .containsEntry("State", "branch_pudong")
                .containsEntry("WelcomeCode", added.welcomeCode());
        assertThat(customersOf("zhangwei")).contains(added.externalUserId());

        sim.advance(Duration.ofSeconds(19));
        assertThat(sim.sendWelcomeMsg(added.welcomeCode(), "林女士您好，我是您的客户经理张伟。", 0).errcode()).isZero();
        assertThat(sim.customers("zhangwei")).filteredOn(c -> c.get("externalUserId").equals(added.externalUserId()))
                .singleElement().satisfies(c -> assertThat(c.get("received").toString()).contains("我是您的客户经理张伟"));
        // single use: the second call is told the customer has the welcome already
        assertThat(sim.sendWelcomeMsg(added.welcomeCode(), "again", 0).errcode()).isEqualTo(41051);
    }

    @Test
    void anExpiredOrUnknownWelcomeCodeIsRefused() {
        ContactsSimulator.Added added = sim.add("zhangwei", null, "", false, null);
        sim.advance(Duration.ofSeconds(21));
        assertThat(sim.sendWelcomeMsg(added.welcomeCode(), "您好", 0).errcode()).isEqualTo(41050);
        assertThat(sim.sendWelcomeMsg("welcome_made_up", "您好", 0).errcode()).isEqualTo(41050);
        assertThat(sim.sendWelcomeMsg(null, "您好", 0).errcode()).isEqualTo(41049);
        ContactsSimulator.Added fresh = sim.add("zhangwei", null, "", false, null);
        assertThat(sim.sendWelcomeMsg(fresh.welcomeCode(), "", 0).errcode()).isEqualTo(40058);
        assertThat(sim.sendWelcomeMsg(fresh.welcomeCode(), "字".repeat(1334), 0).errcode()).isEqualTo(40058);
        assertThat(sim.sendWelcomeMsg(fresh.welcomeCode(), "您好", 10).errcode()).isEqualTo(40058);
        // the refusals did not use the code up
        assertThat(sim.sendWelcomeMsg(fresh.welcomeCode(), "您好", 2).errcode()).isZero();
    }

    @Test
    void halfAddsEditsAndBothKindsOfDeletionFireTheirEvents() {
        ContactsSimulator.Added half = sim.add("liuyang", "郑一鸣", "qr_campaign_2026q4", true, null);
        String tag = (String) sim.tagLibrary().get(2).get("id");
        sim.edit("liuyang", half.externalUserId(), "郑先生-理财", List.of(tag));
        sim.customerDeletes("liuyang", half.externalUserId());
        sim.employeeDeletes("liuyang", half.externalUserId());
        assertThat(events).extracting(ContactEvent::changeType).containsExactly("add_half_external_contact",
                "edit_external_contact", "del_follow_user", "del_external_contact");
        assertThat(events.get(0).fields()).containsKey("WelcomeCode");
        assertThat(sim.get(half.externalUserId()).errcode()).isEqualTo(40096);
        assertThatThrownBy(() -> sim.edit("liuyang", "wmGone", "x", null)).isInstanceOf(ContactsSimulator.Refused.class);
    }

    @Test
    void tagsAreListedAndMarkedThroughTheApiWithoutACallback() {
        List<Map<String, Object>> groups = field(sim.corpTagList(null, null), "tag_group");
        assertThat(groups).extracting(g -> g.get("group_name")).containsExactly("客户等级", "关注产品", "来源渠道");
        assertThat(groups.get(0)).containsKeys("group_id", "create_time", "order", "tag");
        String groupId = (String) groups.get(1).get("group_id");
        List<Map<String, Object>> one = field(sim.corpTagList(null, List.of(groupId)), "tag_group");
        assertThat(one).hasSize(1);
        String tagId = (String) ((List<Map<String, Object>>) groups.get(2).get("tag")).get(0).get("id");
        String customer = customersOf("chenjing").get(0);
        assertThat(sim.markTag("chenjing", customer, List.of(tagId), List.of()).errcode()).isZero();
        assertThat(sim.get(customer).toString()).contains(tagId);
        assertThat(sim.markTag("chenjing", customer, List.of("etNoSuchTag"), null).errcode()).isEqualTo(40068);
        assertThat(sim.markTag("chenjing", customer, List.of(), List.of()).errcode()).isEqualTo(40058);
        assertThat(sim.markTag("wangfang", customer, List.of(tagId), null).errcode()).isEqualTo(84061);
        assertThat(events).isEmpty();
    }

    @Test
    void batchGetByUserPagesWithACursorAndCapsTheLimitAt100() {
        for (int i = 0; i < 5; i++) {
            sim.add("chenjing", null, "", false, null);
        }
        List<String> userids = List.of("chenjing", "zhaolei");
        int expected = customersOf("chenjing").size() + customersOf("zhaolei").size();
        Set<String> seen = new HashSet<>();
        String cursor = "";
        int pages = 0;
        do {
            Answer page = sim.batchGetByUser(userids, cursor, 4);
            assertThat(page.errcode()).isZero();
            List<Map<String, Object>> list = field(page, "external_contact_list");
            assertThat(list).hasSizeLessThanOrEqualTo(4).isNotEmpty();
            for (Map<String, Object> entry : list) {
                Map<String, Object> info = (Map<String, Object>) entry.get("follow_info");
                Map<String, Object> contact = (Map<String, Object>) entry.get("external_contact");
                assertThat(info).containsKeys("userid", "tag_id", "createtime", "remark");
                assertThat(seen.add(info.get("userid") + "/" + contact.get("external_userid"))).isTrue();
            }
            cursor = field(page, "next_cursor");
            pages++;
        } while (!cursor.isEmpty());
        assertThat(seen).hasSize(expected);
        assertThat(pages).isEqualTo((expected + 3) / 4);
        List<Map<String, Object>> all = field(sim.batchGetByUser(userids, null, 1000), "external_contact_list");
        assertThat(all).hasSize(Math.min(expected, 100));
        List<Map<String, Object>> byDefault = field(sim.batchGetByUser(userids, null, 0), "external_contact_list");
        assertThat(byDefault).hasSize(Math.min(expected, 50));
        assertThat(sim.batchGetByUser(userids, "%%%", 10).errcode()).isEqualTo(40058);
        assertThat(sim.batchGetByUser(List.of("nobody"), null, 10).errcode()).isEqualTo(40003);
        assertThat(sim.batchGetByUser(IntStream.range(0, 101).mapToObj(i -> "chenjing").toList(), null, 10).errcode())
                .isEqualTo(40058);
    }

    @Test
    void aTransferTakesOverAfter24HoursUnlessRefused() {
        List<String> ids = customersOf("liuyang");
        Answer started = sim.transferCustomer("liuyang", "chenjing", ids.subList(0, 2), "您好，后续由我的同事陈静为您服务。");
        assertThat(started.errcode()).isZero();
        assertThat((List<Map<String, Object>>) field(started, "customer"))
                .extracting(c -> c.get("errcode")).containsExactly(0, 0);
        List<Map<String, Object>> waiting = field(sim.transferResult(false, "liuyang", "chenjing", null), "customer");
        assertThat(waiting).extracting(c -> c.get("status")).containsExactly(2, 2);
        assertThat(waiting.get(0).get("takeover_time")).isEqualTo(START.plus(Duration.ofHours(24)).getEpochSecond());

        sim.customerRefuses(ids.get(1));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.changeType()).isEqualTo("transfer_fail");
            assertThat(e.fields()).containsEntry("FailReason", "customer_refused").containsEntry("UserID", "chenjing")
                    .containsEntry("ExternalUserID", ids.get(1));
        });

        sim.advance(Duration.ofHours(23));
        assertThat(customersOf("chenjing")).doesNotContain(ids.get(0));
        sim.advance(Duration.ofHours(1));
        List<Map<String, Object>> done = field(sim.transferResult(false, "liuyang", "chenjing", null), "customer");
        assertThat(done).extracting(c -> c.get("status")).containsExactly(1, 3);
        assertThat(customersOf("chenjing")).contains(ids.get(0));
        assertThat(customersOf("liuyang")).doesNotContain(ids.get(0)).contains(ids.get(1));
        assertThat(events.subList(1, events.size())).extracting(ContactEvent::changeType)
                .containsExactly("del_external_contact", "add_external_contact");
        assertThat(events.get(1).fields()).containsEntry("Source", "DELETE_BY_TRANSFER").containsEntry("UserID", "liuyang");
        assertThat(events.get(2).fields()).containsEntry("UserID", "chenjing").doesNotContainKey("WelcomeCode");
        // the customer was told, as transfer_success_msg says
        assertThat(sim.customers("chenjing").toString()).contains("后续由我的同事陈静为您服务");
    }

    @Test
    void transferLimitsAndPerCustomerErrors() {
        List<String> ids = customersOf("zhangwei");
        String customer = ids.get(3);
        assertThat(sim.transferCustomer("zhangwei", "zhangwei", List.of(customer), null).errcode()).isEqualTo(40130);
        assertThat(sim.transferCustomer("zhangwei", "liuyang", List.of(), null).errcode()).isEqualTo(41035);
        assertThat(sim.transferCustomer("zhangwei", "nobody", List.of(customer), null).errcode()).isEqualTo(40003);
        assertThat(sim.transferCustomer("zhangwei", "liuyang", List.of(customer), "字".repeat(201)).errcode())
                .isEqualTo(40058);
        assertThat(sim.transferCustomer("zhangwei", "liuyang",
                IntStream.range(0, 101).mapToObj(i -> "wm" + i).toList(), null).errcode()).isEqualTo(40058);
        assertThat(sim.transferCustomer("zhangwei", "liuyang", List.of(customer), "字".repeat(200)).errcode()).isZero();

        Answer again = sim.transferCustomer("zhangwei", "chenjing",
                List.of(customer, "wmNoSuchCustomer", customersOf("wangfang").get(0)), null);
        assertThat(again.errcode()).isZero();
        assertThat((List<Map<String, Object>>) field(again, "customer")).extracting(c -> c.get("errcode"))
                .containsExactly(40129, 40096, 40131);

        // a customer may be transferred twice in 90 days: back and forth, then the third is refused
        sim.advance(Duration.ofHours(24));
        assertThat(sim.transferCustomer("liuyang", "zhangwei", List.of(customer), null).toString()).contains("errcode=0");
        sim.advance(Duration.ofHours(24));
        Answer third = sim.transferCustomer("zhangwei", "liuyang", List.of(customer), null);
        assertThat((List<Map<String, Object>>) field(third, "customer")).extracting(c -> c.get("errcode"))
                .containsExactly(40128);
        sim.advance(Duration.ofDays(89));
        Answer later = sim.transferCustomer("zhangwei", "liuyang", List.of(customer), null);
        assertThat((List<Map<String, Object>>) field(later, "customer")).extracting(c -> c.get("errcode"))
                .containsExactly(0);
    }

    @Test
    void aTakeoverPastTheEmployeesLimitEndsWithStatus4() {
        sim.setCustomerLimit("wangfang", customersOf("wangfang").size());
        String customer = customersOf("chenjing").get(0);
        sim.transferCustomer("chenjing", "wangfang", List.of(customer), null);
        sim.advance(Duration.ofHours(25));
        List<Map<String, Object>> result = field(sim.transferResult(false, "chenjing", "wangfang", null), "customer");
        assertThat(result).extracting(c -> c.get("status")).containsExactly(4);
        assertThat(customersOf("chenjing")).contains(customer);
        assertThat(events).singleElement().satisfies(e ->
                assertThat(e.fields()).containsEntry("FailReason", "customer_limit_exceed"));
    }

    @Test
    void aDepartedEmployeesCustomersAreUnassignedUntilResignedTransfer() {
        Answer unassigned = sim.unassignedList(null, 0);
        List<Map<String, Object>> info = field(unassigned, "info");
        assertThat(info).hasSize(8).allSatisfy(i -> assertThat(i).containsEntry("handover_userid", "zhoujie")
                .containsKeys("external_userid", "dimission_time"));
        assertThat((Boolean) field(unassigned, "is_last")).isTrue();
        Answer paged = sim.unassignedList(null, 5);
        assertThat((List<?>) field(paged, "info")).hasSize(5);
        assertThat((Boolean) field(paged, "is_last")).isFalse();
        assertThat((List<?>) field(sim.unassignedList(field(paged, "next_cursor"), 5), "info")).hasSize(3);

        String customer = (String) info.get(0).get("external_userid");
        assertThat(sim.transferCustomer("zhoujie", "zhaolei", List.of(customer), null).errcode()).isEqualTo(40003);
        assertThat(sim.resignedTransferCustomer("zhangwei", "zhaolei", List.of(customersOf("zhangwei").get(0)))
                .errcode()).isEqualTo(40097);
        assertThat(sim.resignedTransferCustomer("zhoujie", "zhaolei", List.of(customer)).errcode()).isZero();
        assertThat((List<?>) field(sim.unassignedList(null, 0), "info")).hasSize(7);
        sim.advance(Duration.ofHours(24));
        List<Map<String, Object>> result = field(sim.transferResult(true, "zhoujie", "zhaolei", null), "customer");
        assertThat(result).extracting(c -> c.get("status")).containsExactly(1);
        assertThat(field(sim.transferResult(false, "zhoujie", "zhaolei", null), "customer").equals(List.of())).isTrue();
        assertThat(events).extracting(ContactEvent::changeType).containsExactly("add_external_contact");
    }

    @Test
    void behaviourDataCountsEachDayAndRefusesMoreThan30Days() {
        long today = ContactsSimulator.dayStart(START);
        String customer = customersOf("wangfang").get(0);
        sim.add("wangfang", null, "", false, null);
        sim.add("wangfang", null, "", true, null);
        sim.chat("wangfang", customer, true);
        sim.advance(Duration.ofMinutes(6));
        sim.chat("wangfang", customer, false);
        sim.chat("wangfang", customer, false);
        sim.customerDeletes("wangfang", customer);
        Answer data = sim.behaviourData(List.of("wangfang"), today - 2 * 86_400, today + 3600);
        List<Map<String, Object>> days = field(data, "behavior_data");
        assertThat(days).extracting(d -> d.get("stat_time")).containsExactly(today - 2 * 86_400, today - 86_400, today);
        assertThat(days.get(2)).containsEntry("new_apply_cnt", 2).containsEntry("new_contact_cnt", 1)
                .containsEntry("chat_cnt", 1).containsEntry("message_cnt", 2).containsEntry("negative_feedback_cnt", 1)
                .containsEntry("reply_percentage", 100.0).containsEntry("avg_reply_time", 6L);
        // the seeded history
        assertThat((Integer) days.get(0).get("chat_cnt")).isPositive();
        assertThat(days.get(0)).containsKeys("reply_percentage", "avg_reply_time", "new_apply_cnt");
        // several employees: their sums
        List<Map<String, Object>> both = field(sim.behaviourData(List.of("wangfang", "zhaolei"), today, today), "behavior_data");
        assertThat(both.get(0)).containsEntry("new_apply_cnt", 2);

        assertThat(sim.behaviourData(List.of("wangfang"), today - 30 * 86_400, today).errcode()).isEqualTo(40058);
        assertThat(sim.behaviourData(List.of("wangfang"), today - 29 * 86_400, today).errcode()).isZero();
        assertThat(sim.behaviourData(List.of(), today, today).errcode()).isEqualTo(40058);
        assertThat(sim.behaviourData(List.of("nobody"), today, today).errcode()).isEqualTo(40003);
    }

    @Test
    void theNumberOfCustomersIsBounded() {
        ContactsSimulator small = new ContactsSimulator(new SimulatedTime(Clock.fixed(START, ZoneOffset.UTC)), 49);
        assertThat(small.contactsKept()).isEqualTo(48);
        small.add("zhangwei", null, "", false, null);
        assertThatThrownBy(() -> small.add("zhangwei", null, "", false, null))
                .isInstanceOf(ContactsSimulator.Refused.class).hasMessageContaining("max-contacts");
        assertThat(small.contactsKept()).isEqualTo(49);
    }

    @Test
    void timeOnlyMovesForward() {
        assertThatThrownBy(() -> sim.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        sim.advance(Duration.ofHours(2));
        assertThat(sim.time().instant()).isEqualTo(START.plus(Duration.ofHours(2)));
    }
}
