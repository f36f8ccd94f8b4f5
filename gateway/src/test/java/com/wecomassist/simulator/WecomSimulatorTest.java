package com.wecomassist.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.wecom.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulator behaves like WeCom where the gateway depends on it. */
class WecomSimulatorTest {

    MutableClock clock = new MutableClock(Instant.parse("2026-11-24T08:00:00Z"));
    WecomSimulator sim = new WecomSimulator(new SimulatorProperties(null, false, "wwcorp", "sec", "tok",
            "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", List.of("wkA"), Duration.ofHours(2), null, 3, 1000, 200, 10_000, 5000, 20_000, false), clock);

    private String token() {
        return (String) sim.getToken("wwcorp", "sec").fields().get("access_token");
    }

    @Test
    void tokensAreCheckedAndExpire() {
        assertThat(sim.getToken("wwcorp", "wrong").errcode()).isEqualTo(40001);
        assertThat(sim.getToken("wwother", "sec").errcode()).isEqualTo(40013);
        String token = token();
        assertThat(sim.admit("kf/send_msg", token)).isNull();
        assertThat(sim.admit("kf/send_msg", null).errcode()).isEqualTo(41001);
        assertThat(sim.admit("kf/send_msg", "made-up").errcode()).isEqualTo(40014);
        clock.advance(Duration.ofHours(2));
        assertThat(sim.admit("kf/send_msg", token).errcode()).isEqualTo(42001);
    }

    @Test
    void theReplyWindowIsFiveMessagesIn48HoursAfterTheCustomersLastMessage() {
        assertThat(sim.sendMsg("wkA", "wm1", "a0", "text", "hi").errcode())
                .as("no session yet (state 4)").isEqualTo(95018);
        sim.customerWrites("wkA", "wm1", "在吗");
        for (int i = 1; i <= 5; i++) {
            assertThat(sim.sendMsg("wkA", "wm1", "a" + i, "text", "回复" + i).errcode()).isZero();
        }
        assertThat(sim.sendMsg("wkA", "wm1", "a6", "text", "第六条").errcode()).isEqualTo(95026);
        sim.customerWrites("wkA", "wm1", "还有一个问题");
        assertThat(sim.sendMsg("wkA", "wm1", "a7", "text", "好的").errcode()).isZero();
        clock.advance(Duration.ofHours(48).plusSeconds(1));
        assertThat(sim.sendMsg("wkA", "wm1", "a8", "text", "太晚了").errcode()).isEqualTo(95026);
    }

    @Test
    void theSameMsgidIsDeliveredOnce() {
        sim.customerWrites("wkA", "wm2", "你好");
        assertThat(sim.sendMsg("wkA", "wm2", "same", "text", "回复").errcode()).isZero();
        assertThat(sim.sendMsg("wkA", "wm2", "same", "text", "回复").errcode()).isZero();
        assertThat(sim.transcript("wkA", "wm2").stream().filter(l -> l.from().equals(ChatLine.BOT))).hasSize(1);
    }

    @Test
    void onlyStatesNewAndBotMayBeAnsweredAndTransfersFollowWeComsTable() {
        sim.customerWrites("wkA", "wm3", "你好");
        assertThat(sim.sessionState("wkA", "wm3")).isZero();
        assertThat(sim.transfer("wkA", "wm3", 3, null).errcode()).isEqualTo(95014);
        assertThat(sim.transfer("wkA", "wm3", 2, null).errcode()).isZero();
        assertThat(sim.sendMsg("wkA", "wm3", "x1", "text", "机器人回复").errcode()).isEqualTo(95018);
        assertThat(sim.transfer("wkA", "wm3", 1, null).errcode()).as("pool cannot go back to the bot").isEqualTo(95018);
        assertThat(sim.transfer("wkA", "wm3", 3, "zhangsan").errcode()).isZero();
        assertThat(sim.serviceState("wkA", "wm3").fields()).containsEntry("servicer_userid", "zhangsan");
        assertThat(sim.transfer("wkA", "wm3", 4, null).errcode()).isZero();
        sim.customerWrites("wkA", "wm3", "又来了");
        assertThat(sim.sessionState("wkA", "wm3")).as("a new message opens a new session").isZero();
    }

    @Test
    void textIsLimitedTo2048BytesAndMsgidsToWeComsAlphabet() {
        sim.customerWrites("wkA", "wm4", "你好");
        assertThat(sim.sendMsg("wkA", "wm4", "ok1", "text", "字".repeat(683)).errcode()).isEqualTo(45002);
        assertThat(sim.sendMsg("wkA", "wm4", "ok2", "text", "字".repeat(682)).errcode()).isZero();
        assertThat(sim.sendMsg("wkA", "wm4", "bad id!", "text", "x").errcode()).isEqualTo(40058);
        assertThat(sim.sendMsg("wkA", "wm4", "x".repeat(33), "text", "x").errcode()).isEqualTo(40058);
    }

