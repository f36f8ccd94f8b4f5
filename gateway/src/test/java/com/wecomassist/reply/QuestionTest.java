package com.wecomassist.reply;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.inbound.InboundMessage;
import com.wecomassist.inbound.MessageKind;
import com.wecomassist.inbound.MessageOrigin;
import com.wecomassist.session.Turn;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which of the customer's lines a reply answers. */
class QuestionTest {

    private static final Instant T0 = Instant.parse("2026-11-24T08:00:00Z");
    private static final ConversationKey KEY = ConversationKey.kf("wkQ", "wmQ");
    private static final ReplyProperties SETTINGS = new ReplyProperties(Duration.ofMinutes(30), 20,
            Duration.ofHours(48), "welcome", "non-text", Duration.ofSeconds(2), Duration.ofMinutes(2), 5,
            "handoff", "blocked", "您是想问以下哪个问题？", "都不是？回复「人工」", "declined", Duration.ofSeconds(5));

    @Test
    void theCustomersLinesSinceTheBotsLastReplyAreOneQuestion() {
        List<Turn> history = List.of(customer("m1", "信用卡年费多少", 0), bot("r1", "首年免年费", 5),
                customer("m2", "你好", 30), customer("m3", "怎么挂失", 31));

        Question q = Question.from(history, message("m3", "怎么挂失", 31), "怎么挂失", SETTINGS, "m1");

        assertThat(q.text()).isEqualTo("你好\n怎么挂失");
        assertThat(q.lines()).isEqualTo(2);
        assertThat(q.through()).isEqualTo("m3");
        assertThat(q.conversationStart()).isFalse();
    }

    /** The race this guards against: the reply to m1 is sent but not yet in the history when m2 arrives. */
    @Test
    void aLineAlreadyTakenUpIsNotAnsweredAgainBeforeItsReplyIsInTheHistory() {
        List<Turn> history = List.of(customer("m1", "信用卡年费多少", 0), customer("m2", "怎么挂失", 1));

        Question q = Question.from(history, message("m2", "怎么挂失", 1), "怎么挂失", SETTINGS, "m1");

        assertThat(q.text()).isEqualTo("怎么挂失");
        assertThat(q.through()).isEqualTo("m2");
        assertThat(q.conversationStart()).as("the bot has answered already: no greeting").isFalse();
    }

    @Test
    void withoutALineTakenUpTheWholeBurstIsRead() {
        List<Turn> history = List.of(customer("m1", "信用卡年费多少", 0), customer("m2", "怎么挂失", 1));

        Question q = Question.from(history, message("m2", "怎么挂失", 1), "怎么挂失", SETTINGS, null);

        assertThat(q.text()).isEqualTo("信用卡年费多少\n怎么挂失");
        assertThat(q.conversationStart()).isTrue();
    }

    /** A try that stopped after taking the line up: the redelivered message is answered in full. */
    @Test
    void aRedeliveredLineIsAnsweredAsIfNew() {
        List<Turn> history = List.of(customer("m1", "你好", 0), customer("m2", "怎么挂失", 1));

        Question q = Question.from(history, message("m2", "怎么挂失", 1), "怎么挂失", SETTINGS, "m2");

        assertThat(q.text()).isEqualTo("你好\n怎么挂失");
        assertThat(q.through()).isEqualTo("m2");
        assertThat(q.conversationStart()).isTrue();
    }

    @Test
    void aMessageNotYetInTheHistoryIsTheQuestionByItself() {
        Question q = Question.from(List.of(bot("r1", "首年免年费", 0)), message("m9", "怎么挂失", 1), "怎么挂失",
                SETTINGS, "m1");

        assertThat(q.text()).isEqualTo("怎么挂失");
        assertThat(q.through()).isEqualTo("m9");
    }

    /** A picture between two lines stands in the history by its kind, not read as words (an emoticon is words). */
    @Test
    void aMessageWithoutWordsIsNotPartOfTheQuestion() {
        List<Turn> history = List.of(customer("m1", "[微笑]你好", 0),
                Turn.withoutWords(Turn.Author.CUSTOMER, "[image]", T0.plusSeconds(1), "m2"),
                customer("m3", "这张卡怎么挂失", 2));

        Question q = Question.from(history, message("m3", "这张卡怎么挂失", 2), "这张卡怎么挂失", SETTINGS, null);

        assertThat(q.text()).isEqualTo("[微笑]你好\n这张卡怎么挂失");
        assertThat(q.lines()).isEqualTo(2);
        assertThat(q.through()).isEqualTo("m3");
    }

    private static Turn customer(String id, String text, int second) {
        return Turn.said(Turn.Author.CUSTOMER, text, T0.plusSeconds(second), id);
    }

    private static Turn bot(String id, String text, int second) {
        return Turn.said(Turn.Author.BOT, text, T0.plusSeconds(second), id);
    }

    private static InboundMessage message(String id, String text, int second) {
        return new InboundMessage(id, KEY, MessageOrigin.CUSTOMER, MessageKind.TEXT, text, T0.plusSeconds(second),
                null, null);
    }
}
