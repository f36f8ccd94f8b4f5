package com.wecomassist.compliance.eval;

import com.wecomassist.compliance.rules.Action;
import com.wecomassist.compliance.rules.TextKind;
import com.wecomassist.compliance.semantic.Label;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabelledSetTest {

    @TempDir
    Path dir;

    private static final String GOOD_V = "{\"text\":\"包您稳赚\",\"label\":\"violation\",\"expected\":\"BLOCK\",\"category\":\"return-promise\",\"basis\":\"广告法\",\"kind\":\"ai-draft\"}";
    private static final String GOOD_C = "{\"text\":\"不保本\",\"label\":\"clean\",\"expected\":\"PASS\",\"category\":\"return-promise\",\"basis\":\"\",\"kind\":\"agent-reply\"}";

    @Test
    void readsRowsOfAFileOrOfADirectory() throws IOException {
        Path f = dir.resolve("a.jsonl");
        Files.writeString(f, GOOD_V + "\n\n" + GOOD_C + "\n");
        LabelledSet set = LabelledSet.read(f);
        assertThat(set.rows()).containsExactly(
                new LabelledText("包您稳赚", Label.VIOLATION, Action.BLOCK, "return-promise", "广告法", TextKind.AI_DRAFT),
                new LabelledText("不保本", Label.CLEAN, Action.PASS, "return-promise", "", TextKind.AGENT_REPLY));
        Files.writeString(dir.resolve("b.jsonl"), GOOD_C + "\n");
        Files.writeString(dir.resolve("notes.txt"), "not read");
        assertThat(LabelledSet.read(dir).rows()).hasSize(3);
    }

    @Test
    void aBadRowStopsReadingWithFileAndLine() throws IOException {
        bad("{oops", ":2: not valid JSON");
        bad("[1]", ":2: expected a JSON object");
        bad(GOOD_V.replace("\"text\":\"包您稳赚\",", ""), ":2: missing string field 'text'");
        bad(GOOD_V.replace("violation", "bad"), ":2: 'label' must be");
        bad(GOOD_V.replace("BLOCK", "STOP"), ":2: unknown 'expected' action 'STOP'");
        bad(GOOD_C.replace("PASS", "BLOCK"), ":2: a clean row must expect PASS");
        bad(GOOD_V.replace("BLOCK", "PASS"), ":2: a violation cannot expect PASS");
        bad(GOOD_V.replace("ai-draft", "customer-message"), ":2: 'kind' must be ai-draft or agent-reply");
        bad(GOOD_V.replace("\"category\":\"return-promise\"", "\"category\":\"\""), ":2: 'category' is empty");
    }

    private void bad(String secondLine, String message) throws IOException {
        Path f = dir.resolve("bad.jsonl");
        Files.writeString(f, GOOD_C + "\n" + secondLine + "\n");
        assertThatThrownBy(() -> LabelledSet.read(f)).isInstanceOf(IOException.class)
                .hasMessageContaining(f.toString() + message);
    }

    @Test
    void partsParseByDirectoryName() {
        assertThat(Part.parse("tune")).isEqualTo(Part.TUNE);
        assertThat(Part.parse("held-back")).isEqualTo(Part.HELD_BACK);
        assertThat(Part.parse("HELD_BACK")).isEqualTo(Part.HELD_BACK);
        assertThat(Part.parse("train")).isNull();
    }
}