    @Test
    void welcomeCodesAreSingleUseAndShortLived() {
        String code = sim.customerEnters("wkA", "wm5");
        assertThat(sim.sendMsgOnEvent(code, "w1", "欢迎").errcode()).isZero();
        assertThat(sim.sendMsgOnEvent(code, "w2", "欢迎").errcode()).isEqualTo(95021);
        String late = sim.customerEnters("wkA", "wm5");
        clock.advance(Duration.ofSeconds(21));
        assertThat(sim.sendMsgOnEvent(late, "w3", "欢迎").errcode()).isEqualTo(95021);
    }

    @Test
    @SuppressWarnings("unchecked")
    void syncPagesWithCursorsAndForgetsAfterThreeDays() {
        sim.customerWrites("wkA", "wm6", "一");
        sim.customerWrites("wkA", "wm6", "二");
        sim.customerWrites("wkA", "wm6", "三");
        Map<String, Object> first = sim.syncMsg("wkA", null, 2).fields();
        assertThat((List<Object>) first.get("msg_list")).hasSize(2);
        assertThat(first.get("has_more")).isEqualTo(1);
        Map<String, Object> second = sim.syncMsg("wkA", (String) first.get("next_cursor"), 2).fields();
        assertThat((List<Map<String, Object>>) second.get("msg_list")).singleElement()
                .satisfies(m -> assertThat((Map<String, Object>) m.get("text")).containsEntry("content", "三"));
        assertThat(second.get("has_more")).isEqualTo(0);
        Map<String, Object> nothingNew = sim.syncMsg("wkA", (String) second.get("next_cursor"), 2).fields();
        assertThat((List<Object>) nothingNew.get("msg_list")).isEmpty();
        assertThat(nothingNew.get("next_cursor")).isEqualTo(second.get("next_cursor"));
        clock.advance(Duration.ofDays(3).plusSeconds(1));
        assertThat((List<Object>) sim.syncMsg("wkA", null, 1000).fields().get("msg_list")).isEmpty();
        assertThat(sim.syncMsg("wkA", "garbage", 10).errcode()).isEqualTo(40058);
        assertThat(sim.syncMsg("wkUnknown", null, 10).errcode()).isEqualTo(40058);
    }

    @Test
    void injectedErrorsAnswerTheNextCalls() {
        String token = token();
        sim.injectError("kf/send_msg", 45009, 2);
        assertThat(sim.admit("kf/send_msg", token).errcode()).isEqualTo(45009);
        assertThat(sim.admit("kf/send_msg", token).errcode()).isEqualTo(45009);
        assertThat(sim.admit("kf/send_msg", token)).isNull();
    }

