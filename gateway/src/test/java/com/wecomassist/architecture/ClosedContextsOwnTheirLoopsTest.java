package com.wecomassist.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every test that closes a Spring context while the run goes on — one it started itself
 * (SpringApplicationBuilder, new SpringApplication) or a cached one it dirties ({@code @DirtiesContext})
 * — gives that context its own Reactor Netty loops ({@code testing.OwnNettyResources}). Otherwise the
 * close disposes Reactor Netty's global loops and connection pool, which all other contexts of the JVM
 * share, and some later request hangs until its timeout: a failure that shows only in the full suite,
 * more often on a busy machine, far from the test that caused it.
 */
class ClosedContextsOwnTheirLoopsTest {

    private static final Path TESTS = Path.of("src/test/java/com/wecomassist");
    private static final List<String> CLOSES_A_CONTEXT =
            List.of("@DirtiesContext", "new SpringApplicationBuilder", "new SpringApplication(", "SpringApplication.run(");

    @Test
    void everyTestThatClosesAContextGivesItItsOwnLoops() throws IOException {
        try (Stream<Path> files = Files.walk(TESTS)) {
            List<String> offenders = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> !f.endsWith(Path.of("architecture", "ClosedContextsOwnTheirLoopsTest.java")))
                    .filter(f -> !f.endsWith(Path.of("testing", "OwnNettyResources.java")))
                    .filter(f -> violates(read(f)))
                    .map(Path::toString)
                    .toList();
            assertThat(offenders).as("tests that close a context on the shared Netty loops").isEmpty();
        }
    }

    @Test
    void theCheckFindsAClassThatDirtiesItsContextOnTheSharedLoops() {
        assertThat(violates("@DirtiesContext(classMode = AFTER_CLASS)\nclass Foo {}")).isTrue();
        assertThat(violates("new SpringApplicationBuilder(AssistApplication.class).run()")).isTrue();
        assertThat(violates("@DirtiesContext\n@Import(OwnNettyResources.class)\nclass Foo {}")).isFalse();
        assertThat(violates("@SpringBootTest\nclass Foo {}")).isFalse();
    }

    private static boolean violates(String source) {
        return CLOSES_A_CONTEXT.stream().anyMatch(source::contains) && !source.contains("OwnNettyResources");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
