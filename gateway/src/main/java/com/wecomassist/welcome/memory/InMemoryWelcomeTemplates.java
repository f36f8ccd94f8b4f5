package com.wecomassist.welcome.memory;

import com.wecomassist.welcome.Publication;
import com.wecomassist.welcome.TemplateVersion;
import com.wecomassist.welcome.WelcomeKey;
import com.wecomassist.welcome.WelcomeTemplates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The embedded mode's templates, in this process (lost on restart, like the other embedded stores:
 * the shipped defaults answer until the team publishes again). One lock: edits are rare and tiny.
 */
public class InMemoryWelcomeTemplates implements WelcomeTemplates {

    private final Map<WelcomeKey, List<TemplateVersion>> versions = new LinkedHashMap<>();
    private final Map<WelcomeKey, List<Publication>> publications = new LinkedHashMap<>();
    private long count;

    @Override
    public Mono<TemplateVersion> draft(WelcomeKey key, String text, String author, Instant at) {
        return Mono.fromSupplier(() -> {
            synchronized (this) {
                List<TemplateVersion> all = versions.computeIfAbsent(key, k -> new ArrayList<>());
                TemplateVersion next = new TemplateVersion(key, all.size() + 1L, text, author, at);
                all.add(next);
                return next;
            }
        });
    }

    @Override
    public Mono<TemplateVersion> version(WelcomeKey key, long version) {
        return Mono.fromSupplier(() -> {
            synchronized (this) {
                return versions.getOrDefault(key, List.of()).stream().filter(v -> v.version() == version)
                        .findFirst().orElse(null);
            }
        });
    }

    @Override
    public Flux<TemplateVersion> versions(WelcomeKey key) {
        return Flux.defer(() -> {
            synchronized (this) {
                return Flux.fromIterable(List.copyOf(versions.getOrDefault(key, List.of())));
            }
        });
    }

    @Override
    public Flux<WelcomeKey> keys() {
        return Flux.defer(() -> {
            synchronized (this) {
                return Flux.fromIterable(List.copyOf(versions.keySet()));
            }
        });
    }

    @Override
    public Mono<Boolean> publish(Publication next, long expectedVersion) {
        return Mono.fromSupplier(() -> {
            synchronized (this) {
                List<Publication> log = publications.computeIfAbsent(next.key(), k -> new ArrayList<>());
                long current = log.isEmpty() ? 0 : log.get(log.size() - 1).version();
                if (current != expectedVersion) {
                    return false;
                }
                log.add(next);
                count++;
                return true;
            }
        });
    }

    @Override
    public Flux<Publication> published() {
        return Flux.defer(() -> {
            synchronized (this) {
                return Flux.fromIterable(publications.values().stream().filter(log -> !log.isEmpty())
                        .map(log -> log.get(log.size() - 1)).toList());
            }
        });
    }

    @Override
    public Flux<Publication> publications(WelcomeKey key) {
        return Flux.defer(() -> {
            synchronized (this) {
                return Flux.fromIterable(List.copyOf(publications.getOrDefault(key, List.of())));
            }
        });
    }

    @Override
    public Mono<Long> publicationCount() {
        return Mono.fromSupplier(() -> {
            synchronized (this) {
                return count;
            }
        });
    }
}
