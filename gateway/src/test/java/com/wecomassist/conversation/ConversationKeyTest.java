package com.wecomassist.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConversationKeyTest {

    @Test
    void idsAreLowerCaseChannelAccountAndPeerAndParseBack() {
        ConversationKey kf = ConversationKey.kf("wkAbc", "wmXyz");
        ConversationKey app = ConversationKey.app("1000002", "ZhangSan");

        assertThat(kf.id()).isEqualTo("kf:wkAbc:wmXyz");
        assertThat(app.id()).isEqualTo("app:1000002:ZhangSan");
        assertThat(ConversationKey.parse(kf.id())).isEqualTo(kf);
        assertThat(ConversationKey.parse(app.id())).isEqualTo(app);
        assertThat(kf.toString()).isEqualTo(kf.id());
    }

    @Test
    void aPeerWithColonsStaysWhole() {
        ConversationKey key = ConversationKey.kf("wkA", "x:wm1");

        assertThat(ConversationKey.parse(key.id())).isEqualTo(key);
        assertThat(ConversationKey.idWithCustomer(key.id(), "wm1")).isFalse();
        assertThat(ConversationKey.idWithCustomer(key.id(), "x:wm1")).isTrue();
    }

    @Test
    void anUnknownChannelIsRefused() {
        assertThatThrownBy(() -> ConversationKey.parse("KF:wkA:wm1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown channel");
    }
}
