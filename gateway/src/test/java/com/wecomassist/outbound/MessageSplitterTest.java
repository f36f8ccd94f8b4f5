package com.wecomassist.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MessageSplitterTest {

    @Test
    void leavesAShortTextWhole() {
        assertThat(MessageSplitter.split("您好，请问有什么可以帮您？", 2048)).containsExactly("您好，请问有什么可以帮您？");
    }

    @Test
    void countsBytesNotCharacters() {
        String text = "挂".repeat(700); // 700 chars, 2100 bytes
        List<String> parts = MessageSplitter.split(text, 2048);
        assertThat(parts).hasSize(2);
        assertThat(parts).allSatisfy(p -> assertThat(MessageSplitter.utf8Length(p)).isLessThanOrEqualTo(2048));
        assertThat(String.join("", parts)).isEqualTo(text);
    }

    @Test
    void cutsOnSentenceBoundaries() {
        String text = "第一句话在这里。".repeat(10) + "第二段没有句号但是很长很长";
        List<String> parts = MessageSplitter.split(text, 100);
        assertThat(parts).allSatisfy(p -> assertThat(MessageSplitter.utf8Length(p)).isLessThanOrEqualTo(100));
        assertThat(parts.subList(0, parts.size() - 1)).allSatisfy(p -> assertThat(p).endsWith("。"));
        assertThat(String.join("", parts)).isEqualTo(text);
    }

    @Test
    void neverSplitsASurrogatePair() {
        String text = "😀".repeat(10); // 4 bytes each
        List<String> parts = MessageSplitter.split(text, 10);
        assertThat(parts).allSatisfy(p -> {
            assertThat(MessageSplitter.utf8Length(p)).isLessThanOrEqualTo(10);
            assertThat(p.codePoints().allMatch(cp -> cp == 0x1F600)).isTrue();
        });
        assertThat(String.join("", parts)).isEqualTo(text);
    }

    @Test
    void fallsBackToCommasThenToAHardCut() {
        String commas = "甲乙丙丁，".repeat(30);
        assertThat(MessageSplitter.split(commas, 64)).allSatisfy(p -> assertThat(p).endsWith("，"));
        String unbroken = "a".repeat(5000);
        assertThat(MessageSplitter.split(unbroken, 2048)).extracting(String::length).containsExactly(2048, 2048, 904);
    }
}
