package com.wecomassist.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.session.ConversationHistory;
import com.wecomassist.session.Turn;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The whole WeCom path on the embedded defaults: the simulator encrypts a real callback and posts
 * it to the gateway's endpoint, the gateway pulls with kf/sync_msg and answers with kf/send_msg,
 * and the simulator's chat shows what the customer would see.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "assist.wecom.retry-backoff=20ms",
        "assist.wecom.sync-page-size=3",
        "assist.simulator.open-kf-ids=wkBankA,wkBankB"})
@AutoConfigureWebTestClient
class SimulatorEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Autowired
    WecomSimulator simulator;
    @Autowired
    ConversationHistory history;
    @Autowired
    MeterRegistry meters;
    @Autowired
    WebTestClient web;

    private static String newCustomer() {
        return "wm" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private List<ChatLine> botLines(String kf, String customer) {
        return simulator.transcript(kf, customer).stream().filter(l -> l.from().equals(ChatLine.BOT)).toList();
    }

    @Test
    void aCustomerQuestionIsAnsweredThroughTheRealCallbackPath() {
        String customer = newCustomer();
        long syncsBefore = simulator.calls("kf/sync_msg");
        simulator.customerWrites("wkBankA", customer, "手机银行转账限额是多少？");
        await().atMost(WAIT).until(() -> botLines("wkBankA", customer).size() == 1);
        assertThat(botLines("wkBankA", customer).get(0).text()).contains("单日20万元");
        assertThat(simulator.calls("kf/sync_msg")).isGreaterThan(syncsBefore);
        await().atMost(WAIT).until(() -> history.recent(ConversationKey.kf("wkBankA", customer)).block().size() == 2);
        assertThat(history.recent(ConversationKey.kf("wkBankA", customer)).block())
                .extracting(Turn::author).containsExactly(Turn.Author.CUSTOMER, Turn.Author.BOT);
    }

    @Test
    void theChatPageAndItsApiWork() {
        String customer = newCustomer();
        web.get().uri("/simulator").exchange().expectStatus().isFound()
                .expectHeader().location("/simulator/index.html");
        web.get().uri("/simulator/").exchange().expectStatus().isFound()
                .expectHeader().location("/simulator/index.html");
        web.get().uri("/simulator/?openKfId=wkBankA").exchange().expectStatus().isFound()
                .expectHeader().location("/simulator/index.html?openKfId=wkBankA");
        web.get().uri("/simulator/index.html").exchange().expectStatus().isOk()
                .expectBody(String.class).value(html -> assertThat(html).contains("微信客服模拟器"));
        web.post().uri("/simulator/api/chats/wkBankA/{c}/messages", customer)
                .bodyValue(java.util.Map.of("text", "手机银行转账限额是多少？")).exchange().expectStatus().isOk();
        await().atMost(WAIT).until(() -> botLines("wkBankA", customer).size() == 1);
        web.post().uri("/simulator/api/chats/wkUnknown/{c}/messages", customer)
                .bodyValue(java.util.Map.of("text", "x")).exchange().expectStatus().isNotFound();
        web.post().uri("/simulator/api/chats/wkBankA/{c}/messages", customer)
                .bodyValue(java.util.Map.of("text", " ")).exchange().expectStatus().isBadRequest();
    }

    @Test
    void nonTextGetsAPoliteTextReply() {
        String customer = newCustomer();
        simulator.customerSendsImage("wkBankA", customer);
        await().atMost(WAIT).until(() -> botLines("wkBankA", customer).size() == 1);
        assertThat(botLines("wkBankA", customer).get(0).text()).contains("文字");
    }

    @Test
    void enteringTheSessionSendsTheWelcomeOnTheWelcomeCode() {
        String customer = newCustomer();
        long before = simulator.calls("kf/send_msg_on_event");
        simulator.customerEnters("wkBankB", customer);
        await().atMost(WAIT).until(() -> botLines("wkBankB", customer).size() == 1);
        assertThat(botLines("wkBankB", customer).get(0).text()).contains("欢迎");
        assertThat(simulator.calls("kf/send_msg_on_event")).isEqualTo(before + 1);
    }

    @Test
    void aServicersMessagesAreRecordedAndTheBotStaysSilentWhileAPersonOwnsTheSession() {
        String customer = newCustomer();
        simulator.customerWrites("wkBankA", customer, "我要投诉");
        // a complaint goes to a person at once: the bot only says so
        await().atMost(WAIT).until(() -> botLines("wkBankA", customer).size() == 1);
        assertThat(botLines("wkBankA", customer).get(0).text()).contains("人工");

        simulator.servicerTakesOver("wkBankA", customer, "zhangsan");
        simulator.servicerWrites("wkBankA", customer, "zhangsan", "您好，我是客服小张，请讲。");
        ConversationKey key = ConversationKey.kf("wkBankA", customer);
        await().atMost(WAIT).until(() -> history.recent(key).block().stream()
                .anyMatch(t -> t.author() == Turn.Author.SERVICER && t.text().contains("小张")));

        double skippedBefore = skipped("person_holds");
        long sendsBefore = simulator.calls("kf/send_msg");
        simulator.customerWrites("wkBankA", customer, "我的卡被盗刷了");
        await().atMost(WAIT).until(() -> skipped("person_holds") > skippedBefore);
        assertThat(botLines("wkBankA", customer)).hasSize(1);
        // WeCom said a person serves the session (session_status_change): the bot did not even try
        assertThat(simulator.calls("kf/send_msg")).isEqualTo(sendsBefore);
        assertThat(history.recent(key).block()).extracting(Turn::text).contains("我的卡被盗刷了");
    }

    @Test
    void survivesAccessTokensExpiringAndTransientErrors() {
        String customer = newCustomer();
        simulator.customerWrites("wkBankA", customer, "手机银行转账限额是多少？");
        await().atMost(WAIT).until(() -> botLines("wkBankA", customer).size() == 1);
        long tokensBefore = simulator.calls("gettoken");
        simulator.expireAccessTokens();
        simulator.injectError("kf/send_msg", -1, 2);
        simulator.customerWrites("wkBankA", customer, "网点营业时间是几点？");
        await().atMost(WAIT).until(() -> botLines("wkBankA", customer).size() == 2);
        assertThat(simulator.calls("gettoken")).isEqualTo(tokensBefore + 1);
    }

    @Test
    void manyCustomersAtOnceAreEachAnsweredOncePerQuestion() {
        List<String> customers = IntStream.range(0, 20).mapToObj(i -> newCustomer()).toList();
        customers.parallelStream().forEach(c -> {
            simulator.customerWrites("wkBankB", c, "手机银行转账限额是多少？");
            await().atMost(WAIT).until(() -> botLines("wkBankB", c).size() == 1);
            simulator.customerWrites("wkBankB", c, "网点营业时间是几点？");
        });
        await().atMost(WAIT).until(() -> customers.stream().allMatch(c -> botLines("wkBankB", c).size() >= 2));
        // give stray duplicates a moment to show up, then check there are none
        await().pollDelay(Duration.ofMillis(500)).atMost(WAIT).until(() -> true);
        customers.forEach(c -> {
            assertThat(botLines("wkBankB", c)).hasSize(2);
            List<Turn> turns = history.recent(ConversationKey.kf("wkBankB", c)).block();
            assertThat(turns.stream().filter(t -> t.author() == Turn.Author.CUSTOMER).map(Turn::text))
                    .containsExactly("手机银行转账限额是多少？", "网点营业时间是几点？");
            assertThat(botLines("wkBankB", c).get(0).text()).contains("单日20万元");
            assertThat(botLines("wkBankB", c).get(1).text()).contains("9:00");
        });
    }

    private double skipped(String reason) {
        var counter = meters.find("assist.reply.skipped").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }
}
