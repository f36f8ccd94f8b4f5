package com.wecomassist.staff.file;

import com.wecomassist.error.TransientException;
import com.wecomassist.staff.Role;
import com.wecomassist.staff.StaffDirectory;
import com.wecomassist.staff.StaffMember;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The embedded mode's staff kept in a local file ({@code assist.console.staff-file}), so that one machine
 * keeps what its administrators did across restarts: a disabled user stays disabled, a password they set
 * stays set, a user they made stays. Failed logins and session epochs stay in memory ({@code counters}):
 * a lockout may end with the process, and the embedded mode's console sessions end with it anyway, so an
 * epoch that starts again from 0 can revive none.
 *
 * <p>The file is read once, when the directory is made (at startup); one it cannot read stops the start
 * ({@link UnreadableStaffFileException}) rather than starting with nobody, which would bring back every
 * configured user enabled. Each change rewrites the whole file (a few hundred staff at most): written to a
 * temporary file, flushed to disk and moved over the old one, so that a crash leaves the old file or the
 * new one, never half of one. It is readable by its owner only (it holds password hashes). Changes are
 * written one at a time, each from the members as the change before left them, so two administrators
 * acting at once both count; the file is written before the change is visible, so a change the disk
 * refused is not made at all. File work runs on the bounded elastic scheduler, never on an event loop.
 */
public final class FileStaffDirectory implements StaffDirectory {

    private static final Logger log = LoggerFactory.getLogger(FileStaffDirectory.class);

    /** The format this class writes; a file of another version is refused, not guessed at. */
    static final int VERSION = 1;

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            // a field this version does not know (a hand edit's typo, a newer format) is refused, not skipped
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    /** The file as JSON. */
    record StoredStaff(Integer version, List<StoredMember> users) {
    }

    /**
     * One member as written. Its own record, not {@link StaffMember}, so that renaming a field of the
     * domain never silently changes what a stored file means.
     */
    record StoredMember(String username, String passwordHash, List<Role> roles, Boolean enabled, String team,
                        Boolean serviceAccount) {

        static StoredMember of(StaffMember m) {
            return new StoredMember(m.username(), m.passwordHash(), List.copyOf(m.roles()), m.enabled(), m.team(),
                    m.serviceAccount());
        }

        StaffMember member() {
            if (username == null) {
                throw new IllegalArgumentException("a user has no \"username\"");
            }
            // a member without "enabled" is refused: taking it for enabled is the very mistake this file prevents
            if (enabled == null) {
                throw new IllegalArgumentException("user " + username + " has no \"enabled\"");
            }
            if (roles == null || roles.isEmpty() || roles.contains(null)) {
                throw new IllegalArgumentException("user " + username + " has no roles");
            }
            return new StaffMember(username, passwordHash, EnumSet.copyOf(roles), enabled, team,
                    Boolean.TRUE.equals(serviceAccount));
        }
    }

    private final Path file;
    private final StaffDirectory counters;
    /** Held while a change is written: changes are made one after the other. */
    private final Object writing = new Object();
    /** What the file holds, by login name; replaced whole (never changed in place) once the file is written. */
    private volatile SortedMap<String, StaffMember> members;

    private FileStaffDirectory(Path file, StaffDirectory counters, SortedMap<String, StaffMember> members) {
        this.file = file;
        this.counters = counters;
        this.members = members;
    }

    /**
     * Reads the file (blocking: at startup) and answers the directory it holds; a file that does not exist
     * yet is an empty directory, written at the first change.
     *
     * @param counters where failed logins and session epochs are kept (memory); its members are not used
     * @throws UnreadableStaffFileException the file exists and cannot be read or understood
     */
    public static FileStaffDirectory open(Path file, StaffDirectory counters) {
        Path absolute = file.toAbsolutePath().normalize();
        SortedMap<String, StaffMember> members = read(absolute);
        tightenPermissions(absolute);
        return new FileStaffDirectory(absolute, Objects.requireNonNull(counters, "counters"), members);
    }

    /** The file, absolute. */
    public Path file() {
        return file;
    }

    @Override
    public Mono<StaffMember> find(String username) {
        return Mono.fromSupplier(() -> username == null ? null : members.get(username));
    }

    @Override
    public Flux<StaffMember> all() {
        return Flux.defer(() -> Flux.fromIterable(members.values()));
    }

    @Override
    public Mono<Boolean> create(StaffMember member) {
        Objects.requireNonNull(member, "member");
        return change(member, true);
    }

    @Override
    public Mono<Void> save(StaffMember member) {
        Objects.requireNonNull(member, "member");
        return change(member, false).then();
    }

    @Override
    public Mono<FailedLogins> failedLogin(String username, String client, Duration forgetAfter) {
        return counters.failedLogin(username, client, forgetAfter);
    }

    @Override
    public Mono<FailedLogins> failedLogins(String username, String client) {
        return counters.failedLogins(username, client);
    }

