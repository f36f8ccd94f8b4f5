package com.wecomassist.engagement.memory;

import com.wecomassist.engagement.Engagement;
import com.wecomassist.engagement.Engagements;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Embedded mode: engagements in this process, per customer, forgotten {@link #KEPT_DAYS} days after their last. */
public class InMemoryEngagements implements Engagements {

    private final Map<String, List<Engagement>> byCustomer = new HashMap<>();
    /** When each customer's engagements were last written, oldest first: the stale ones are at the head. */
    private final LinkedHashMap<String, Instant> lastWritten = new LinkedHashMap<>();
    private final Clock clock;

    public InMemoryEngagements(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Mono<Void> record(Engagement engagement) {
        return Mono.fromRunnable(() -> {
            synchronized (this) {
                forgetStale();
                List<Engagement> kept = byCustomer.computeIfAbsent(engagement.customer(), c -> new ArrayList<>());
                Engagement sameDay = kept.stream().filter(e -> sameSlot(e, engagement)).findFirst().orElse(null);
                if (sameDay != null && !sameDay.at().isAfter(engagement.at())) {
                    return;
                }
                kept.remove(sameDay);
                kept.add(engagement);
                kept.sort(Comparator.comparing(Engagement::at));
                lastWritten.remove(engagement.customer());
                lastWritten.put(engagement.customer(), clock.instant());
            }
        });
    }

    @Override
    public Flux<Engagement> of(String customer) {
        return Flux.defer(() -> {
            synchronized (this) {
                forgetStale();
                return Flux.fromIterable(List.copyOf(byCustomer.getOrDefault(customer, List.of())));
            }
        });
    }

    @Override
    public Mono<Long> erase(String customer) {
        return Mono.fromSupplier(() -> {
            synchronized (this) {
                lastWritten.remove(customer);
                List<Engagement> gone = byCustomer.remove(customer);
                return gone == null ? 0L : gone.size();
            }
        });
    }

    private static boolean sameSlot(Engagement a, Engagement b) {
        return a.employee().equals(b.employee()) && a.source() == b.source()
                && a.at().atOffset(ZoneOffset.UTC).toLocalDate().equals(b.at().atOffset(ZoneOffset.UTC).toLocalDate());
    }

    /** Forgets the customers written to longest ago, while they are stale: the head only, never a scan of all. */
    private void forgetStale() {
        Instant horizon = clock.instant().minus(Duration.ofDays(KEPT_DAYS));
        Iterator<Map.Entry<String, Instant>> oldest = lastWritten.entrySet().iterator();
        while (oldest.hasNext()) {
            Map.Entry<String, Instant> last = oldest.next();
            if (!last.getValue().isBefore(horizon)) {
                return;
            }
            byCustomer.remove(last.getKey());
            oldest.remove();
        }
    }
}
