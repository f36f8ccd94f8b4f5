package com.wecomassist.kb.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.kb.search.lucene.ChineseAnalyzers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ContradictionsTest {

    private final Contradictions c = new Contradictions(ChineseAnalyzers.synonyms());

    @Test
    void oppositeOperationsContradict() {
        assertThat(c.contradict("怎么开通小额免密", "如何关闭小额免密？")).isTrue();
        assertThat(c.contradict("怎么开通小额免密", "如何开通小额免密？")).isFalse();
    }

    @Test
    void cardTypesContradictAfterSynonymRewriting() {
        assertThat(c.contradict("储蓄卡年费多少", "信用卡年费怎么收？")).isTrue();
        assertThat(c.contradict("借记卡年费多少", "借记卡有年费吗？")).isFalse();
    }

    @Test
    void differentErrorCodesContradictButAMissingCodeDoesNot() {
        assertThat(c.contradict("支付报错8800051", "为什么支付报错8800057")).isTrue();
        assertThat(c.contradict("支付报错8800051", "为什么支付报错8800051")).isFalse();
        assertThat(c.contradict("支付报错8800051", "支付失败怎么办")).isFalse();
    }

    /**
     * The normaliser scans a table instead of running one alternation of every spelling (longest
     * first); on every sample text and on texts built from the spellings themselves it must rewrite
     * exactly as that alternation does.
     */
    @Test
    void normalisingRewritesAsAnAlternationOfTheSpellingsLongestFirst() throws IOException {
        Map<String, String> synonyms = new java.util.HashMap<>();
        ChineseAnalyzers.synonyms().forEach((k, v) -> synonyms.put(k.toLowerCase(Locale.ROOT), v));
        Pattern alternation = Pattern.compile(synonyms.keySet().stream()
                .sorted(java.util.Comparator.comparingInt(String::length).reversed())
                .map(Pattern::quote).collect(Collectors.joining("|")));
        List<String> texts = new ArrayList<>(Files.readAllLines(
                Path.of("src/main/resources/com/wecomassist/kb/sample/sample-kb.jsonl"), StandardCharsets.UTF_8));
        List<String> spellings = new ArrayList<>(synonyms.keySet());
        for (int i = 0; i + 2 < spellings.size(); i++) {
            // adjacent and overlapping spellings, mixed case, text between them
            texts.add(spellings.get(i) + spellings.get(i + 1) + "的" + spellings.get(i + 2).toUpperCase(Locale.ROOT) + "吗");
        }
        int rewritten = 0;
        for (String text : texts) {
            Matcher m = alternation.matcher(text.toLowerCase(Locale.ROOT));
            StringBuilder expected = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(expected, Matcher.quoteReplacement(synonyms.get(m.group())));
            }
            m.appendTail(expected);
            assertThat(c.normalise(text)).as(text).isEqualTo(expected.toString());
            if (!expected.toString().equals(text.toLowerCase(Locale.ROOT))) {
                rewritten++;
            }
        }
        assertThat(rewritten).as("texts the synonyms changed").isGreaterThan(texts.size() / 2);
    }
}
