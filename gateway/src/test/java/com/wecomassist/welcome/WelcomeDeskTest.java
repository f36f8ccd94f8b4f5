package com.wecomassist.welcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.memory.InMemoryAuditTrail;
import com.wecomassist.compliance.ComplianceChecker;
import com.wecomassist.comply.ComplianceReview;
import com.wecomassist.error.Refused;
import com.wecomassist.wecom.MutableClock;
import com.wecomassist.welcome.memory.InMemoryWelcomeTemplates;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The content team's rules for welcome templates, on the in-memory store and the bank rule pack. */
class WelcomeDeskTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final WelcomeKey KEY = WelcomeKey.contact("branch01", WelcomeKey.ANY);

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T01:00:00Z"));
    final InMemoryWelcomeTemplates store = new InMemoryWelcomeTemplates();
    final WelcomeCatalogue catalogue = new WelcomeCatalogue(store, WelcomeCatalogue.shippedDefaults());
    final InMemoryAuditTrail audit = new InMemoryAuditTrail(100, 10, Duration.ofHours(1), clock);
    final List<AuditEvent> recorded = new ArrayList<>();
    final ComplianceChecker bank = ComplianceChecker.bankDefault();
    final ComplianceReview compliance = (text, kind) -> Mono.fromSupplier(() -> bank.check(text, kind));
    final CheckedTexts sendChecks = new CheckedTexts(new com.wecomassist.comply.ComplianceInForce(bank));
    final WelcomeDesk desk = new WelcomeDesk(store, catalogue, compliance, sendChecks, new com.wecomassist.audit.AuditTrail() {
        @Override
        public Mono<Void> record(AuditEvent event) {
            recorded.add(event);
            return audit.record(event);
        }

        @Override
        public reactor.core.publisher.Flux<AuditEvent> ofConversation(String conversation, int limit) {
            return audit.ofConversation(conversation, limit);
        }

        @Override
        public reactor.core.publisher.Flux<AuditEvent> forCustomer(String externalUserId) {
            return audit.forCustomer(externalUserId);
        }

        @Override
        public Mono<Long> eraseCustomer(String externalUserId) {
            return audit.eraseCustomer(externalUserId);
        }
    }, clock);

    @Test
    void onlyTheLatestVersionIsPublishedByAnotherPersonAndOnlyOnce() {
        long v1 = desk.draft(KEY, "您好，欢迎来到城东支行！", "ed").block(WAIT).draft().version();
        long v2 = desk.draft(KEY, "您好，欢迎来到城东支行，有事请留言。", "ed").block(WAIT).draft().version();

        assertThatThrownBy(() -> desk.publish(KEY, v1, "alice").block(WAIT))
                .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.reason()).isEqualTo("NOT_LATEST"));
        assertThatThrownBy(() -> desk.publish(KEY, v2, "ed").block(WAIT))
                .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.reason()).isEqualTo("SAME_PERSON"));
        assertThat(catalogue.forContact("branch01", "direct").version()).as("nothing on air yet").isZero();

        Publication published = desk.publish(KEY, v2, "alice").block(WAIT);
        assertThat(published.reviewer()).isEqualTo("alice");
        assertThat(catalogue.forContact("branch01", "direct").text()).as("in force at once")
                .isEqualTo("您好，欢迎来到城东支行，有事请留言。");
        assertThatThrownBy(() -> desk.publish(KEY, v2, "bob").block(WAIT))
                .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.reason()).isEqualTo("ALREADY_PUBLISHED"));

        assertThat(recorded).extracting(e -> e.details().get("action") + "/" + e.details().get("result"))
                .containsExactly("drafted/PASS", "drafted/PASS", "publish-refused/NOT_LATEST",
                        "publish-refused/SAME_PERSON", "published/PASS", "publish-refused/ALREADY_PUBLISHED");
        assertThat(recorded).allSatisfy(e -> assertThat(e.type()).isEqualTo(AuditEvent.Type.WELCOME_TEMPLATE_CHANGED));
    }

    @Test
    void aTextTheCheckDoesNotPassIsDraftedWithItsVerdictButNeverPublished() {
        WelcomeDesk.Drafted drafted = desk.draft(KEY, "本理财产品保本保收益，稳赚不赔！", "ed").block(WAIT);
        assertThat(drafted.verdict().action().name()).isNotEqualTo("PASS");

        assertThatThrownBy(() -> desk.publish(KEY, drafted.draft().version(), "alice").block(WAIT))
                .isInstanceOfSatisfying(Refused.class, r -> {
                    assertThat(r.reason()).isEqualTo("NOT_COMPLIANT");
                    assertThat(r.facts()).containsKey("rules");
                    // each finding says where it matched, so a page can mark the words
                    @SuppressWarnings("unchecked")
                    List<WelcomeDesk.Finding> findings = (List<WelcomeDesk.Finding>) r.facts().get("findings");
                    assertThat(findings).isNotEmpty().allSatisfy(f -> assertThat(
                            "本理财产品保本保收益，稳赚不赔！".substring(f.start(), f.end())).isNotBlank());
                    assertThat(findings).extracting(f -> "本理财产品保本保收益，稳赚不赔！".substring(f.start(), f.end()))
                            .contains("稳赚不赔");
                });
        assertThat(store.publications(KEY).count().block(WAIT)).isZero();
        assertThat(recorded.get(recorded.size() - 1).details()).containsEntry("result", "NOT_COMPLIANT")
                .containsKey("rules");
    }

    @Test
    void anEmptyOrOverlongTextIsNoDraft() {
        assertThatThrownBy(() -> desk.draft(KEY, "  ", "ed").block(WAIT))
                .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.reason()).isEqualTo("MISSING_TEXT"));
        assertThatThrownBy(() -> desk.draft(KEY, "您".repeat(1400), "ed").block(WAIT))
                .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.reason()).isEqualTo("TEXT_TOO_LONG"));
        assertThat(store.versions(KEY).count().block(WAIT)).isZero();
    }

    @Test
    void theListSaysWhoWroteAndWhoPublishedAndWhatTheCheckSaysOfTheLatestVersion() {
        long v1 = desk.draft(KEY, "您好，欢迎来到城东支行！", "ed").block(WAIT).draft().version();
        desk.publish(KEY, v1, "alice").block(WAIT);
        desk.draft(KEY, "本理财产品保本保息，稳赚不赔！", "bob").block(WAIT);

        WelcomeDesk.Listed listed = desk.list().block(WAIT).stream().filter(l -> l.key().equals(KEY)).findFirst()
                .orElseThrow();
        assertThat(listed.inForce().version()).isEqualTo(v1);
        assertThat(listed.published().author()).isEqualTo("ed");
        assertThat(listed.published().reviewer()).isEqualTo("alice");
        assertThat(listed.latest().version()).isEqualTo(v1 + 1);
        assertThat(listed.latest().author()).isEqualTo("bob");
        assertThat(listed.latestCheck().action()).isEqualTo("BLOCK");
        assertThat(listed.latestCheck().findings()).isNotEmpty();

        WelcomeDesk.Listed shipped = desk.list().block(WAIT).stream()
                .filter(l -> l.key().equals(WelcomeKey.contact(WelcomeKey.ANY, WelcomeKey.ANY))).findFirst().orElseThrow();
        assertThat(shipped.inForce().version()).as("the shipped default").isZero();
        assertThat(shipped.published()).isNull();
        assertThat(shipped.latest()).isNull();
        assertThat(shipped.latestCheck()).isNull();
    }
}
