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

/**
 * What is kept for the compliance officer: BLOCK and REVIEW in the flagged list, masked, with hits
 * pointing into the masked text; passes in a list of their own (agents' texts always, AI drafts sampled).
 */
class FlaggedDraftRecorderTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final ComplianceChecker CHECKER = ComplianceChecker.bankDefault();

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);

    private final InMemoryFlaggedDrafts drafts = new InMemoryFlaggedDrafts(10);
    private final InMemoryFlaggedDrafts passed = new InMemoryFlaggedDrafts(10);
    private final RecentTexts lists = new RecentTexts(drafts, passed, 10);
    private final FlaggedDraftRecorder recorder = new FlaggedDraftRecorder(lists, 0, new PiiMasker(CHECKER.detector()),
            CLOCK);

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
    void aDraftThatMaySendIsNotFlaggedAndKeptAsPassedOnlyWhenSampled() {
        String text = "您好，网点工作日9:00至17:00营业。";
        recorder.aiDraft("kf:wkBank:wm2", "d-2", "几点开门", text, CHECKER.check(text, TextKind.AI_DRAFT), "AUTO_SEND")
                .block(WAIT);
        assertThat(drafts.recent(RecentTexts.FLAGGED_ACTIONS, 10).collectList().block(WAIT)).isEmpty();
        assertThat(passed.recent(RecentTexts.PASSED_ACTIONS, 10).collectList().block(WAIT)).isEmpty();

        FlaggedDraftRecorder everyPass = new FlaggedDraftRecorder(lists, 1, new PiiMasker(CHECKER.detector()), CLOCK);
        everyPass.aiDraft("kf:wkBank:wm2", "d-3", "几点开门", text, CHECKER.check(text, TextKind.AI_DRAFT), "AUTO_SEND")
                .block(WAIT);
        assertThat(drafts.recent(RecentTexts.FLAGGED_ACTIONS, 10).collectList().block(WAIT)).isEmpty();
        List<FlaggedDraft> kept = passed.recent(RecentTexts.PASSED_ACTIONS, 10).collectList().block(WAIT);
        assertThat(kept).extracting(FlaggedDraft::id).containsExactly("d-3");
        assertThat(kept.get(0).action()).isEqualTo("PASS");
        assertThat(lists.find(kept.get(0).key()).block(WAIT)).isEqualTo(kept.get(0));
    }

    @Test
    void anAgentsEditThatPassedIsAlwaysKeptMaskedInThePassedList() {
        String text = "您的手机13812345678已登记，网点工作日9:00至17:00营业。";
        Verdict verdict = CHECKER.check(text, TextKind.AGENT_REPLY);
        recorder.agentText("kf:wkBank:wm4", "d-4", "carol", "几点开门", text, verdict).block(WAIT);

        assertThat(drafts.recent(RecentTexts.FLAGGED_ACTIONS, 10).collectList().block(WAIT)).isEmpty();
        List<FlaggedDraft> kept = passed.recent(RecentTexts.PASSED_ACTIONS, 10).collectList().block(WAIT);
        assertThat(kept).hasSize(1);
        assertThat(kept.get(0).text()).doesNotContain("13812345678").contains("营业");
        assertThat(kept.get(0).source()).isEqualTo(FlaggedDraft.AGENT_REPLY);
        assertThat(kept.get(0).route()).isEqualTo("SENT");
        // the AI draft and the agent's edit of it share the draft id, never the key
        assertThat(kept.get(0).key()).startsWith("agent:d-4:");
        assertThat(lists.find("ai:d-4:" + kept.get(0).at().toEpochMilli()).block(WAIT)).isNull();
    }
}
