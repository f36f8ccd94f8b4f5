package com.wecomassist.contacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.wecomassist.contacts.memory.InMemoryContactDirectory;
import com.wecomassist.error.TransientException;
import com.wecomassist.testing.Staff;
import com.wecomassist.wecom.crypto.EncryptedMessage;
import com.wecomassist.wecom.crypto.WecomCallbackCrypto;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code change_external_contact} callbacks, encrypted and signed as WeCom does, posted to the callback
 * endpoint (embedded mode), then read back through the directory's API as the roles that may.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "assist.wecom.corp-id=wx5823bf96d3bd56c7",
        "assist.wecom.token=QDG6eK",
        "assist.wecom.encoding-aes-key=jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
        "assist.wecom.secret=unused-in-this-test",
        "assist.wecom.max-clock-skew=0"})
@AutoConfigureWebTestClient
@Import(ContactCallbackEndToEndTest.Listening.class)
class ContactCallbackEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final AtomicLong nonces = new AtomicLong();

    /** What a listener (the welcome sender's seam) was told. */
    record Told(ContactEvent event, ApplyOutcome outcome) {
    }

    @TestConfiguration
    static class Listening {
        @Bean
        RecordingListener recordingListener() {
            return new RecordingListener();
        }

        /** The embedded directory, failing its writes while {@code down} is set. */
        @Bean
        @Primary
        FlakyDirectory flakyDirectory() {
            return new FlakyDirectory(new InMemoryContactDirectory(100));
        }
    }

    static class FlakyDirectory implements ContactDirectory {
        final ContactDirectory real;
        volatile boolean down;

        FlakyDirectory(ContactDirectory real) {
            this.real = real;
        }

        @Override
        public Mono<Long> erase(String externalUserId) {
            return real.erase(externalUserId);
        }

        @Override
        public Mono<ApplyOutcome> apply(ContactEvent event) {
            return down ? Mono.error(new TransientException("the directory is down")) : real.apply(event);
        }

        @Override
        public Mono<List<ApplyOutcome>> applyAll(List<ContactEvent> events) {
            return down ? Mono.error(new TransientException("the directory is down")) : real.applyAll(events);
        }

        @Override
        public Mono<Customer> customer(String externalUserId) {
            return real.customer(externalUserId);
        }

        @Override
        public Flux<ContactChange> history(String externalUserId) {
            return real.history(externalUserId);
        }

        @Override
        public Mono<CustomerPage> customersOf(String employee, String after, int limit) {
            return real.customersOf(employee, after, limit);
        }

        @Override
        public Mono<Map<ContactStatus, Long>> countsOf(String employee) {
            return real.countsOf(employee);
        }

        @Override
        public Flux<FollowRelationship> removedByCustomer(Instant from, Instant to, Duration withinOfAdding) {
            return real.removedByCustomer(from, to, withinOfAdding);
        }
    }

    static class RecordingListener implements ContactEventListener {
        final List<Told> told = new CopyOnWriteArrayList<>();

        @Override
        public Mono<Void> onContactEvent(ContactEvent event, ApplyOutcome outcome) {
            return Mono.fromRunnable(() -> told.add(new Told(event, outcome)));
        }
    }

    @Autowired
    WebTestClient web;
    @Autowired
    RecordingListener listener;
    @Autowired
    FlakyDirectory directory;

    final WecomCallbackCrypto crypto = new WecomCallbackCrypto("QDG6eK",
            "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", "wx5823bf96d3bd56c7");

    @BeforeEach
    void forget() {
        listener.told.clear();
        directory.down = false;
    }

    @Test
    void anEventTheDirectoryCouldNotTakeIsRefusedSoThatWeComDeliversItAgain() {
        String customer = "wmE2E" + nonces.incrementAndGet();
        EncryptedMessage m = crypto.encrypt(change("add_external_contact", "mia", customer, 1_800_000_000L, ""),
                "1800000000", "contact-" + nonces.incrementAndGet());
        directory.down = true;
        post(m).expectStatus().isEqualTo(503);
        assertThat(directory.customer(customer).blockOptional(WAIT)).isEmpty();
        directory.down = false;
        // WeCom's retry of the very same request is not taken for a replay
        post(m).expectStatus().isOk();
        assertThat(directory.customer(customer).block(WAIT).relationships()).singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(ContactStatus.ACTIVE));
    }

    @Test
    void addsRemovesAndIgnoresALateAddAndARedeliveryThenReadsItBack() {
        String customer = "wmE2E" + nonces.incrementAndGet();
        deliver(change("add_external_contact", "mia", customer, 1_800_000_100L,
                "<State><![CDATA[branch-qr]]></State><WelcomeCode><![CDATA[CODE-1]]></WelcomeCode>"));
        deliver(change("del_follow_user", "mia", customer, 1_800_000_300L, ""));
        // WeCom delivers the removal again (a new nonce: past the replay guard), and a stale add arrives late
        deliver(change("del_follow_user", "mia", customer, 1_800_000_300L, ""));
        deliver(change("add_external_contact", "mia", customer, 1_800_000_200L, ""));

        JsonNode view = read("/api/contacts/customers/" + customer, "root");
        JsonNode relationship = view.path("relationships").get(0);
        assertThat(relationship.path("employee").asString()).isEqualTo("mia");
        assertThat(relationship.path("status").asString()).isEqualTo("REMOVED_BY_CUSTOMER");
        assertThat(relationship.path("state").asString()).isEqualTo("branch-qr");
        assertThat(relationship.path("addedAt").asString()).startsWith("2027-01-15T08:01:40");
        assertThat(view.path("history")).hasSize(2);
        assertThat(view.path("history").get(1).path("kind").asString()).isEqualTo("REMOVED_BY_CUSTOMER");
        // the manager reads their own customer too
        assertThat(read("/api/contacts/customers/" + customer, "mia").path("relationships")).hasSize(1);

        // listeners: told of the add (with its welcome code), the removal and the late add; not of the duplicate
        await().atMost(WAIT).until(() -> listener.told.size() >= 3);
        assertThat(listener.told).extracting(t -> t.event().kind() + "/" + t.outcome()).containsExactly(
                "ADDED/APPLIED", "REMOVED_BY_CUSTOMER/APPLIED", "ADDED/OUT_OF_ORDER");
        assertThat(listener.told.get(0).event().welcomeCode()).isEqualTo("CODE-1");
    }

    @Test
    void keepsTheEmployeesDeleteSourceAndAFailedTransfersReason() {
        String customer = "wmE2E" + nonces.incrementAndGet();
        deliver(change("add_half_external_contact", "nora", customer, 1_800_000_000L, ""));
        deliver(change("del_external_contact", "nora", customer, 1_800_000_010L,
                "<Source><![CDATA[DELETE_BY_TRANSFER]]></Source>"));
        deliver(change("transfer_fail", "sam", customer, 1_800_000_020L,
                "<FailReason><![CDATA[customer_refused]]></FailReason>"));
        deliver(change("some_future_change", "sam", customer, 1_800_000_030L, ""));

        JsonNode view = read("/api/contacts/customers/" + customer, "root");
        assertThat(view.path("relationships")).hasSize(2);
        JsonNode nora = view.path("relationships").get(0);
        assertThat(nora.path("status").asString()).isEqualTo("REMOVED_BY_EMPLOYEE");
        assertThat(nora.path("detail").asString()).isEqualTo("DELETE_BY_TRANSFER");
        JsonNode sam = view.path("relationships").get(1);
        assertThat(sam.path("status").asString()).isEqualTo("TRANSFER_FAILED");
        assertThat(sam.path("detail").asString()).isEqualTo("customer_refused");
        assertThat(view.path("history")).hasSize(3);

        // sam (SUPERVISOR of team north, with nora) sees nora's customers and the counts
        JsonNode page = read("/api/contacts/employees/nora/customers?limit=10", "sam");
        assertThat(page.path("counts").path("REMOVED_BY_EMPLOYEE").asInt()).isEqualTo(1);
        assertThat(page.path("customers").findValuesAsString("externalUserId")).contains(customer);
    }

    @Test
    void eachRoleReadsOnlyTheCustomersItLooksAfter() {
        String customer = "wmE2E" + nonces.incrementAndGet();
        deliver(change("add_external_contact", "zhangsan", customer, 1_800_000_000L, ""));
        // mia (ACCOUNT_MANAGER) is not zhangsan
        web.get().uri("/api/contacts/customers/" + customer).headers(Staff.as("mia")).exchange()
                .expectStatus().isForbidden();
        web.get().uri("/api/contacts/employees/zhangsan/customers").headers(Staff.as("mia")).exchange()
                .expectStatus().isForbidden();
        web.get().uri("/api/contacts/employees/mia/customers").headers(Staff.as("mia")).exchange()
                .expectStatus().isOk();
        // an agent reads no directory; only an administrator runs the sync
        web.get().uri("/api/contacts/employees/mia/customers").headers(Staff.as("carol")).exchange()
                .expectStatus().isForbidden();
        web.post().uri("/api/contacts/sync").headers(Staff.as("mia")).exchange().expectStatus().isForbidden();
        web.get().uri("/api/contacts/sync").headers(Staff.as("sam")).exchange().expectStatus().isForbidden();
        web.get().uri("/api/contacts/customers/nobody-at-all").headers(Staff.as("root")).exchange()
                .expectStatus().isNotFound();
        assertThat(read("/api/contacts/employees/zhangsan/customers", "root").path("customers")).hasSize(1);
    }

    private JsonNode read(String uri, String user) {
        return web.get().uri(uri).headers(Staff.as(user)).exchange()
                .expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private void deliver(String xml) {
        post(crypto.encrypt(xml, "1800000000", "contact-" + nonces.incrementAndGet())).expectStatus().isOk();
    }

    private WebTestClient.ResponseSpec post(EncryptedMessage m) {
        String envelope = "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA["
                + m.encrypt() + "]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>";
        return web.post().uri("/wecom/callback?msg_signature={s}&timestamp={t}&nonce={n}", m.signature(), m.timestamp(),
                        m.nonce())
                .contentType(MediaType.TEXT_XML)
                .bodyValue(envelope)
                .exchange();
    }

    private static String change(String changeType, String employee, String customer, long createTime, String extra) {
        return "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>"
                + "<CreateTime>" + createTime + "</CreateTime><MsgType><![CDATA[event]]></MsgType>"
                + "<Event><![CDATA[change_external_contact]]></Event><ChangeType><![CDATA[" + changeType
                + "]]></ChangeType><UserID><![CDATA[" + employee + "]]></UserID><ExternalUserID><![CDATA["
                + customer + "]]></ExternalUserID>" + extra + "</xml>";
    }
}
