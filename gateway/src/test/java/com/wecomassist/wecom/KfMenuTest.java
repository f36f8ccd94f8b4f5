package com.wecomassist.wecom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The msgmenu a 猜你想问 menu is sent as: WeCom's JSON, WeCom's limits, cuts at character boundaries. */
class KfMenuTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void theBodyIsWeComsMsgmenuWithClickItemsInOrder() {
        KfMenu menu = KfMenu.of("您是想问以下哪个问题？", List.of(KfMenu.Click.cut("demo-008", "忘记借记卡密码怎么办？"),
                KfMenu.Click.cut("demo-026", "手机银行登录密码忘了怎么办？")), "都不是？回复「人工」");
        assertThat(JSON.writeValueAsString(menu.body())).isEqualTo("{\"head_content\":\"您是想问以下哪个问题？\","
                + "\"list\":[{\"type\":\"click\",\"click\":{\"id\":\"demo-008\",\"content\":\"忘记借记卡密码怎么办？\"}},"
                + "{\"type\":\"click\",\"click\":{\"id\":\"demo-026\",\"content\":\"手机银行登录密码忘了怎么办？\"}}],"
                + "\"tail_content\":\"都不是？回复「人工」\"}");
        assertThat(menu.asText()).isEqualTo("您是想问以下哪个问题？\n1. 忘记借记卡密码怎么办？\n2. 手机银行登录密码忘了怎么办？\n"
                + "都不是？回复「人工」");
        // an empty head or tail is left out, as WeCom's fields are optional
        assertThat(new KfMenu("", List.of(new KfMenu.Click("a", "b")), null).body())
                .containsOnlyKeys("list");
    }

    @Test
    void longTextsAreCutWithinTheByteLimitsNeverInsideACharacter() {
        // 50 Chinese characters are 150 bytes: over the 128 of an item
        KfMenu.Click item = KfMenu.Click.cut("e1", "借".repeat(50));
        assertThat(bytes(item.content())).isLessThanOrEqualTo(KfMenu.MAX_CONTENT_BYTES);
        assertThat(item.content()).isEqualTo("借".repeat(41) + "…");
        // a four-byte character (outside the BMP) is never split between its two UTF-16 halves
        KfMenu.Click emoji = KfMenu.Click.cut("e2", "a" + "😀".repeat(40));
        assertThat(bytes(emoji.content())).isLessThanOrEqualTo(KfMenu.MAX_CONTENT_BYTES);
        assertThat(emoji.content()).isEqualTo("a" + "😀".repeat(31) + "…");
        assertThat(emoji.content().codePoints().noneMatch(cp -> Character.isSurrogate((char) cp))).isTrue();
        // what fits is kept as it is
        assertThat(KfMenu.Click.cut("e3", "借".repeat(42)).content()).isEqualTo("借".repeat(42));
        KfMenu long_ = KfMenu.of("头".repeat(400), List.of(item), "尾".repeat(400));
        assertThat(bytes(long_.head())).isLessThanOrEqualTo(KfMenu.MAX_HEAD_TAIL_BYTES);
        assertThat(bytes(long_.tail())).isLessThanOrEqualTo(KfMenu.MAX_HEAD_TAIL_BYTES);
        assertThat(long_.head()).endsWith("…").startsWith("头".repeat(340));
    }

    @Test
    void weComsLimitsAreChecked() {
        List<KfMenu.Click> eleven = IntStream.range(0, 11).mapToObj(i -> new KfMenu.Click("i" + i, "问题" + i)).toList();
        assertThatThrownBy(() -> KfMenu.of("h", eleven, "t")).hasMessageContaining("1 to 10 items");
        assertThatThrownBy(() -> KfMenu.of("h", List.of(), "t")).hasMessageContaining("1 to 10 items");
        assertThat(KfMenu.of("h", eleven.subList(0, 10), "t").items()).hasSize(10);
        assertThatThrownBy(() -> new KfMenu.Click("", "x")).hasMessageContaining("1 to 64 bytes");
        assertThatThrownBy(() -> new KfMenu.Click("x".repeat(65), "x")).hasMessageContaining("1 to 64 bytes");
        // 22 Chinese characters are 66 bytes: too long an id though only 22 characters
        assertThatThrownBy(() -> new KfMenu.Click("编".repeat(22), "x")).hasMessageContaining("1 to 64 bytes");
        assertThat(new KfMenu.Click("编".repeat(21), "x").id()).hasSize(21);
        assertThatThrownBy(() -> new KfMenu.Click("x", " ")).hasMessageContaining("1 to 128 bytes");
        assertThatThrownBy(() -> new KfMenu.Click("x", "借".repeat(43))).hasMessageContaining("1 to 128 bytes");
        assertThatThrownBy(() -> new KfMenu("头".repeat(342), List.of(new KfMenu.Click("a", "b")), ""))
                .hasMessageContaining("1024 bytes");
        assertThat(new KfMenu("头".repeat(341), List.of(new KfMenu.Click("a", "b")), "").head()).hasSize(341);
    }
}
