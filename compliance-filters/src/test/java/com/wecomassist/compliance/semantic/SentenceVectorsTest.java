package com.wecomassist.compliance.semantic;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What part of a sentence is embedded. */
class SentenceVectorsTest {

    @Test
    void aSentenceUpToTheCapIsEmbeddedWholeALongerOneByItsFirstCharacters() {
        String shortOne = "亏了算我的，我自己掏钱补给您";
        assertThat(SentenceVectors.capped(shortOne)).isEqualTo(shortOne);
        String longOne = "这".repeat(SentenceVectors.MAX_CHARS) + "后面这些字不会被嵌入";
        assertThat(SentenceVectors.capped(longOne)).isEqualTo("这".repeat(SentenceVectors.MAX_CHARS));
    }

    @Test
    void theCapCountsCharactersNotUtf16Units() {
        // A supplementary character (an emoji) is one character and is never cut in half.
        String s = "😀".repeat(SentenceVectors.MAX_CHARS + 3);
        String capped = SentenceVectors.capped(s);
        assertThat(capped.codePointCount(0, capped.length())).isEqualTo(SentenceVectors.MAX_CHARS);
        assertThat(Character.isHighSurrogate(capped.charAt(capped.length() - 1))).isFalse();
    }

    @Test
    void theProbeOfTheVectorFileIsLongerThanTheCapSoAFileWrittenUnderAnotherCapIsRewritten() {
        assertThat(Sentences.fold(VectorFile.PROBE).length()).isGreaterThan(SentenceVectors.MAX_CHARS);
    }
}
