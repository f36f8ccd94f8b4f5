package com.wecomassist.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.compliance.pii.PiiMasker;
import com.wecomassist.conversation.ConversationKey;
import com.wecomassist.session.memory.InMemoryConversationHistory;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The words of those serving the customer are kept masked; the customer's own come masked from intake
 * and are kept as given; placeholders and events are kept as they are.
 */
class MaskedConversationHistoryTest {

    private final ConversationHistory history = new MaskedConversationHistory(
            new InMemoryConversationHistory(10, Duration.ofHours(1)), PiiMasker.standard()::mask);
    private final ConversationKey key = ConversationKey.kf("wk1", "wm1");
    private final Instant at = Instant.parse("2026-11-24T08:00:00Z");

    @Test
    void theServersWordsAreMasked() {
        history.append(key, Turn.said(Turn.Author.CUSTOMER, "我的手机*******5678", at, "m1")).block();
        history.append(key, Turn.said(Turn.Author.SERVICER, "已登记手机13812345678", at, "m2")).block();
        history.append(key, Turn.said(Turn.Author.BOT, "请拨打95588，或发邮件到 zhang.san@example.com", at, "r1")).block();
        history.append(key, Turn.withoutWords(Turn.Author.CUSTOMER, "[image]", at, "m3")).block();
        history.append(key, Turn.event("接待人员=servicer01", at, "e1")).block();

        assertThat(history.recent(key).block()).extracting(Turn::text).containsExactly(
                "我的手机*******5678", "已登记手机*******5678", "请拨打95588，或发邮件到 z********@example.com", "[image]",
                "接待人员=servicer01");
        assertThat(history.recent(key).block()).extracting(Turn::kind).containsExactly(Turn.Kind.TEXT, Turn.Kind.TEXT,
                Turn.Kind.TEXT, Turn.Kind.NON_TEXT, Turn.Kind.EVENT);
    }
}