    private static Map<String, Object> click(String id, String content) {
        return Map.of("type", "click", "click", Map.of("id", id, "content", content));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aMenuIsShownWithinWeComsLimitsSpendsAMessageAndAClickComesBackWithItsId() {
        sim.customerWrites("wkA", "wm9", "密码忘了");
        Map<String, Object> menu = Map.of("head_content", "您是想问以下哪个问题？",
                "list", List.of(click("demo-008", "忘记借记卡密码怎么办？"), click("demo-026", "手机银行登录密码忘了怎么办？")),
                "tail_content", "都不是？回复「人工」");
        assertThat(sim.sendMsg("wkA", "wm9", "m1", "msgmenu", null, menu).errcode()).isZero();
        ChatLine shown = sim.transcript("wkA", "wm9").get(1);
        assertThat(shown.menu().items()).extracting(ChatLine.Item::id).containsExactly("demo-008", "demo-026");
        assertThat(shown.menu().head()).isEqualTo("您是想问以下哪个问题？");
        // WeCom's limits: at most 10 items, ids of 1-64 bytes, item texts of 1-128 bytes, head and tail of 1024
        List<Map<String, Object>> eleven = java.util.stream.IntStream.range(0, 11).mapToObj(i -> click("i" + i, "q"))
                .toList();
        assertThat(sim.sendMsg("wkA", "wm9", "m2", "msgmenu", null, Map.of("list", eleven)).errcode()).isEqualTo(40058);
        assertThat(sim.sendMsg("wkA", "wm9", "m3", "msgmenu", null, Map.of("list", List.of(click("编".repeat(22), "q"))))
                .errcode()).isEqualTo(40058);
        assertThat(sim.sendMsg("wkA", "wm9", "m4", "msgmenu", null, Map.of("list", List.of(click("a", "借".repeat(43)))))
                .errcode()).isEqualTo(40058);
        assertThat(sim.sendMsg("wkA", "wm9", "m5", "msgmenu", null, Map.of("head_content", "头".repeat(342),
                "list", List.of(click("a", "b")))).errcode()).isEqualTo(40058);

        String clicked = sim.customerClicks("wkA", "wm9", "demo-026", "手机银行登录密码忘了怎么办？");
        List<Map<String, Object>> messages = (List<Map<String, Object>>) sim.syncMsg("wkA", null, 1000).fields()
                .get("msg_list");
        Map<String, Object> item = messages.stream().filter(m -> m.get("msgid").equals(clicked)).findFirst().orElseThrow();
        assertThat(item).containsEntry("msgtype", "text");
        assertThat((Map<String, Object>) item.get("text")).containsEntry("menu_id", "demo-026")
                .containsEntry("content", "手机银行登录密码忘了怎么办？");
    }

    /** The chat API is open while the simulator runs: whatever anyone sends, its memory stays bounded. */
    @Test
    @SuppressWarnings("unchecked")
    void itsStateIsBoundedAndTheOldestGoesFirst() {
        WecomSimulator small = new WecomSimulator(new SimulatorProperties(null, false, "wwcorp", "sec", "tok",
                "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", List.of("wkA"), Duration.ofHours(2), null, 3, 3, 4, 5, 5000, 20_000, false),
                clock);
        for (int i = 0; i < 10; i++) {
            small.customerWrites("wkA", "wm" + i, "第" + i + "句");
        }
        assertThat(small.customersKept()).isEqualTo(3);
        // the least recently active went first: wm9 is still known (state 0), wm0 is a stranger again (4)
        assertThat(small.sessionState("wkA", "wm9")).isZero();
        assertThat(small.sessionState("wkA", "wm0")).isEqualTo(4);

        assertThat(small.logged("wkA")).isEqualTo(5);
        List<Map<String, Object>> readable = (List<Map<String, Object>>) small.syncMsg("wkA", null, 1000).fields()
                .get("msg_list");
        assertThat(readable).hasSize(5);
        assertThat((Map<String, Object>) readable.get(4).get("text")).containsEntry("content", "第9句");

        for (int i = 0; i < 6; i++) {
            small.customerWrites("wkA", "wmChatty", "话" + i);
        }
        assertThat(small.transcript("wkA", "wmChatty")).extracting(ChatLine::text)
                .containsExactly("话2", "话3", "话4", "话5");
        assertThat(small.chat("wkA", "wmChatty").take(java.time.Duration.ofMillis(200)).collectList().block())
                .extracting(ChatLine::text).containsExactly("话2", "话3", "话4", "话5");

        for (int i = 0; i < 3; i++) {
            small.getToken("wwcorp", "sec");
        }
        clock.advance(Duration.ofHours(3));
        small.getToken("wwcorp", "sec");
        assertThat(small.accessTokensKept()).as("expired tokens are dropped").isEqualTo(1);
        for (int i = 0; i < WecomSimulator.MAX_ACCESS_TOKENS + 10; i++) {
            small.getToken("wwcorp", "sec");
        }
        assertThat(small.accessTokensKept()).isEqualTo(WecomSimulator.MAX_ACCESS_TOKENS);
    }

    /** Demo credentials everyone knows would let anyone sign callbacks to a gateway that uses them. */
    @Test
    void withoutConfiguredCredentialsEachRunMakesItsOwn() {
        SimulatorProperties one = new SimulatorProperties(null, false, "wwcorp", null, null, null, List.of("wkA"),
                Duration.ofHours(2), null, 3, 10, 10, 10, 10, 10, false);
        SimulatorProperties other = new SimulatorProperties(null, false, "wwcorp", "", " ", null, List.of("wkA"),
                Duration.ofHours(2), null, 3, 10, 10, 10, 10, 10, false);
        assertThat(one.encodingAesKey()).hasSize(43).matches("[A-Za-z0-9]{43}").isNotEqualTo(other.encodingAesKey());
        assertThat(one.token()).hasSize(32).isNotEqualTo(other.token());
        assertThat(one.secret()).hasSize(32).isNotEqualTo(other.secret());
        for (SimulatorProperties s : List.of(one, other)) {
            assertThat(s.token()).isNotEqualTo("SimulatorToken01");
            assertThat(s.secret()).isNotEqualTo("simulator-secret");
            assertThat(s.encodingAesKey()).isNotEqualTo("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG");
        }
    }
}
