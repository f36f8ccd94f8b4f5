package com.wecomassist.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wecomassist.AssistApplication;
import com.wecomassist.testing.OwnNettyResources;
import com.wecomassist.conversation.memory.InMemoryConversationStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The embedded gateway keeps conversations in memory with the configured settings; bad settings stop it. */
class ConversationConfigurationTest {

    private static ConfigurableApplicationContext start(String... properties) {
        return new SpringApplicationBuilder(AssistApplication.class, OwnNettyResources.class)
                .properties("server.port=0")
                .properties(properties)
                .run();
    }

    @Test
    void embeddedModeKeepsConversationsInMemoryWithTheConfiguredSettings() {
        try (ConfigurableApplicationContext context = start("assist.session.idle-ttl=5m",
                "assist.session.max-cas-retries=3")) {
            assertThat(context.getBean(SessionProperties.class)).isEqualTo(new SessionProperties(Duration.ofMinutes(5), 3));
            ConversationStore store = context.getBean(ConversationStore.class);
            assertThat(store).isInstanceOf(InMemoryConversationStore.class);
            ConversationKey key = ConversationKey.kf("wkBank", "wmSomeone");
            assertThat(store.update(key, c -> c.ended(c.updatedAt())).map(Transition::conversation).block(Duration.ofSeconds(5)).version())
                    .isEqualTo(1);
        }
    }

    @Test
    void theDefaultsAreFortyEightHoursAndTenRetries() {
        try (ConfigurableApplicationContext context = start()) {
            assertThat(context.getBean(SessionProperties.class)).isEqualTo(new SessionProperties(Duration.ofHours(48), 10));
        }
    }

    @Test
    void aMisspelledSettingIsRefused() {
        assertThatThrownBy(() -> start("assist.session.idle-tll=5m").close()).hasStackTraceContaining("idle-tll");
    }

    @Test
    void impossibleValuesAreRefused() {
        assertThatThrownBy(() -> start("assist.session.max-cas-retries=-1").close())
                .hasStackTraceContaining("assist.session.max-cas-retries must be between 0 and 100");
        assertThatThrownBy(() -> start("assist.session.idle-ttl=0s").close())
                .hasStackTraceContaining("assist.session.idle-ttl must be positive");
    }
}
