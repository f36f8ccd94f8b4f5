package com.wecomassist.outreach;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.conversation.HandOff;
import com.wecomassist.conversation.memory.InMemoryConversationStore;
import com.wecomassist.inbound.memory.InMemorySyncCursorStore;
import com.wecomassist.wecom.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When a strategy's message may go to 微信客服: the conversations as the reply pipeline leaves them. */
class ConversationKfWindowsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant T0 = Instant.parse("2026-12-07T04:00:00Z");

    final MutableClock clock = new MutableClock(T0);
    final InMemoryConversationStore conversations = new InMemoryConversationStore(Duration.ofDays(3), clock);
    final InMemorySyncCursorStore accounts = new InMemorySyncCursorStore();
    final ConversationKfWindows windows = new ConversationKfWindows(conversations, accounts);

    private void wrote(ConversationKey key, Instant at) {
        conversations.update(key, c -> c.customerMessaged(at, at)).block(WAIT);
    }

    private void botSent(ConversationKey key, int messages) {
        conversations.update(key, c -> c.repliesSent(messages, clock.instant())).block(WAIT);
    }

    @Test
    void openOnTheAccountTheCustomerWroteToWhileTheBotIsIdleWithRoomForAnAnswer() {
        accounts.remember("wk-a").block(WAIT);
        accounts.remember("wk-b").block(WAIT);
        ConversationKey onB = ConversationKey.kf("wk-b", "wm-kf1");
        assertThat(windows.open("wm-kf1", T0).blockOptional(WAIT)).as("never wrote").isEmpty();

        wrote(onB, T0);
        botSent(onB, 1);
        assertThat(windows.open("wm-kf1", T0.plusSeconds(60)).block(WAIT)).isEqualTo(onB);
        // three of five sent: one for the message, one left for an answer to it
        botSent(onB, 2);
        assertThat(windows.open("wm-kf1", T0.plusSeconds(60)).block(WAIT)).isEqualTo(onB);
        botSent(onB, 1);
        assertThat(windows.open("wm-kf1", T0.plusSeconds(60)).blockOptional(WAIT)).as("no room for an answer").isEmpty();
        // the customer writes again: a fresh window
        wrote(onB, T0.plusSeconds(120));
        assertThat(windows.open("wm-kf1", T0.plusSeconds(180)).block(WAIT)).isEqualTo(onB);
        // 48 hours later it is closed
        assertThat(windows.open("wm-kf1", T0.plusSeconds(120).plus(Duration.ofHours(48))).blockOptional(WAIT))
                .isEmpty();
    }

    @Test
    void closedWhileAPersonHoldsTheConversationOrTheBotIsAnswering() {
        accounts.remember("wk-a").block(WAIT);
        ConversationKey key = ConversationKey.kf("wk-a", "wm-kf2");
        wrote(key, T0);
        conversations.update(key, c -> c.draftingStarted(T0, "m1")).block(WAIT);
        assertThat(windows.open("wm-kf2", T0.plusSeconds(5)).blockOptional(WAIT)).as("an answer is on its way").isEmpty();
        conversations.update(key, c -> c.handedToPool(new HandOff("customer-asked", 10, T0), T0)).block(WAIT);
        assertThat(windows.open("wm-kf2", T0.plusSeconds(5)).blockOptional(WAIT)).as("queued for a person").isEmpty();
    }
}
