package com.wecomassist.reply;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.retrieve.Retriever;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** The answer path's warm-up on the application's own retriever and compliance layers. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AnswerPathWarmUpTest {

    @Autowired
    AnswerPathWarmUp warmUp;
    @Autowired
    Retriever retriever;

    @Test
    void retrievesAndChecksEveryWarmUpTextWithinItsTime() {
        int done = warmUp.warmUp(Duration.ofMinutes(2));

        assertThat(done).isEqualTo(AnswerPathWarmUp.LEAD_INS.size() * AnswerPathWarmUp.QUESTIONS.size());
    }

    @Test
    void stopsWhenItsTimeIsUp() {
        assertThat(warmUp.warmUp(Duration.ZERO)).isZero();
    }

    @Test
    void itsQuestionsAreOnesTheSampleKnowledgeBaseAnswers() {
        // a warm-up that retrieved nothing would leave the ranking and fusion code cold
        var retrieval = retriever.retrieve(AnswerPathWarmUp.QUESTIONS.get(0) + "？", 3).block(Duration.ofSeconds(30));

        assertThat(retrieval).isNotNull();
        assertThat(retrieval.entries()).isNotEmpty();
    }
}
