package com.wecomassist.load.stub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** kf/send_msg of 猜你想问 menus: WeCom's limits, what the customer's client gets, and the click coming back. */
class WecomApiStubMenuTest {

    private final WecomApiStub stub = new WecomApiStub("127.0.0.1", 0);
    private final String base = stub.baseUrl();

    @AfterEach
    void stop() {
        stub.close();
    }

    private static Map<String, Object> click(String id, String content) {
        return Map.of("type", "click", "click", Map.of("id", id, "content", content));
    }

    private static Map<String, Object> menu(String head, List<Map<String, Object>> items, String tail) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (head != null) {
            m.put("head_content", head);
        }
        m.put("list", items);
        if (tail != null) {
            m.put("tail_content", tail);
        }
        return m;
    }

    private JsonNode send(String msgid, Object msgmenu) throws Exception {
        return Http.postJson(base + "/cgi-bin/kf/send_msg?access_token=t", Json.string(Map.of("touser", "wmC", "open_kfid", "wkA",
                "msgid", msgid, "msgtype", "msgmenu", "msgmenu", msgmenu)));
    }

    @Test
    void aMenuWithinWeComsLimitsIsDeliveredAndTheCustomerSeesItsItems() throws Exception {
        stub.hold("wkA", "wmC", "利率是多少");
        List<Map<String, Object>> items = List.of(click("demo-034", "定期存款利率是多少？"), click("demo-035", "活期存款利率是多少？"),
                click("x".repeat(64), "字".repeat(42)));
        JsonNode sent = send("menu1", menu("您是想问以下哪个问题？", items, "都不是？回复「人工」"));
        assertThat(sent.path("errcode").asInt()).isZero();

        JsonNode got = Http.getJson(base + "/_load/await?open_kfid=wkA&external_userid=wmC&after=0&timeout_ms=10000");
        assertThat(got.path("errcode").asInt()).isZero();
        assertThat(got.path("replies").asInt()).isEqualTo(1);
        JsonNode message = got.path("messages").path(0);
        assertThat(message.path("n").asInt()).isEqualTo(1);
        assertThat(message.path("msgtype").asText()).isEqualTo("msgmenu");
        assertThat(message.path("msgmenu").path("head_content").asText()).isEqualTo("您是想问以下哪个问题？");
        assertThat(message.path("msgmenu").path("tail_content").asText()).isEqualTo("都不是？回复「人工」");
        assertThat(MsgMenu.itemsOf(message.path("msgmenu"))).containsExactly(new MsgMenu.Item("demo-034", "定期存款利率是多少？"),
                new MsgMenu.Item("demo-035", "活期存款利率是多少？"), new MsgMenu.Item("x".repeat(64), "字".repeat(42)));
        assertThat(stub.sends(0)).singleElement().satisfies(r -> {
            assertThat(r.msgtype()).isEqualTo("msgmenu");
            assertThat(r.msgid()).isEqualTo("menu1");
        });
        JsonNode stats = Http.getJson(base + "/_load/stats");
        assertThat(stats.path("menus").asLong()).isEqualTo(1);
        assertThat(stats.path("refused_sends").asLong()).isZero();
    }

    @Test
    void menusOutsideWeComsLimitsAreRefusedWithAnInvalidParameterErrcode() throws Exception {
        List<Map<String, Object>> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(click("e" + i, "问题" + i));
        }
        List<Map<String, Object>> ten = eleven.subList(0, 10);
        assertThat(send("ten", menu(null, ten, null)).path("errcode").asInt()).as("ten items, no head or tail").isZero();

        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("eleven items", menu(null, eleven, null));
        bad.put("no items", menu("头", List.of(), null));
        bad.put("no list", Map.of("head_content", "头"));
        bad.put("id of 65 bytes", menu(null, List.of(click("x".repeat(65), "问题")), null));
        bad.put("empty id", menu(null, List.of(click("", "问题")), null));
        bad.put("content of 129 bytes", menu(null, List.of(click("e1", "字".repeat(43))), null));
        bad.put("empty content", menu(null, List.of(click("e1", "")), null));
        bad.put("head of 1025 bytes", menu("字".repeat(341) + "xx", List.of(click("e1", "问题")), null));
        bad.put("tail of 1025 bytes", menu(null, List.of(click("e1", "问题")), "x".repeat(1025)));
        bad.put("a view item", menu(null, List.of(Map.of("type", "view", "view", Map.of("url", "https://x", "content", "看"))), null));
        int n = 0;
        for (Map.Entry<String, Object> e : bad.entrySet()) {
            JsonNode refused = send("bad" + n++, e.getValue());
            assertThat(refused.path("errcode").asInt()).as(e.getKey()).isEqualTo(WecomApiStub.INVALID_PARAMETER);
            assertThat(refused.path("errmsg").asText()).as(e.getKey()).contains("msgmenu");
        }
        // at the limits exactly: a 1024-byte head and tail, a 128-byte item
        assertThat(send("edge", menu("字".repeat(341) + "x", List.of(click("e1", "字".repeat(42) + "xx")), "x".repeat(1024)))
                .path("errcode").asInt()).isZero();
        assertThat(stub.sends(0)).extracting(WecomApiStub.SendRecord::msgid).containsExactly("ten", "edge");
        JsonNode stats = Http.getJson(base + "/_load/stats");
        assertThat(stats.path("refused_sends").asLong()).isEqualTo(bad.size());
        assertThat(stats.path("menus").asLong()).isEqualTo(2);
    }

    @Test
    void anUnknownMsgtypeIsRefused() throws Exception {
        JsonNode refused = Http.postJson(base + "/cgi-bin/kf/send_msg?access_token=t",
                "{\"touser\":\"wmC\",\"open_kfid\":\"wkA\",\"msgtype\":\"image\",\"image\":{\"media_id\":\"m\"}}");
        assertThat(refused.path("errcode").asInt()).isEqualTo(WecomApiStub.INVALID_PARAMETER);
        assertThat(stub.sends(0)).isEmpty();
    }

    @Test
    void aClickComesBackThroughSyncMsgAsATextWithMenuId() throws Exception {
        JsonNode held = Http.postJson(base + "/_load/hold", Json.string(Map.of("open_kfid", "wkA", "external_userid", "wmC",
                "content", "活期存款利率是多少？", "menu_id", "demo-035")));
        assertThat(held.path("errcode").asInt()).isZero();
        stub.hold("wkA", "wmC", "人工");
        JsonNode synced = Http.postJson(base + "/cgi-bin/kf/sync_msg?access_token=t", "{\"open_kfid\":\"wkA\"}");
        JsonNode click = synced.path("msg_list").path(0);
        assertThat(click.path("msgtype").asText()).isEqualTo("text");
        assertThat(click.path("text").path("content").asText()).isEqualTo("活期存款利率是多少？");
        assertThat(click.path("text").path("menu_id").asText()).isEqualTo("demo-035");
        JsonNode typed = synced.path("msg_list").path(1);
        assertThat(typed.path("text").path("content").asText()).isEqualTo("人工");
        assertThat(typed.path("text").has("menu_id")).as("a typed message has no menu_id").isFalse();
        assertThat(Http.getJson(base + "/_load/stats").path("menu_clicks").asLong()).isEqualTo(1);
    }

    @Test
    void awaitShowsOnlyTheMessagesBeyondTheCountAndTheCountItReached() throws Exception {
        stub.hold("wkA", "wmC", "问题");
        for (int i = 1; i <= 3; i++) {
            Http.postJson(base + "/cgi-bin/kf/send_msg?access_token=t", "{\"touser\":\"wmC\",\"open_kfid\":\"wkA\",\"msgid\":\"r" + i
                    + "\",\"msgtype\":\"text\",\"text\":{\"content\":\"回复" + i + "\"}}");
        }
        JsonNode got = Http.getJson(base + "/_load/await?open_kfid=wkA&external_userid=wmC&after=1&timeout_ms=10000");
        assertThat(got.path("replies").asInt()).isEqualTo(3);
        assertThat(got.path("messages")).hasSize(2);
        assertThat(got.path("messages").path(0).path("text").path("content").asText()).isEqualTo("回复2");
        assertThat(got.path("messages").path(1).path("n").asInt()).isEqualTo(3);
        JsonNode none = Http.getJson(base + "/_load/await?open_kfid=wkA&external_userid=wmC&after=3&timeout_ms=100");
        assertThat(none.path("errcode").asInt()).isEqualTo(408);
        assertThat(none.path("replies").asInt()).as("a timeout still says the count").isEqualTo(3);
        assertThat(none.path("messages")).isEmpty();
    }
}
