package com.wecomassist.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wecomassist.AssistApplication;
import com.wecomassist.kb.eval.EvalQuery;
import com.wecomassist.testing.OwnNettyResources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The regression questions of the publish gate: the sample by default, a file when configured, clear errors. */
class ChangeSetConfigurationTest {

    @Test
    void byDefaultTheSampleQuestionsOfTheSampleKnowledgeBase() {
        List<EvalQuery> queries = ChangeSetConfiguration.regressionQueries("");
        assertThat(queries).hasSize(60);
        assertThat(queries).allSatisfy(q -> assertThat(q.expectedId()).startsWith("demo-"));
    }

    @Test
    void aConfiguredFileIsRead(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("q.jsonl"), """
                {"query": "卡丢了", "expectedId": "demo-010"}

                {"query": "转账限额", "expectedId": "demo-016", "answerId": "a16"}
                """);
        assertThat(ChangeSetConfiguration.regressionQueries(file.toString()))
                .containsExactly(new EvalQuery("卡丢了", "demo-010", ""), new EvalQuery("转账限额", "demo-016", "a16"));
    }

    @Test
    void aMissingInvalidOrEmptyFileIsRefusedWithTheSettingNamed(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> ChangeSetConfiguration.regressionQueries(dir.resolve("none.jsonl").toString()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("assist.kb.regression.queries=")
                .hasMessageContaining("no such file");
        Path bad = Files.writeString(dir.resolve("bad.jsonl"), "{\"query\": \"卡丢了\"}\nnot json\n");
        assertThatThrownBy(() -> ChangeSetConfiguration.regressionQueries(bad.toString()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("2 bad line(s)")
                .hasMessageContaining("missing field 'expectedId'")
                .hasMessageContaining("invalid JSON");
        Path empty = Files.writeString(dir.resolve("empty.jsonl"), "\n");
        assertThatThrownBy(() -> ChangeSetConfiguration.regressionQueries(empty.toString()))
                .hasMessageContaining("has no questions");
    }

    @Test
    void theGatewayDoesNotStartWithABadMarginOrQuestionFile() {
        assertThatThrownBy(() -> start("assist.kb.regression.max-accuracy-drop=2").close())
                .hasStackTraceContaining("assist.kb.regression.max-accuracy-drop must be within 0..1");
        assertThatThrownBy(() -> start("assist.kb.regression.queries=/no/such/questions.jsonl").close())
                .hasStackTraceContaining("assist.kb.regression.queries=/no/such/questions.jsonl")
                .hasStackTraceContaining("no such file");
    }

    private static org.springframework.context.ConfigurableApplicationContext start(String property) {
        return new SpringApplicationBuilder(AssistApplication.class, OwnNettyResources.class)
                .run("--server.port=0", "--assist.kb.dir=", "--" + property);
    }
}
