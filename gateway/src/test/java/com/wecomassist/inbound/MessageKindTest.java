package com.wecomassist.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessageKindTest {

    @Test
    void onlyTheExactPlaceholdersStandForMessagesWithoutWords() {
        assertThat(MessageKind.IMAGE.placeholder()).isEqualTo("[image]");
        assertThat(MessageKind.isPlaceholder("[image]")).isTrue();
        assertThat(MessageKind.isPlaceholder(MessageKind.BUSINESS_CARD.placeholder())).isTrue();
        // what customers type: WeChat writes emoticons as bracketed words
        assertThat(MessageKind.isPlaceholder("[微笑]")).isFalse();
        assertThat(MessageKind.isPlaceholder("[捂脸]我的卡被锁了")).isFalse();
        assertThat(MessageKind.isPlaceholder("[image] 看这张图")).isFalse();
    }
}
