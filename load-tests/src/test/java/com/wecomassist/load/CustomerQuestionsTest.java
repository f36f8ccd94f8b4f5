package com.wecomassist.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CustomerQuestionsTest {

    @Test
    void theBuiltInListHasManyQuestionsAndNoneThatAreHandedToAPersonByIntent() {
        List<String> questions = CustomerQuestions.builtIn();
        assertThat(questions).hasSizeGreaterThanOrEqualTo(40).doesNotHaveDuplicates()
                .noneMatch(q -> q.startsWith("#"))
                .noneMatch(q -> q.contains("投诉") || q.contains("人工") || q.contains("丢") || q.contains("骗"));
    }

    @Test
    void aShareOfTurnsAsksAQuestionNobodyAskedBefore() {
        CustomerQuestions questions = new CustomerQuestions(List.of("怎么查余额", "信用卡怎么还款"), 0.25);
        Set<String> seen = new HashSet<>();
        int fresh = 0;
        for (int i = 0; i < 4000; i++) {
            String q = questions.next();
            assertThat(q).satisfiesAnyOf(s -> assertThat(s).startsWith("怎么查余额"), s -> assertThat(s).startsWith("信用卡怎么还款"));
            if (q.contains("咨询单号")) {
                assertThat(seen.add(q)).as("a new question is new").isTrue();
                fresh++;
            }
        }
        assertThat(fresh).isBetween(800, 1200);
    }

    @Test
    void withoutNewQuestionsOnlyTheListIsAskedAndBadSettingsAreRefused() {
        CustomerQuestions questions = new CustomerQuestions(List.of("网点几点开门"), 0);
        for (int i = 0; i < 100; i++) {
            assertThat(questions.next()).isEqualTo("网点几点开门");
        }
        assertThatThrownBy(() -> new CustomerQuestions(List.of(), 0.2)).hasMessageContaining("empty");
        assertThatThrownBy(() -> new CustomerQuestions(List.of("a"), 1.5)).hasMessageContaining("new-question-share");
        assertThat(CustomerQuestions.parse(List.of("# note", "  ", " 怎么开户 "))).containsExactly("怎么开户");
    }
}
