package com.wecomassist.reply;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.inbound.InboundMessage;
import com.wecomassist.inbound.MessageKind;
import com.wecomassist.inbound.MessageOrigin;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The burst watch on its own: which line is the latest, and when a conversation is forgotten. */
class BurstWatchTest {

    private static final ConversationKey KEY = ConversationKey.kf("wkA", "wmCustomer");
    private static final Instant T0 = Instant.parse("2026-11-24T08:00:00Z");

    private final BurstWatch bursts = new BurstWatch(Duration.ofSeconds(2));

    @Test
    void aLaterLineSupersedesAnEarlierOne() {
        InboundMessage first = line("m1", T0);
        InboundMessage second = line("m2", T0.plusSeconds(1));
        bursts.arrived(first);
        bursts.arrived(second);

        assertThat(bursts.supersededAfter(first)).isTrue();
        assertThat(bursts.supersededAfter(second)).isFalse();
    }

    /**
     * After a crash the intake hands a line on again (at least once): the copy of an earlier line
     * arriving while the latest waits must not become the latest, or the latest would be folded into
     * a copy the reply flow drops, and nobody would answer.
     */
    @Test
    void aRedeliveredEarlierLineDoesNotBecomeTheLatest() {
        InboundMessage first = line("m1", T0);
        InboundMessage second = line("m2", T0.plusSeconds(1));
        bursts.arrived(first);
        bursts.arrived(second);
        bursts.arrived(first);

        assertThat(bursts.supersededAfter(second)).isFalse();
    }

    @Test
    void anEndedLineIsForgottenUnlessALaterOneArrived() {
        InboundMessage first = line("m1", T0);
        InboundMessage second = line("m2", T0);
        bursts.arrived(first);
        bursts.arrived(second);

        bursts.ended(first);
        assertThat(bursts.watching()).isEqualTo(1);
        bursts.ended(second);
        assertThat(bursts.watching()).isZero();
    }

    private static InboundMessage line(String id, Instant sentAt) {
        return new InboundMessage(id, KEY, MessageOrigin.CUSTOMER, MessageKind.TEXT, "你好", sentAt, null, null);
    }
}
