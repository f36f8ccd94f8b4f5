package com.wecomassist.staff.memory;

import com.wecomassist.staff.StaffDirectory;
import com.wecomassist.staff.StaffMember;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Staff in this process's memory (embedded mode): configured users and those made through the API. */
public class InMemoryStaffDirectory implements StaffDirectory {

    /** Failed logins are counted for any name typed: bound the memory they take. */
    private static final int MAX_COUNTED_NAMES = 100_000;

    private record Failures(long count, Instant forgetAt) {
    }

    private final ConcurrentMap<String, StaffMember> members = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Failures> failures = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemoryStaffDirectory(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Mono<StaffMember> find(String username) {
        return Mono.fromSupplier(() -> username == null ? null : members.get(username));
    }

    @Override
    public Flux<StaffMember> all() {
        return Flux.defer(() -> Flux.fromIterable(List.copyOf(members.values())))
                .sort(Comparator.comparing(StaffMember::username));
    }

    @Override
    public Mono<Boolean> create(StaffMember member) {
        Objects.requireNonNull(member, "member");
        return Mono.fromSupplier(() -> members.putIfAbsent(member.username(), member) == null);
    }

    @Override
    public Mono<Void> save(StaffMember member) {
        Objects.requireNonNull(member, "member");
        return Mono.fromRunnable(() -> members.put(member.username(), member));
    }

    @Override
    public Mono<Long> failedLogin(String username, Duration forgetAfter) {
        return Mono.fromSupplier(() -> {
            Instant now = clock.instant();
            if (failures.size() >= MAX_COUNTED_NAMES) {
                failures.values().removeIf(f -> !f.forgetAt().isAfter(now));
            }
            return failures.compute(username, (name, old) -> new Failures(
                    old == null || !old.forgetAt().isAfter(now) ? 1 : old.count() + 1, now.plus(forgetAfter))).count();
        });
    }

    @Override
    public Mono<Long> failedLogins(String username) {
        return Mono.fromSupplier(() -> {
            Failures f = failures.get(username);
            return f == null || !f.forgetAt().isAfter(clock.instant()) ? 0L : f.count();
        });
    }

    @Override
    public Mono<Void> forgetFailedLogins(String username) {
        return Mono.fromRunnable(() -> failures.remove(username));
    }
}
