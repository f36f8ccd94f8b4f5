package com.wecomassist.contacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * In the running gateway (embedded) against the built-in WeCom simulator: an employee changes a
 * customer's remark and tags in their WeCom client, the simulator posts edit_external_contact (which
 * says only who edited whom), and the directory has the new remark and tags from externalcontact/get
 * without a full sync; the customer deleting the employee afterwards still ends the relationship.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class EditRefreshEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String EMPLOYEE = "zhaolei";
    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
    };
    private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
    };

    @Autowired
    WebTestClient web;
    @Autowired
    ContactDirectory directory;

    @Test
    void anEmployeesEditReachesTheDirectoryAtOnce() {
        Map<String, Object> added = web.post().uri("/simulator/api/contacts/employees/{u}/customers", EMPLOYEE)
                .bodyValue(Map.of("name", "编辑客户")).exchange().expectStatus().isOk().expectBody(MAP).returnResult()
                .getResponseBody();
        String customer = (String) added.get("externalUserId");
        await().atMost(WAIT).until(() -> relationship(customer) != null);
        assertThat(relationship(customer).remark()).isNull();
        List<String> tags = web.get().uri("/simulator/api/contacts/tags").exchange().expectStatus().isOk()
                .expectBody(LIST).returnResult().getResponseBody().stream().limit(2).map(t -> (String) t.get("id"))
                .toList();
        assertThat(tags).hasSize(2);

        web.put().uri("/simulator/api/contacts/employees/{u}/customers/{c}", EMPLOYEE, customer)
                .bodyValue(Map.of("remark", "王总 理财意向", "tags", tags)).exchange().expectStatus().isOk();

        await().atMost(WAIT).until(() -> "王总 理财意向".equals(relationship(customer).remark()));
        FollowRelationship edited = relationship(customer);
        assertThat(edited.tags()).containsExactlyElementsOf(tags);
        assertThat(edited.status()).isEqualTo(ContactStatus.ACTIVE);
        assertThat(directory.history(customer).collectList().block(WAIT)).extracting(ContactChange::kind)
                .contains(ContactEvent.Kind.ADDED, ContactEvent.Kind.EDITED, ContactEvent.Kind.SYNCED);

        // the customer deletes the employee: the refresh of the edit before never revives the relationship
        web.post().uri("/simulator/api/contacts/employees/{u}/customers/{c}/customer-deletes", EMPLOYEE, customer)
                .exchange().expectStatus().isOk();
        await().atMost(WAIT).until(() -> relationship(customer).status() == ContactStatus.REMOVED_BY_CUSTOMER);
        assertThat(relationship(customer).remark()).isEqualTo("王总 理财意向");
    }

    private FollowRelationship relationship(String customer) {
        Customer c = directory.customer(customer).block(WAIT);
        return c == null ? null : c.relationships().stream().filter(r -> r.employee().equals(EMPLOYEE)).findFirst()
                .orElse(null);
    }
}
