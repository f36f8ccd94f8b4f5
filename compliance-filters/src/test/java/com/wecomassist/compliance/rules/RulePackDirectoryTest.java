package com.wecomassist.compliance.rules;

import com.wecomassist.compliance.ComplianceChecker;
import com.wecomassist.compliance.pii.PiiDetector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static com.wecomassist.compliance.rules.RulePackReaderTest.VALID;
import static org.assertj.core.api.Assertions.assertThat;

class RulePackDirectoryTest {

    @TempDir
    Path dir;

    private void write(String name, String content) throws IOException {
        Files.writeString(dir.resolve(name), content);
    }

    @Test
    void loadsPacksAndPicksUpEdits() throws IOException {
        write("a.yaml", VALID);
        try (RulePackDirectory d = new RulePackDirectory(dir, ComplianceChecker::validate)) {
            assertThat(d.packs()).extracting(RulePack::label).containsExactly("test-pack@1.0");
            write("a.yaml", VALID.replace("\"1.0\"", "\"1.1\""));
            RulePackDirectory.Reload r = d.reload();
            assertThat(r.loaded()).containsExactly("a.yaml");
            assertThat(d.packs()).extracting(RulePack::label).containsExactly("test-pack@1.1");
            assertThat(d.reload().changed()).as("nothing changed").isFalse();
        }
    }

    @Test
    void invalidEditIsRejectedAndThePreviousPackStaysInForce() throws IOException {
        write("a.yaml", VALID);
        ComplianceChecker checker;
        try (RulePackDirectory d = new RulePackDirectory(dir, ComplianceChecker::validate)) {
            checker = ComplianceChecker.following(d, PiiDetector.standard());
            assertThat(checker.check("保本", TextKind.AI_DRAFT).action()).isEqualTo(Action.BLOCK);

            write("a.yaml", VALID.replace("\"1.0\"", "\"2.0\"").replace("action: BLOCK", "action: BLOK"));
            RulePackDirectory.Reload r = d.reload();
            assertThat(r.rejected()).singleElement().satisfies(e -> {
                assertThat(e.getMessage()).startsWith("a.yaml:12: ").contains("BLOK");
            });
            assertThat(d.errors()).hasSize(1);
            assertThat(d.packs()).extracting(RulePack::label).containsExactly("test-pack@1.0");
            assertThat(checker.check("保本", TextKind.AI_DRAFT).packs()).containsExactly("test-pack@1.0");
            assertThat(d.reload().rejected()).as("reported once, not on every poll").isEmpty();
            assertThat(d.errors()).as("but still listed").hasSize(1);

            write("a.yaml", VALID.replace("\"1.0\"", "\"2.0\"").replace("action: BLOCK", "action: REVIEW"));
            d.reload();
            assertThat(d.errors()).isEmpty();
            assertThat(checker.check("保本", TextKind.AI_DRAFT).action()).isEqualTo(Action.REVIEW);
            assertThat(checker.check("保本", TextKind.AI_DRAFT).packs()).containsExactly("test-pack@2.0");
        }
    }

    @Test
    void packWhoseOwnExamplesFailIsRejected() throws IOException {
        String withExamples = VALID + """
                    examples:
                      flag: [这个产品保本]
                      pass: [这个产品不保本, 保本是假的]
                """;
        write("a.yaml", withExamples);
        try (RulePackDirectory d = new RulePackDirectory(dir, ComplianceChecker::validate)) {
            assertThat(d.packs()).isEmpty();
            assertThat(d.errors()).singleElement().satisfies(e -> {
                assertThat(e.source()).isEqualTo("a.yaml");
                assertThat(e.line()).isEqualTo(20);
                assertThat(e.problem()).contains("should pass but was flagged").contains("保本是假的");
            });
        }
    }

    @Test
    void deletedFileTakesItsPackOutOfForce() throws IOException {
        write("a.yaml", VALID);
        write("b.yml", VALID.replace("test-pack", "other-pack"));
        write("notes.txt", "not a pack");
        try (RulePackDirectory d = new RulePackDirectory(dir, ComplianceChecker::validate)) {
            assertThat(d.packs()).extracting(RulePack::id).containsExactly("test-pack", "other-pack");
            Files.delete(dir.resolve("a.yaml"));
            assertThat(d.reload().removed()).containsExactly("a.yaml");
            assertThat(d.packs()).extracting(RulePack::id).containsExactly("other-pack");
        }
    }

    @Test
    void checkerWithoutAnyPackFailsClosed() {
        try (RulePackDirectory d = new RulePackDirectory(dir, ComplianceChecker::validate)) {
            ComplianceChecker checker = ComplianceChecker.following(d, PiiDetector.standard());
            var v = checker.check("你好", TextKind.AI_DRAFT);
            assertThat(v.action()).isEqualTo(Action.REVIEW);
            assertThat(v.checkFailed()).isTrue();
        }
    }

    @Test
    void pollingReloadsInTheBackground() throws Exception {
        write("a.yaml", VALID);
        BlockingQueue<RulePackDirectory.Reload> reloads = new LinkedBlockingQueue<>();
        try (RulePackDirectory d = new RulePackDirectory(dir, ComplianceChecker::validate)) {
            d.startPolling(Duration.ofMillis(20), reloads::add);
            write("a.yaml", VALID.replace("\"1.0\"", "\"3.0\""));
            RulePackDirectory.Reload r = reloads.poll(10, TimeUnit.SECONDS);
            assertThat(r).isNotNull();
            assertThat(r.loaded()).isEqualTo(List.of("a.yaml"));
            assertThat(d.packs()).extracting(RulePack::version).containsExactly("3.0");
        }
    }
}
