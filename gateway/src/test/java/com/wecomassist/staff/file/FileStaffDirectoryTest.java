package com.wecomassist.staff.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wecomassist.error.TransientException;
import com.wecomassist.staff.Role;
import com.wecomassist.staff.StaffMember;
import com.wecomassist.staff.memory.InMemoryStaffDirectory;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.diagnostics.FailureAnalysis;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The staff file itself: what it keeps, what it refuses, how it is written. */
class FileStaffDirectoryTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String HASH = "{bcrypt}$2b$04$fv5XD3J3lDDM8vYje5EHQuw/ss3NWU1Odq9owXzWE6HBHsG.WDucq";

    @TempDir
    Path dir;

    private static FileStaffDirectory open(Path file) {
        return FileStaffDirectory.open(file, new InMemoryStaffDirectory(Clock.systemUTC()));
    }

    @Test
    void theNextInstanceReadsBackEveryFieldAndTheCountsStayInMemory() {
        Path file = dir.resolve("data").resolve("staff.json");
        FileStaffDirectory first = open(file);
        StaffMember li = new StaffMember("li.na", HASH, EnumSet.of(Role.AGENT, Role.ACCOUNT_MANAGER), false, "零售 一组");
        StaffMember tool = new StaffMember("metrics", HASH + "x", Set.of(Role.ADMIN), true, null, true);
        first.create(li).block(WAIT);
        first.save(tool).block(WAIT);
        first.failedLogin("li.na", "10.0.0.1", Duration.ofMinutes(5)).block(WAIT);
        first.endSessions("li.na").block(WAIT);

        FileStaffDirectory second = open(file);
        assertThat(second.file()).isEqualTo(file.toAbsolutePath());
        assertThat(second.all().collectList().block(WAIT)).containsExactly(li, tool);
        // failed logins and session epochs are not in the file: sessions end with the process anyway
        assertThat(second.failedLogins("li.na", "10.0.0.1").block(WAIT).ofName()).isZero();
        assertThat(second.sessionEpoch("li.na").block(WAIT)).isZero();
        assertThat(content(file)).doesNotContain("10.0.0.1");
    }

    /**
     * Two administrators at once (and the bootstrap's own writes) all count: each change is written from the
     * members the change before left. Subscribed from the parallel (non-blocking) threads: BlockHound fails
     * the test if a file is touched there.
     */
    @Test
    void changesMadeAtTheSameTimeAreAllKept() {
        Path file = dir.resolve("staff.json");
        FileStaffDirectory directory = open(file);
        int n = 40;
        List<StaffMember> members = IntStream.range(0, n)
                .mapToObj(i -> new StaffMember("user" + i, HASH, Set.of(Role.AGENT), i % 3 != 0)).toList();
        Flux.fromIterable(members)
                .flatMap(m -> (m.enabled() ? directory.create(m) : directory.save(m).thenReturn(true))
                        .subscribeOn(Schedulers.parallel()), n)
                .blockLast(WAIT);
        assertThat(directory.all().count().block(WAIT)).isEqualTo(n);
        assertThat(open(file).all().collectList().block(WAIT)).containsExactlyInAnyOrderElementsOf(members);

        // a disable and a new password for two users at the same instant
        Mono.when(directory.save(members.get(1).withEnabled(false)).subscribeOn(Schedulers.parallel()),
                directory.save(members.get(2).withPasswordHash(HASH + "new")).subscribeOn(Schedulers.parallel()))
                .block(WAIT);
        FileStaffDirectory reopened = open(file);
        assertThat(reopened.find("user1").block(WAIT).enabled()).isFalse();
        assertThat(reopened.find("user2").block(WAIT).passwordHash()).isEqualTo(HASH + "new");
    }

    @Test
    void theFileIsReadableByItsOwnerOnlyAndNoTemporaryFileIsLeft() throws IOException {
        assertThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
        Path file = dir.resolve("staff.json");
        FileStaffDirectory directory = open(file);
        for (int i = 0; i < 3; i++) {
            directory.save(new StaffMember("li.na", HASH + i, Set.of(Role.AGENT), true)).block(WAIT);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }

        // a file copied in with wider permissions is narrowed at the start
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(open(file).find("li.na").block(WAIT).passwordHash()).isEqualTo(HASH + 2);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    /** The file is written before the change is visible: a change the disk refused is not made at all. */
    @Test
    void aChangeThatCannotBeWrittenIsNotMade() throws IOException {
        Path blocked = dir.resolve("blocked");
        FileStaffDirectory directory = open(blocked.resolve("staff.json"));
        StaffMember li = new StaffMember("li.na", HASH, Set.of(Role.AGENT), true);
        directory.create(li).block(WAIT);
        // the directory the file lives in becomes a plain file: no temporary file can be made there
        try (Stream<Path> files = Files.list(blocked)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(blocked);
        Files.writeString(blocked, "not a directory");

        assertThatThrownBy(() -> directory.save(li.withEnabled(false)).block(WAIT))
                .isInstanceOf(TransientException.class).hasMessageContaining("nothing was changed");
        assertThatThrownBy(() -> directory.create(new StaffMember("wu", HASH, Set.of(Role.AGENT), true)).block(WAIT))
                .isInstanceOf(TransientException.class);
        assertThat(directory.find("li.na").block(WAIT).enabled()).isTrue();
        assertThat(directory.find("wu").blockOptional(WAIT)).isEmpty();
    }

    /**
     * A file the gateway cannot read or understand stops the start with the file named, and is left as it
     * is: starting with nobody would create the configured users afresh, enabled.
     */
    @Test
    void aFileThatCannotBeReadStopsTheStartWithItsName() throws IOException {
        String li = "{\"username\": \"li.na\", \"passwordHash\": \"" + HASH + "\", \"roles\": [\"AGENT\"]";
        Map<String, String> damaged = Map.of(
                "{\"version\": 1, \"users\": [" + li + ", \"enabled\": fals", "it is not valid",
                "", "it is not valid",
                "[]", "it is not valid",
                "{\"version\": 1}", "it is not a staff file",
                "{\"version\": 2, \"users\": []}", "it is of version 2; this gateway reads version 1",
                "{\"version\": 1, \"users\": [" + li + "}]}", "user li.na has no \"enabled\"",
                "{\"version\": 1, \"users\": [" + li + ", \"enabled\": false}, " + li + ", \"enabled\": true}]}",
                "user li.na is in it twice",
                "{\"version\": 1, \"users\": [" + li + ", \"enabled\": true, \"enabeld\": false}]}", "enabeld",
                "{\"version\": 1, \"users\": [{\"username\": \"wu\", \"passwordHash\": \"" + HASH
                        + "\", \"roles\": [\"ROOT\"], \"enabled\": true}]}", "ROOT");
        Path file = dir.resolve("staff.json");
        for (Map.Entry<String, String> bad : damaged.entrySet()) {
            Files.writeString(file, bad.getKey());
            assertThatThrownBy(() -> open(file))
                    .as(bad.getKey())
                    .isInstanceOf(UnreadableStaffFileException.class)
                    .hasMessageContaining("The staff file " + file.toAbsolutePath() + " (assist.console.staff-file) "
                            + "cannot be read: ")
                    .hasMessageContaining(bad.getValue());
            assertThat(content(file)).isEqualTo(bad.getKey());
        }
        // a directory where the file should be
        Path folder = Files.createDirectory(dir.resolve("folder.json"));
        assertThatThrownBy(() -> open(folder)).isInstanceOf(UnreadableStaffFileException.class)
                .hasMessageContaining(folder.toString());

        UnreadableStaffFileException refused = null;
        try {
            open(folder);
        } catch (UnreadableStaffFileException e) {
            refused = e;
        }
        FailureAnalysis analysis = new UnreadableStaffFileFailureAnalyzer().analyze(refused);
        assertThat(analysis.getDescription()).contains(folder.toString());
        assertThat(analysis.getAction()).contains("Restore it from a backup")
                .contains("the next start creates the configured users afresh, enabled");
    }

    private static String content(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