    @Override
    public Mono<Void> forgetFailedLogins(String username, String client) {
        return counters.forgetFailedLogins(username, client);
    }

    @Override
    public Mono<Void> forgetFailedLogins(String username) {
        return counters.forgetFailedLogins(username);
    }

    @Override
    public Mono<Long> sessionEpoch(String username) {
        return counters.sessionEpoch(username);
    }

    @Override
    public Mono<Long> endSessions(String username) {
        return counters.endSessions(username);
    }

    /** Adds or replaces the member (only adds, when {@code onlyIfAbsent}): true if the directory has it now. */
    private Mono<Boolean> change(StaffMember member, boolean onlyIfAbsent) {
        return Mono.fromCallable(() -> {
            synchronized (writing) {
                StaffMember stored = members.get(member.username());
                if (onlyIfAbsent && stored != null) {
                    return false;
                }
                if (member.equals(stored)) {
                    return true;
                }
                SortedMap<String, StaffMember> next = new TreeMap<>(members);
                next.put(member.username(), member);
                try {
                    write(file, next.values());
                } catch (IOException | RuntimeException e) {
                    log.error("Could not write the staff file {}: {}. The change to user '{}' was not made.", file,
                            e.toString(), member.username());
                    throw new TransientException("the user store could not be written (see the gateway's log); "
                            + "nothing was changed", e);
                }
                members = Collections.unmodifiableSortedMap(next);
                return true;
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private static SortedMap<String, StaffMember> read(Path file) {
        byte[] json;
        try {
            json = Files.readAllBytes(file);
        } catch (NoSuchFileException absent) {
            log.info("Console users: {} does not exist yet; it is written at the first change "
                    + "(assist.console.staff-file)", file);
            return Collections.unmodifiableSortedMap(new TreeMap<>());
        } catch (AccessDeniedException denied) {
            throw new UnreadableStaffFileException(file, "this process may not read it", denied);
        } catch (IOException e) {
            throw new UnreadableStaffFileException(file, e.toString(), e);
        }
        SortedMap<String, StaffMember> members = new TreeMap<>();
        try {
            StoredStaff stored = JSON.readValue(json, StoredStaff.class);
            if (stored == null || stored.version() == null || stored.users() == null) {
                throw new IllegalArgumentException("it is not a staff file (\"version\" and \"users\" expected)");
            }
            if (stored.version() != VERSION) {
                throw new IllegalArgumentException("it is of version " + stored.version() + "; this gateway reads "
                        + "version " + VERSION + " (was it written by a newer one?)");
            }
            for (StoredMember user : stored.users()) {
                if (user == null) {
                    throw new IllegalArgumentException("it has an empty user");
                }
                StaffMember member = user.member();
                if (members.putIfAbsent(member.username(), member) != null) {
                    throw new IllegalArgumentException("user " + member.username() + " is in it twice");
                }
            }
        } catch (JacksonException e) {
            String where = e.getLocation() == null || e.getLocation().getLineNr() < 1 ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new UnreadableStaffFileException(file, "it is not valid" + where + ": " + e.getOriginalMessage(), e);
        } catch (RuntimeException e) {
            throw new UnreadableStaffFileException(file, e.getMessage(), e);
        }
        log.info("Console users: {} kept in {} (assist.console.staff-file): what administrators change is kept "
                + "across restarts", members.size(), file);
        return Collections.unmodifiableSortedMap(members);
    }

    /** Writes the members to a temporary file beside {@code file}, flushes it to disk and moves it over {@code file}. */
    static void write(Path file, Iterable<StaffMember> members) throws IOException {
        List<StoredMember> users = new ArrayList<>();
        members.forEach(m -> users.add(StoredMember.of(m)));
        byte[] json = JSON.writeValueAsBytes(new StoredStaff(VERSION, users));
        Path dir = file.getParent();
        Files.createDirectories(dir);
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] ownerOnly = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)} : new FileAttribute<?>[0];
        Path temporary = Files.createTempFile(dir, "." + file.getFileName(), ".tmp", ownerOnly);
        try {
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(json);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
        if (posix) {
            syncDirectory(dir);
        }
    }

    /** Makes the move itself durable: a power cut right after must not bring the old file back. */
    private static void syncDirectory(Path dir) {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            // some file systems cannot sync a directory: the file is written, only a power cut could undo the move
            log.debug("could not sync the directory {}: {}", dir, e.toString());
        }
    }

    /** A file copied in with wider permissions is made the owner's only: it holds password hashes. */
    private static void tightenPermissions(Path file) {
        if (!Files.exists(file) || !FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        try {
            Set<PosixFilePermission> now = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(now)) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
                log.warn("The staff file {} was readable by others ({}): it holds password hashes, and is now "
                        + "readable by its owner only", file, PosixFilePermissions.toString(now));
            }
        } catch (IOException e) {
            log.warn("Could not make the staff file {} readable by its owner only: {}", file, e.toString());
        }
    }
}
