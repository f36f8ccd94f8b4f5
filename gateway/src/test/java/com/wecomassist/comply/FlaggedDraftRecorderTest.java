package com.wecomassist.comply;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.compliance.ComplianceChecker;
import com.wecomassist.compliance.Verdict;
import com.wecomassist.compliance.pii.PiiMasker;
import com.wecomassist.compliance.rules.TextKind;
import com.wecomassist.comply.memory.InMemoryFlaggedDrafts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What is kept for the compliance officer: only BLOCK and REVIEW, masked, with hits pointing into the masked text. */
class FlaggedDraftRecorderTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final ComplianceChecker CHECKER = ComplianceChecker.bankDefault();

    private final InMemoryFlaggedDrafts drafts = new InMemoryFlaggedDrafts(10);
    private final FlaggedDraftRecorder recorder = new FlaggedDraftRecorder(drafts, new PiiMasker(CHECKER.detector()),
            Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC));

    @Test
    void anAgentsBlockedTextIsKeptMaskedWithTheHitFoundAgainInTheMaskedText() {
        String text = "您的手机13812345678已登记，这款理财稳赚不赔。";
        Verdict verdict = CHECKER.check(text, TextKind.AGENT_REPLY);
        recorder.agentText("kf:wkBank:wm1", "d-1", "carol", "理财保本吗", text, verdict).block(WAIT);

        List<FlaggedDraft> kept = drafts.recent(Set.of("BLOCK"), 10).collectList().block(WAIT);
        assertThat(kept).hasSize(1);
        FlaggedDraft d = kept.get(0);
        assertThat(d.text()).doesNotContain("13812345678").contains("稳赚不赔");
        assertThat(d.actor()).isEqualTo("carol");
        assertThat(d.route()).isEqualTo("NOT_SENT");
        assertThat(d.at()).isEqualTo(Instant.parse("2026-11-24T10:00:00Z"));
        FlaggedDraft.Finding hit = d.hits().stream().filter(h -> h.ruleId().equals("return-promise.guarantee"))
                .findFirst().orElseThrow();
        assertThat(d.text().substring(hit.start(), hit.end())).isEqualTo("稳赚不赔");
        assertThat(d.packs()).isNotEmpty();
    }

    @Test
    void aTextThatMaySendIsNotKept() {
        String text = "您好，网点工作日9:00至17:00营业。";
        recorder.aiDraft("kf:wkBank:wm2", "d-2", "几点开门", text, CHECKER.check(text, TextKind.AI_DRAFT), "AUTO_SEND")
                .block(WAIT);
        assertThat(drafts.recent(Set.of("BLOCK", "REVIEW"), 10).collectList().block(WAIT)).isEmpty();
    }
}
