package com.wecomassist.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wecomassist.load.CustomerQuestions.Question;
import com.wecomassist.load.stub.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CustomerQuestionsTest {

    /** The gateway's sample knowledge base (the load runs serve it): the lists' entry ids must be its. */
    private static final Path SAMPLE_KB = Path.of("../knowledge-base/src/main/resources/com/wecomassist/kb/sample/sample-kb.jsonl");

    private static Set<String> sampleEntryIds() throws IOException {
        return Files.readAllLines(SAMPLE_KB, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank())
                .map(l -> Json.tree(l).path("id").asText()).collect(Collectors.toSet());
    }

    @Test
    void theBuiltInListHasManyQuestionsAndNoneThatAreHandedToAPersonByIntent() {
        List<String> questions = CustomerQuestions.builtIn().stream().map(Question::text).toList();
        assertThat(questions).hasSizeGreaterThanOrEqualTo(40).doesNotHaveDuplicates()
                .noneMatch(q -> q.startsWith("#"))
                .noneMatch(q -> q.contains("投诉") || q.contains("人工") || q.contains("丢") || q.contains("骗"));
    }

    @Test
    void everyBuiltInQuestionNamesAnEntryOfTheSampleKnowledgeBase() throws IOException {
        Set<String> ids = sampleEntryIds();
        assertThat(ids).hasSizeGreaterThan(50);
        assertThat(CustomerQuestions.builtIn()).allSatisfy(q -> assertThat(ids).contains(q.expectedEntryId()));
        assertThat(CustomerQuestions.resource(CustomerQuestions.BUILT_IN_AMBIGUOUS))
                .allSatisfy(q -> assertThat(ids).contains(q.expectedEntryId()));
    }

    @Test
    void eachAmbiguousQuestionIsMeantAsTwoDifferentEntries() {
        List<Question> ambiguous = CustomerQuestions.resource(CustomerQuestions.BUILT_IN_AMBIGUOUS);
        Map<String, Set<String>> meanings = ambiguous.stream().collect(Collectors.groupingBy(Question::text,
                Collectors.mapping(Question::expectedEntryId, Collectors.toSet())));
        assertThat(meanings).hasSizeGreaterThanOrEqualTo(8).allSatisfy((text, entries) -> assertThat(entries).hasSize(2));
        assertThat(ambiguous).doesNotHaveDuplicates()
                .noneMatch(q -> q.text().contains("投诉") || q.text().contains("人工") || q.text().contains("丢") || q.text().contains("骗"));
    }

    @Test
    void aShareOfTurnsAsksAQuestionNobodyAskedBefore() {
        CustomerQuestions questions = new CustomerQuestions(List.of(new Question("怎么查余额", "e1"),
                new Question("信用卡怎么还款", "e2")), 0.25);
        Set<String> seen = new HashSet<>();
        int fresh = 0;
        for (int i = 0; i < 4000; i++) {
            Question q = questions.nextQuestion();
            assertThat(q.text()).satisfiesAnyOf(s -> assertThat(s).startsWith("怎么查余额"), s -> assertThat(s).startsWith("信用卡怎么还款"));
            // a new question is still about the entry of the one it was made from
            assertThat(q.expectedEntryId()).isEqualTo(q.text().startsWith("怎么查余额") ? "e1" : "e2");
            if (q.text().contains("咨询单号")) {
                assertThat(seen.add(q.text())).as("a new question is new").isTrue();
                fresh++;
            }
        }
        assertThat(fresh).isBetween(800, 1200);
    }

    @Test
    void aShareOfTurnsAsksAnAmbiguousQuestion() {
        CustomerQuestions questions = new CustomerQuestions(List.of(new Question("网点几点开门", "demo-075")),
                List.of(new Question("利率是多少", "demo-034"), new Question("利率是多少", "demo-035")), 0.3, 0);
        int ambiguous = 0;
        Set<String> meant = new HashSet<>();
        for (int i = 0; i < 4000; i++) {
            Question q = questions.nextQuestion();
            if (q.text().equals("利率是多少")) {
                ambiguous++;
                meant.add(q.expectedEntryId());
            } else {
                assertThat(q).isEqualTo(new Question("网点几点开门", "demo-075"));
            }
        }
        assertThat(ambiguous).isBetween(1000, 1400);
        assertThat(meant).containsExactlyInAnyOrder("demo-034", "demo-035");
        assertThatThrownBy(() -> new CustomerQuestions(List.of(new Question("a", null)), List.of(), 0.3, 0))
                .hasMessageContaining("ambiguous-share");
    }

    @Test
    void withoutNewQuestionsOnlyTheListIsAskedAndBadSettingsAreRefused() {
        CustomerQuestions questions = new CustomerQuestions(List.of(new Question("网点几点开门", null)), 0);
        for (int i = 0; i < 100; i++) {
            assertThat(questions.next()).isEqualTo("网点几点开门");
        }
        assertThatThrownBy(() -> new CustomerQuestions(List.of(), 0.2)).hasMessageContaining("empty");
        assertThatThrownBy(() -> new CustomerQuestions(List.of(new Question("a", null)), 1.5)).hasMessageContaining("new-question-share");
    }

    @Test
    void aLineMayNameTheEntryAfterATab() {
        assertThat(CustomerQuestions.parse(List.of("# note", "  ", " 怎么开户 ", "怎么查余额\tdemo-009 ", "利率\t ")))
                .containsExactly(new Question("怎么开户", null), new Question("怎么查余额", "demo-009"), new Question("利率", null));
    }

    @Test
    void theEvaluationHarnessesLabelledQuestionsReadAsTheyAre() throws IOException {
        assertThat(CustomerQuestions.parse(List.of("{\"query\": \"储蓄卡密码忘记了\", \"expectedId\": \"demo-008\"}",
                "{\"query\": \"随便问问\"}"))).containsExactly(new Question("储蓄卡密码忘记了", "demo-008"), new Question("随便问问", null));
        assertThatThrownBy(() -> CustomerQuestions.parse(List.of("{\"expectedId\": \"demo-008\"}"))).hasMessageContaining("query");
        List<Question> sample = CustomerQuestions.read(SAMPLE_KB.resolveSibling("sample-queries.jsonl"));
        assertThat(sample).hasSizeGreaterThanOrEqualTo(50).allSatisfy(q -> assertThat(q.expectedEntryId()).startsWith("demo-"));
    }
}
