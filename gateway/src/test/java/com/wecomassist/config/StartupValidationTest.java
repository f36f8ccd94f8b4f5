package com.wecomassist.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wecomassist.AssistApplication;
import com.wecomassist.testing.OwnNettyResources;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Bad configuration stops the gateway at startup with a message that names the setting. */
class StartupValidationTest {

    private static void start(String... properties) {
        String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("server.port=0"),
                java.util.Arrays.stream(properties)).map(p -> "--" + p).toArray(String[]::new);
        new SpringApplicationBuilder(AssistApplication.class, OwnNettyResources.class).run(args).close();
    }

    @Test
    void anIncompleteWecomAccountNamesWhatIsMissing() {
        assertThatThrownBy(() -> start("assist.wecom.corp-id=wwBank", "assist.wecom.token=T"))
                .hasStackTraceContaining("assist.wecom.encoding-aes-key (ASSIST_WECOM_ENCODING_AES_KEY)")
                .hasStackTraceContaining("assist.wecom.secret (ASSIST_WECOM_SECRET)");
    }

    @Test
    void aKeyOfTheWrongLengthIsRefused() {
        assertThatThrownBy(() -> start("assist.wecom.corp-id=wwBank", "assist.wecom.token=T",
                "assist.wecom.encoding-aes-key=tooShort", "assist.wecom.secret=S"))
                .hasStackTraceContaining("exactly 43 characters");
    }

    @Test
    void aMisspelledSettingIsRefused() {
        assertThatThrownBy(() -> start("assist.wecom.max-clock-skw=1m"))
                .hasStackTraceContaining("max-clock-skw");
    }

    @Test
    void turningTheSimulatorOffWithoutAnAccountIsRefused() {
        assertThatThrownBy(() -> start("assist.simulator.enabled=false"))
                .hasStackTraceContaining("No WeCom account is configured");
    }

    @Test
    void anUnknownModeIsRefused() {
        assertThatThrownBy(() -> start("assist.mode=clutser"))
                .hasStackTraceContaining("assist.mode (command line): 'clutser' is not valid; allowed: embedded, cluster");
    }

    @Test
    void clusterModeWithoutRedisDoesNotStart() {
        assertThatThrownBy(() -> start("assist.mode=cluster", "assist.simulator.enabled=true",
                "spring.data.redis.host=127.0.0.1",
                "spring.data.redis.port=1", "spring.data.redis.timeout=500ms"))
                .hasStackTraceContaining("Redis does not answer");
    }
}
