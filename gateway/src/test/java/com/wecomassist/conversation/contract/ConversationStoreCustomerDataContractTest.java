package com.wecomassist.conversation.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.conversation.Conversation;
import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.conversation.ConversationState;
import com.wecomassist.conversation.ConversationStore;
import com.wecomassist.conversation.HandOff;
import com.wecomassist.conversation.memory.InMemoryConversationStore;
import com.wecomassist.conversation.redis.RedisConversationStore;
import com.wecomassist.testing.RedisTestServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * One customer's conversations, for the personal-data export and erasure: found on every account
 * they wrote to, and forgotten (with their places in the waiting list) without touching anyone else's.
 */
class ConversationStoreCustomerDataContractTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant T0 = Instant.parse("2026-11-24T08:00:00Z");

    abstract static class Contract {

        abstract ConversationStore store();

        @Test
        void aCustomersConversationsOnEveryAccountAreFoundAndForgottenAndNoOneElses() {
            ConversationStore store = store();
            ConversationKey onA = ConversationKey.kf("wkA", "wmErase");
            ConversationKey onB = ConversationKey.kf("wkB", "wmErase");
            ConversationKey other = ConversationKey.kf("wkA", "wmKeep");
            // a peer that merely ends with the customer's id is someone else
            ConversationKey lookalike = ConversationKey.kf("wkA", "x:wmErase");
            ConversationKey employee = ConversationKey.app("1000002", "wmErase");
            for (ConversationKey key : new ConversationKey[] {onA, onB, other, lookalike, employee}) {
                store.update(key, c -> c.customerMessaged(T0, T0)).block(WAIT);
            }
            // one of them waits for a person: it is in the waiting list until erased
            store.update(onB, c -> c.handedToPool(new HandOff("complaint", 50, T0), T0)).block(WAIT);
            store.update(other, c -> c.handedToPool(new HandOff("complaint", 50, T0), T0)).block(WAIT);

            assertThat(store.forCustomer("wmErase").map(c -> c.key()).collectList().block(WAIT))
                    .containsExactly(onA, onB);
            assertThat(store.eraseCustomer("wmErase").block(WAIT)).isEqualTo(2);

            assertThat(store.forCustomer("wmErase").collectList().block(WAIT)).isEmpty();
            assertThat(store.get(onB).block(WAIT).version()).as("read as fresh again").isZero();
            assertThat(store.waiting().map(Conversation::key).collectList().block(WAIT)).containsExactly(other);
            assertThat(store.get(other).block(WAIT).state()).isEqualTo(ConversationState.QUEUED);
            assertThat(store.get(lookalike).block(WAIT).version()).isPositive();
            assertThat(store.get(employee).block(WAIT).version()).isPositive();
            assertThat(store.eraseCustomer("wmErase").block(WAIT)).as("nothing left the second time").isZero();
            // the customer writes again: a fresh conversation
            store.update(onA, c -> c.customerMessaged(T0.plusSeconds(5), T0.plusSeconds(5))).block(WAIT);
            assertThat(store.get(onA).block(WAIT).version()).isEqualTo(1);
        }

        @Test
        void aCustomerWithNothingStoredHasNothing() {
            assertThat(store().forCustomer("wmNobody").collectList().block(WAIT)).isEmpty();
            assertThat(store().eraseCustomer("wmNobody").block(WAIT)).isZero();
        }
    }

    @Nested
    class InMemory extends Contract {
        final ConversationStore store = new InMemoryConversationStore(Duration.ofHours(1), Clock.systemUTC());

        ConversationStore store() { return store; }
    }

    @Nested
    class OnRedis extends Contract {
        final ConversationStore store = new RedisConversationStore(RedisTestServer.template(),
                RedisTestServer.freshPrefix(), Duration.ofHours(1), 10, Clock.systemUTC());

        ConversationStore store() { return store; }
    }
}
