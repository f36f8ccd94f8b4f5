package com.wecomassist.settings;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.AssistApplication;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway started as its own process, as {@code ./assist run} starts it, with bad settings: it
 * exits non-zero and prints one line per problem under Spring Boot's failure report, no stack trace.
 */
class SettingsStartupTest {

    private record Run(int exitCode, String output) {
    }

    private static Run start(Map<String, String> environmentVariables, String... arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), AssistApplication.class.getName(),
                "--server.port=0"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environmentVariables);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the gateway stopped by itself").isTrue();
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    @Test
    void badSettingsStopTheStartWithOneLinePerProblemAndNoStackTrace() throws Exception {
        Run run = start(Map.of("ASSIST_WECOM_MAX_CLOCK_SKW", "1m", "ASSIST_WECOM_API_TIMEOUT", "10 seconds"),
                "--assist.foo=1", "--assist.mod=cluster", "--assist.mode=clustr");

        assertThat(run.exitCode()).isNotZero();
        List<String> lines = run.output().lines().toList();
        int from = lines.indexOf("Description:") + 2;
        int to = lines.indexOf("Action:") - 1;
        assertThat(from).as(run.output()).isGreaterThan(1);
        assertThat(lines.subList(from, to)).containsExactlyInAnyOrder(
                "ASSIST_WECOM_MAX_CLOCK_SKW (environment variable): unknown setting; did you mean ASSIST_WECOM_MAX_CLOCK_SKEW?",
                "assist.foo (command line): unknown setting",
                "assist.mod (command line): unknown setting; did you mean assist.mode?",
                "assist.mode (command line): 'clustr' is not valid; allowed: embedded, cluster",
                "assist.wecom.api-timeout (environment variable ASSIST_WECOM_API_TIMEOUT): '10 seconds' is not valid; "
                        + "allowed: a duration such as 500ms, 30s, 5m, 2h or 7d");
        assertThat(lines.get(to + 3)).startsWith("Correct or remove these settings. README.md, \"Configuration reference\"");
        assertThat(run.output()).contains("APPLICATION FAILED TO START")
                .doesNotContain("Exception", "\tat ", "Bindable@");
    }

    /** A misspelled group used to start the embedded mode in silence. */
    @Test
    void aMisspelledGroupInApplicationYmlStopsTheStartNamingTheFileAndLine(@TempDir Path dir) throws Exception {
        Path yml = Files.writeString(dir.resolve("extra.yml"), "assist:\n  kbb:\n    dir: data/kb\n");
        Run run = start(Map.of(), "--spring.config.additional-location=file:" + yml);

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output().lines()).contains("assist.kbb.dir (URL [file:" + yml + "] line 3): unknown setting; "
                + "did you mean assist.kb.dir?");
        assertThat(run.output()).doesNotContain("Exception", "\tat ");
    }
}
