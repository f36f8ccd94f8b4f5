package com.wecomassist.load.stub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticContactsTest {

    @Test
    void spreadsTheCustomersOverTheEmployeesWithTheRemainderOnTheFirst() {
        SyntheticContacts c = new SyntheticContacts(1003, 10);
        assertThat(c.customersOf(0)).isEqualTo(101);
        assertThat(c.customersOf(2)).isEqualTo(101);
        assertThat(c.customersOf(3)).isEqualTo(100);
        assertThat(c.customersOf(9)).isEqualTo(100);
        assertThat(c.customersOf(10)).isZero();
        long total = 0;
        for (int e = 0; e < 10; e++) {
            total += c.customersOf(e);
        }
        assertThat(total).isEqualTo(1003);
        JsonNode users = tree(c.followUserList());
        assertThat(users.path("errcode").asInt()).isZero();
        assertThat(users.path("follow_user")).hasSize(10);
        assertThat(users.path("follow_user").path(9).asText()).isEqualTo("lemp00009");
    }

    @Test
    void pagingAlongTheCursorReturnsEveryCustomerOfTheListedEmployeesOnceAndInOrder() {
        SyntheticContacts c = new SyntheticContacts(2_345, 30);
        List<String> employees = new ArrayList<>();
        for (int e = 0; e < 30; e++) {
            employees.add(SyntheticContacts.employeeId(e));
        }
        employees.add("someoneElse"); // not ours: no customers, no error
        List<String> seen = new ArrayList<>();
        String cursor = "";
        int pages = 0;
        do {
            JsonNode page = tree(c.byUser(employees, cursor, 100));
            assertThat(page.path("errcode").asInt()).isZero();
            assertThat(page.path("external_contact_list").size()).isBetween(1, 100);
            for (JsonNode entry : page.path("external_contact_list")) {
                String id = entry.path("external_contact").path("external_userid").asText();
                long i = c.customerNumber(id);
                // each customer is listed under the one employee who follows them
                assertThat(entry.path("follow_info").path("userid").asText())
                        .isEqualTo(SyntheticContacts.employeeId((int) (i % 30)));
                assertThat(entry.path("external_contact").path("name").asText()).isEqualTo("客户" + i);
                seen.add(id);
            }
            cursor = page.path("next_cursor").asText();
            pages++;
        } while (!cursor.isEmpty() && pages < 1000);
        assertThat(cursor).isEmpty();
        assertThat(seen).hasSize(2_345);
        assertThat(new HashSet<>(seen)).hasSize(2_345);
        // 2,345 entries at 100 a page: 24 pages, the last one not followed by an empty page
        assertThat(pages).isEqualTo(24);
        // the employee of the list first, their customers by number
        assertThat(seen.subList(0, 3)).containsExactly(SyntheticContacts.customerId(0), SyntheticContacts.customerId(30),
                SyntheticContacts.customerId(60));
    }

    @Test
    void theSameRequestAnswersTheSamePageAndAPageEndingAtTheLastCustomerIsTheLast() {
        SyntheticContacts c = new SyntheticContacts(400, 2);
        List<String> both = List.of("lemp00000", "lemp00001");
        Map<String, Object> first = c.byUser(both, "", 100);
        assertThat(Json.string(c.byUser(both, "", 100))).isEqualTo(Json.string(first));
        String cursor = tree(first).path("next_cursor").asText();
        assertThat(Json.string(c.byUser(both, cursor, 100))).isEqualTo(Json.string(c.byUser(both, cursor, 100)));
        // 400 customers, 100 a page: the fourth page is full and the last
        Set<String> ids = new HashSet<>();
        int pages = 0;
        String at = "";
        do {
            JsonNode page = tree(c.byUser(both, at, 100));
            page.path("external_contact_list").forEach(e -> ids.add(e.path("external_contact").path("external_userid").asText()));
            at = page.path("next_cursor").asText();
            pages++;
        } while (!at.isEmpty());
        assertThat(pages).isEqualTo(4);
        assertThat(ids).hasSize(400);
    }

    @Test
    void refusesWhatWecomRefuses() {
        SyntheticContacts c = new SyntheticContacts(10, 2);
        assertThat(tree(c.byUser(List.of(), "", 10)).path("errcode").asInt()).isEqualTo(40003);
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            tooMany.add("u" + i);
        }
        assertThat(tree(c.byUser(tooMany, "", 10)).path("errcode").asInt()).isEqualTo(40003);
        assertThat(tree(c.byUser(List.of("lemp00000"), "garbage", 10)).path("errcode").asInt()).isEqualTo(40058);
        assertThat(tree(c.byUser(List.of("lemp00000"), "lc5_0", 10)).path("errcode").asInt()).isEqualTo(40058);
        // limit above 100 is read as 100, none as 50
        SyntheticContacts big = new SyntheticContacts(1000, 1);
        assertThat(tree(big.byUser(List.of("lemp00000"), "", 500)).path("external_contact_list")).hasSize(100);
        assertThat(tree(big.byUser(List.of("lemp00000"), "", 0)).path("external_contact_list")).hasSize(50);
        assertThat(tree(c.get("wmLoadCust000000000099")).path("errcode").asInt()).isEqualTo(40096);
        JsonNode one = tree(c.get(SyntheticContacts.customerId(3)));
        assertThat(one.path("external_contact").path("name").asText()).isEqualTo("客户3");
        assertThat(one.path("follow_user").path(0).path("userid").asText()).isEqualTo("lemp00001");
    }

    @Test
    void theStubServesTheContactsOverHttp() throws Exception {
        try (WecomApiStub stub = new WecomApiStub("127.0.0.1", 0, new SyntheticContacts(150, 3), Duration.ZERO)) {
            String base = stub.baseUrl();
            JsonNode users = Http.getJson(base + "/cgi-bin/externalcontact/get_follow_user_list?access_token=t");
            assertThat(users.path("follow_user")).hasSize(3);
            JsonNode page = Http.postJson(base + "/cgi-bin/externalcontact/batch/get_by_user?access_token=t",
                    "{\"userid_list\":[\"lemp00000\",\"lemp00001\",\"lemp00002\"],\"cursor\":\"\",\"limit\":100}");
            assertThat(page.path("external_contact_list")).hasSize(100);
            JsonNode rest = Http.postJson(base + "/cgi-bin/externalcontact/batch/get_by_user?access_token=t",
                    "{\"userid_list\":[\"lemp00000\",\"lemp00001\",\"lemp00002\"],\"cursor\":\""
                            + page.path("next_cursor").asText() + "\",\"limit\":100}");
            assertThat(rest.path("external_contact_list")).hasSize(50);
            assertThat(rest.path("next_cursor").asText()).isEmpty();
            JsonNode one = Http.getJson(base + "/cgi-bin/externalcontact/get?access_token=t&external_userid="
                    + SyntheticContacts.customerId(7));
            assertThat(one.path("follow_user").path(0).path("userid").asText()).isEqualTo("lemp00001");
            assertThat(Http.getJson(base + "/_load/stats").path("calls").path("externalcontact/batch/get_by_user").asInt())
                    .isEqualTo(2);
        }
    }

    @Test
    void answersAfterWecomsRoundTripWhenToldTo() throws Exception {
        try (WecomApiStub stub = new WecomApiStub("127.0.0.1", 0, new SyntheticContacts(10, 1), Duration.ofMillis(300))) {
            long t0 = System.nanoTime();
            JsonNode page = Http.postJson(stub.baseUrl() + "/cgi-bin/externalcontact/batch/get_by_user?access_token=t",
                    "{\"userid_list\":[\"lemp00000\"],\"limit\":100}");
            long tookMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(page.path("external_contact_list")).hasSize(10);
            assertThat(tookMs).isGreaterThanOrEqualTo(300);
            // the 微信客服 calls are not slowed
            long t1 = System.nanoTime();
            Http.getJson(stub.baseUrl() + "/cgi-bin/gettoken?corpid=c&corpsecret=s");
            assertThat((System.nanoTime() - t1) / 1_000_000).isLessThan(300);
        }
    }

    private static JsonNode tree(Map<String, Object> answer) {
        return Json.tree(Json.string(answer));
    }
}
