package com.wecomassist.optout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wecomassist.compliance.pii.PiiMasker;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which messages opt a customer out: the whole message, normalised, and nothing longer. */
class OptOutPhrasesTest {

    final OptOutPhrases phrases = new OptOutPhrases(new OptOutProperties(
            List.of("退订", "TD", "不要再发", "别再给我发", "不需要推送"), "opt_out", "opt_in").phrases());

    @Test
    void theWholeMessageInAnyWidthCaseSpacingPunctuationOrPolitenessIsAnOptOut() {
        assertThat(phrases.match("退订")).contains("退订");
        assertThat(phrases.match(" 退订。")).contains("退订");
        assertThat(phrases.match("td")).contains("td");
        assertThat(phrases.match("ＴＤ")).as("full width").contains("td");
        assertThat(phrases.match("T D!")).contains("td");
        assertThat(phrases.match("请不要再发了，谢谢！")).contains("不要再发");
        assertThat(phrases.match("别再给我发了吧😡")).contains("别再给我发");
        assertThat(phrases.match("不需要推送")).contains("不需要推送");
    }

    @Test
    void longerSentencesContainingAPhraseAreNot() {
        assertThat(phrases.match("退订单")).isEmpty();
        assertThat(phrases.match("我想退订理财产品")).isEmpty();
        assertThat(phrases.match("怎么退订信用卡短信")).isEmpty();
        assertThat(phrases.match("tdd")).isEmpty();
        assertThat(phrases.match("不要再发验证码了吗")).isEmpty();
        assertThat(phrases.match("谢谢")).isEmpty();
        assertThat(phrases.match("")).isEmpty();
        assertThat(phrases.match(null)).isEmpty();
    }

    @Test
    void everyDefaultPhraseStillMatchesOnceMaskedAsTheListenersGetIt() {
        OptOutProperties defaults = new OptOutProperties(defaultPhrases(), "opt_out", "opt_in");
        OptOutPhrases matching = new OptOutPhrases(defaults.phrases());
        PiiMasker masker = PiiMasker.standard();
        assertThat(defaults.phrases()).hasSizeGreaterThan(10).allSatisfy(phrase ->
                assertThat(matching.match(masker.mask(phrase))).as(phrase).isPresent());
    }

    /** The defaults as Spring binds them (the record's {@code @DefaultValue}). */
    private static List<String> defaultPhrases() {
        try {
            var component = OptOutProperties.class.getRecordComponents()[0];
            var annotation = OptOutProperties.class.getDeclaredConstructor(List.class, String.class, String.class)
                    .getParameters()[0].getAnnotation(org.springframework.boot.context.properties.bind.DefaultValue.class);
            assertThat(component.getName()).isEqualTo("phrases");
            return List.of(annotation.value());
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aPhraseWithNoWordsOrABadEventTypeFailsAtStartup() {
        assertThatThrownBy(() -> new OptOutProperties(List.of("退订", "！！"), "opt_out", "opt_in"))
                .hasMessageContaining("assist.optout.phrases");
        assertThatThrownBy(() -> new OptOutProperties(List.of("退订"), "Opt-Out", "opt_in"))
                .hasMessageContaining("assist.optout.opt-out-event");
        assertThatThrownBy(() -> new OptOutProperties(List.of("退订"), "opt_out", "opt_out"))
                .hasMessageContaining("must differ");
    }
}
