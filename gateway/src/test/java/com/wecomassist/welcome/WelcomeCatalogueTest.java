package com.wecomassist.welcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wecomassist.compliance.ComplianceChecker;
import com.wecomassist.compliance.rules.Action;
import com.wecomassist.compliance.rules.TextKind;
import com.wecomassist.welcome.memory.InMemoryWelcomeTemplates;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped defaults and how the catalogue chooses among them and the publications. */
class WelcomeCatalogueTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void theShippedDefaultsCoverEveryContactAndPassTheBankRulePackAsWritten() {
        Map<WelcomeKey, String> shipped = WelcomeCatalogue.shippedDefaults();
        assertThat(shipped).containsKey(WelcomeKey.contact(WelcomeKey.ANY, WelcomeKey.ANY));
        ComplianceChecker bank = ComplianceChecker.bankDefault();
        shipped.forEach((key, text) -> assertThat(bank.check(text, TextKind.AGENT_REPLY).action())
                .as("%s: %s", key, text).isEqualTo(Action.PASS));
        assertThat(shipped.values()).allSatisfy(text -> assertThat(text).doesNotContain("{").isNotBlank());
    }

    @Test
    void aPublicationOverridesTheShippedTextOfItsKeyAndAStrangeStateFallsBackToTheDefault() {
        InMemoryWelcomeTemplates store = new InMemoryWelcomeTemplates();
        WelcomeCatalogue catalogue = new WelcomeCatalogue(store, WelcomeCatalogue.shippedDefaults());
        WelcomeKey any = WelcomeKey.contact(WelcomeKey.ANY, WelcomeKey.ANY);
        assertThat(catalogue.forContact("branch01", "direct").version()).isZero();
        assertThat(catalogue.forKf("wkAbc")).isEmpty();

        store.publish(new Publication(any, 3, "您好！", "ed", "alice", Instant.EPOCH), 0).block(WAIT);
        assertThat(catalogue.refresh(false).block(WAIT)).isTrue();
        assertThat(catalogue.refresh(false).block(WAIT)).as("nothing new published").isFalse();

        assertThat(catalogue.forContact("branch01", "direct").text()).isEqualTo("您好！");
        // WeCom allows State characters a key cannot hold: the any-State templates answer
        assertThat(catalogue.forContact("分行/01", "direct").text()).isEqualTo("您好！");
        assertThat(catalogue.shipped(any)).isPresent();
    }

    @Test
    void keysAreWrittenAndReadAlike() {
        assertThat(WelcomeKey.parse("contact:branch01:account-manager"))
                .isEqualTo(WelcomeKey.contact("branch01", "account-manager"));
        assertThat(WelcomeKey.kf("wkAbc").id()).isEqualTo("kf:wkAbc:*");
        assertThatThrownBy(() -> WelcomeKey.parse("kf:wkAbc:direct")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WelcomeKey.parse("contact:a b:*")).isInstanceOf(IllegalArgumentException.class);
    }
}
