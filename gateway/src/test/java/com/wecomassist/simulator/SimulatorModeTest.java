package com.wecomassist.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.AssistApplication;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.env.MockEnvironment;

/**
 * The simulator never runs by accident beside real customers: by itself only in the embedded mode
 * without a WeCom account; in cluster mode only when asked; beside a configured account only when
 * asked twice; and settings that ask for it beside an account without the second word stop the start
 * with one line.
 */
class SimulatorModeTest {

    private static final String ACCOUNT = "assist.wecom.corp-id=wwRealBank0001";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(OnlyWithTheSimulator.class);

    @Configuration(proxyBeanMethods = false)
    @Conditional(SimulatorMode.class)
    static class OnlyWithTheSimulator {

        @Bean
        String simulatorRuns() {
            return "yes";
        }
    }

    private void assertRuns(boolean runs, String... settings) {
        runner.withPropertyValues(settings).run(context -> {
            if (runs) {
                assertThat(context).as(String.join(" ", settings)).hasBean("simulatorRuns");
            } else {
                assertThat(context).as(String.join(" ", settings)).doesNotHaveBean("simulatorRuns");
            }
        });
    }

    @Test
    void onByItselfOnlyInTheEmbeddedModeWithoutAnAccount() {
        assertRuns(true);
        assertRuns(true, "assist.mode=embedded", "assist.wecom.corp-id=");
        assertRuns(false, ACCOUNT);
        assertRuns(false, "assist.mode=cluster");
        assertRuns(false, "assist.simulator.enabled=false");
    }

    @Test
    void clusterModeRunsItOnlyWhenAskedAndBesideAnAccountOnlyWhenForced() {
        assertRuns(true, "assist.mode=cluster", "assist.simulator.enabled=true");
        assertRuns(false, "assist.mode=cluster", "assist.simulator.enabled=true", ACCOUNT);
        assertRuns(false, "assist.simulator.enabled=true", ACCOUNT);
        assertRuns(false, "assist.simulator.force=true", ACCOUNT);
        assertRuns(true, "assist.simulator.enabled=true", "assist.simulator.force=true", ACCOUNT);
        assertRuns(true, "assist.mode=cluster", "assist.simulator.enabled=true", "assist.simulator.force=true", ACCOUNT);
    }

    private static List<String> problems(String... settings) {
        MockEnvironment env = new MockEnvironment();
        for (String setting : settings) {
            int eq = setting.indexOf('=');
            env.setProperty(setting.substring(0, eq), setting.substring(eq + 1));
        }
        return new SimulatorMode.Rule().problems(env);
    }

    @Test
    void theRuleNamesTheSettingsInOneLine() {
        assertThat(problems()).isEmpty();
        assertThat(problems(ACCOUNT)).isEmpty();
        assertThat(problems("assist.mode=cluster", "assist.simulator.enabled=true")).isEmpty();
        assertThat(problems("assist.simulator.enabled=true", "assist.simulator.force=true", ACCOUNT)).isEmpty();
        assertThat(problems("assist.simulator.enabled=true", ACCOUNT)).singleElement().asString()
                .startsWith("assist.simulator.enabled=true beside a real WeCom account (assist.wecom.corp-id is set)")
                .contains("assist.simulator.force=true");
        assertThat(problems("assist.mode=cluster")).containsExactly("No WeCom account is configured "
                + "(assist.wecom.corp-id / ASSIST_WECOM_CORP_ID) and the simulator is off (cluster mode runs it only "
                + "with assist.simulator.enabled=true): configure the account, or let the simulator run");
        assertThat(problems("assist.simulator.enabled=false")).singleElement().asString()
                .contains("the simulator is off (assist.simulator.enabled=false)");
    }

    /** As {@code ./assist run} starts it: the report is the line, without a stack trace. */
    @Test
    void askingForItBesideAnAccountWithoutForceStopsTheStartWithOneLine() throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), AssistApplication.class.getName(),
                "--server.port=0", "--assist.simulator.enabled=true"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("ASSIST_WECOM_CORP_ID", "wwRealBank0001");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the gateway stopped by itself").isTrue();

        assertThat(process.exitValue()).as(output).isNotZero();
        List<String> lines = output.lines().toList();
        int from = lines.indexOf("Description:") + 2;
        int to = lines.indexOf("Action:") - 1;
        assertThat(from).as(output).isGreaterThan(1);
        assertThat(lines.subList(from, to)).singleElement().asString()
                .startsWith("assist.simulator.enabled=true beside a real WeCom account");
        assertThat(output).doesNotContain("Exception", "\tat ", "WeCom simulator is running");
    }
}
