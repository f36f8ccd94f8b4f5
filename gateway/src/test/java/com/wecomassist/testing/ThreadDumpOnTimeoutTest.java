package com.wecomassist.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

class ThreadDumpOnTimeoutTest {

    @Test
    void aWaitThatNeverEndedIsToldFromOtherFailures() {
        Throwable blockTimeout = new IllegalStateException("x", null);
        try {
            Mono.never().block(Duration.ofMillis(10));
        } catch (IllegalStateException e) {
            blockTimeout = e;
        }
        assertThat(ThreadDumpOnTimeout.waitedInVain(blockTimeout)).isTrue();
        assertThat(ThreadDumpOnTimeout.waitedInVain(new ConditionTimeoutException("never"))).isTrue();
        assertThat(ThreadDumpOnTimeout.waitedInVain(new RuntimeException(new TimeoutException()))).isTrue();
        assertThat(ThreadDumpOnTimeout.waitedInVain(new AssertionError("expected 1 but was 2"))).isFalse();
    }

    @Test
    void aTimeoutLeavesADumpOfEveryThreadAndIsPassedOn(@TempDir Path dumps) throws Exception {
        ExtensionContext context = mock(ExtensionContext.class);
        Class<?> testClass = ThreadDumpOnTimeoutTest.class;
        when(context.getRequiredTestClass()).thenAnswer(i -> testClass);
        when(context.getRequiredTestMethod()).thenReturn(testClass.getDeclaredMethod("aTimeoutLeavesADumpOfEveryThreadAndIsPassedOn", Path.class));
        long before = count(dumps);
        ConditionTimeoutException failure = new ConditionTimeoutException("never fulfilled");

        assertThatThrownBy(() -> new ThreadDumpOnTimeout(dumps).handleTestExecutionException(context, failure))
                .isSameAs(failure);

        assertThat(count(dumps)).isEqualTo(before + 1);
        try (Stream<Path> files = Files.list(dumps)) {
            String dump = Files.readString(files.filter(f -> f.getFileName().toString().contains("aTimeoutLeaves"))
                    .findFirst().orElseThrow());
            assertThat(dump).contains("never fulfilled").contains("\"main\"").contains("cpu=")
                    .contains("ThreadDumpOnTimeoutTest.aTimeoutLeavesADumpOfEveryThreadAndIsPassedOn");
        }
    }

    private static long count(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }
}
