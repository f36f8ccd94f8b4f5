package com.wecomassist.audit.memory;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditEvent.Type;
import com.wecomassist.wecom.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import reactor.test.StepVerifier;

/** What only the embedded adapter does: the log line, and the bounds of its memory. */
class InMemoryAuditTrailTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Instant START = Instant.parse("2026-11-24T08:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(InMemoryAuditTrail.LOGGER);
    private Level levelBefore;

    @BeforeEach
    void captureTheAuditLog() {
        // a Spring test earlier in this JVM may have set the level (logging.level.*): it outlives its context
        levelBefore = logger.getLevel();
        logger.setLevel(Level.INFO);
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
        logger.setLevel(levelBefore);
    }

    @Test
    void writesOneEscapedKeyValueLinePerEvent() {
        InMemoryAuditTrail trail = new InMemoryAuditTrail(10, 10, Duration.ofDays(7), clock);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("entries", List.of("kb-17@3", "kb-4@12"));
        details.put("confidence", 0.82);
        details.put("reason", "客户要求人工\ntype=SENT actor=forged");
        AuditEvent routed = new AuditEvent(Type.ROUTED, "kf:wkBank:wm1", "d-1", "bot", START, details);

        StepVerifier.create(trail.record(routed)).expectComplete().verify(WAIT);

        assertThat(lines.list).hasSize(1);
        ILoggingEvent line = lines.list.get(0);
        assertThat(line.getLevel()).isEqualTo(Level.INFO);
        assertThat(line.getFormattedMessage())
                .isEqualTo("type=ROUTED conversation=kf:wkBank:wm1 subject=d-1 actor=bot at=2026-11-24T08:00:00Z "
                        + "details.entries=\"[\\\"kb-17@3\\\",\\\"kb-4@12\\\"]\" details.confidence=0.82 "
                        + "details.reason=\"客户要求人工\\ntype=SENT actor=forged\"")
                .doesNotContain("\n");
    }

    @Test
    void writtenBareExactlyWhenTheLetterNumberAndPunctuationClassAllowsIt() {
        java.util.regex.Pattern bareClass = java.util.regex.Pattern.compile("[\\p{L}\\p{N}._:@/+#,\\-\\[\\]]+");
        List<String> samples = List.of("", "kf:wkBank:wm1", "kb-17@3", "2026-11-24T08:00:00Z", "0.82", "客户要求人工",
                "a b", "a=b", "\"q\"", "line\nbreak", "tab\t", "[银行卡1]", "Ⅻ½", "𠀀字", "😀", "a;b", "x\u00a0y",
                "details.reason", "#1,2/3+4_5", "{json}", "é", "١٢٣", "a'b", "\\");
        for (String sample : samples) {
            assertThat(InMemoryAuditTrail.bare(sample)).as(sample).isEqualTo(bareClass.matcher(sample).matches());
        }
    }

    @Test
    void quotesEveryValueAsJacksonWritesAStringLiteral() {
        tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder().build();
        List<String> values = List.of("a b", "a=b", "\"q\"", "line\nbreak\r", "tab\t", "back\\slash", "a/b c",
                "ctl\u0001\u001f", "del\u007f x", "sep\u2028\u2029 x", "😀 𠀀", "x\u00a0y", "");
        for (String value : values) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put(value, value);
            AuditEvent event = new AuditEvent(Type.ROUTED, null, "s", "bot", START, details);
            String key = InMemoryAuditTrail.bare("details." + value) ? "details." + value
                    : json.writeValueAsString("details." + value);
            assertThat(InMemoryAuditTrail.line(event)).as(value)
                    .endsWith(" " + key + "=" + json.writeValueAsString(value));
        }
    }

    @Test
    void anEventAboutNoConversationIsLoggedWithoutOne() {
        InMemoryAuditTrail trail = new InMemoryAuditTrail(10, 10, Duration.ofDays(7), clock);
        StepVerifier.create(trail.record(new AuditEvent(Type.KB_CHANGED, null, "kb-17", "content-team", START,
                Map.of("version", 4)))).expectComplete().verify(WAIT);
        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("type=KB_CHANGED subject=kb-17 actor=content-team at=2026-11-24T08:00:00Z details.version=4");
    }

    @Test
    void dropsTheConversationWrittenToLongestAgoFirst() {
        InMemoryAuditTrail trail = new InMemoryAuditTrail(10, 2, Duration.ofDays(7), clock);
        record(trail, "a");
        record(trail, "b");
        record(trail, "a");
        record(trail, "c");

        assertThat(count(trail, "a")).isEqualTo(2);
        assertThat(count(trail, "b")).isZero();
        assertThat(count(trail, "c")).isEqualTo(1);
    }

    @Test
    void forgetsAConversationRetentionAfterItsLastEvent() {
        InMemoryAuditTrail trail = new InMemoryAuditTrail(10, 10, Duration.ofDays(7), clock);
        record(trail, "quiet");
        clock.advance(Duration.ofDays(6));
        record(trail, "busy");
        assertThat(count(trail, "quiet")).isEqualTo(1);
        clock.advance(Duration.ofDays(1).plusSeconds(1));
        record(trail, "busy");

        assertThat(count(trail, "quiet")).isZero();
        assertThat(count(trail, "busy")).isEqualTo(2);
        clock.advance(Duration.ofDays(8));
        assertThat(count(trail, "busy")).isZero();
    }

    private void record(InMemoryAuditTrail trail, String conversation) {
        trail.record(new AuditEvent(Type.MESSAGE_RECEIVED, conversation, "msg", "customer", clock.instant(), Map.of()))
                .block(WAIT);
    }

    private static long count(InMemoryAuditTrail trail, String conversation) {
        return trail.ofConversation(conversation, 100).count().block(WAIT);
    }
}
