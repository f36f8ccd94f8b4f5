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

    /** Failed logins are counted for any name and client: bound the memory they take. */
    private static final int MAX_COUNTED = 100_000;

    private record Failures(long count, Instant forgetAt) {

        long now(Instant now) {
            return forgetAt.isAfter(now) ? count : 0;
        }
    }

    /** A name's failures from one client. */
    private record NameFromClient(String username, String client) {
    }

    private final ConcurrentMap<String, StaffMember> members = new ConcurrentHashMap<>();
    private final ConcurrentMap<NameFromClient, Failures> ofName = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Failures> fromClient = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Long> epochs = new ConcurrentHashMap<>();
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
    public Mono<FailedLogins> failedLogin(String username, String client, Duration forgetAfter) {
        return Mono.fromSupplier(() -> {
            Instant now = clock.instant();
            sweep(ofName, now);
            sweep(fromClient, now);
            return new FailedLogins(count(ofName, new NameFromClient(username, client), now, forgetAfter),
                    count(fromClient, client, now, forgetAfter));
        });
    }

    @Override
    public Mono<FailedLogins> failedLogins(String username, String client) {
        return Mono.fromSupplier(() -> {
            Instant now = clock.instant();
            Failures name = ofName.get(new NameFromClient(username, client));
            Failures all = fromClient.get(client);
            return new FailedLogins(name == null ? 0 : name.now(now), all == null ? 0 : all.now(now));
        });
    }

    @Override
    public Mono<Void> forgetFailedLogins(String username, String client) {
        return Mono.fromRunnable(() -> ofName.remove(new NameFromClient(username, client)));
    }

    @Override
    public Mono<Void> forgetFailedLogins(String username) {
        return Mono.fromRunnable(() -> ofName.keySet().removeIf(k -> k.username().equals(username)));
    }

    @Override
    public Mono<Long> sessionEpoch(String username) {
        return Mono.fromSupplier(() -> epochs.getOrDefault(username, 0L));
    }

    @Override
    public Mono<Long> endSessions(String username) {
        return Mono.fromSupplier(() -> epochs.merge(username, 1L, Long::sum));
    }

    private static <K> long count(ConcurrentMap<K, Failures> counts, K key, Instant now, Duration forgetAfter) {
        return counts.compute(key, (k, old) -> new Failures(old == null ? 1 : old.now(now) + 1,
                now.plus(forgetAfter))).count();
    }

    private static <K> void sweep(ConcurrentMap<K, Failures> counts, Instant now) {
        if (counts.size() >= MAX_COUNTED) {
            counts.values().removeIf(f -> !f.forgetAt().isAfter(now));
        }
    }
}
