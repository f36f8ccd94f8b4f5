package com.wecomassist.audit.memory;

import com.wecomassist.audit.AuditEvent;
import com.wecomassist.audit.AuditSkeleton;
import com.wecomassist.audit.AuditTrail;
import com.wecomassist.conversation.ConversationKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.databind.json.JsonMapper;

/**
 * The embedded mode's trail. Every event becomes one line on the {@value #LOGGER} logger (INFO,
 * {@code key=value}), which a log shipper keeps: that line is the durable trail of a single-node
 * gateway. The recent events of each conversation are also kept in memory for reading: the last
 * {@code maxPerConversation} of at most {@code maxConversations} conversations (the one written to
 * longest ago is dropped first), each forgotten {@code retention} after its last event.
 *
 * <p>Thread-safe: one short critical section per call, no I/O inside it, nothing that parks a
 * thread, so it is safe on an event loop.
 */
public class InMemoryAuditTrail implements AuditTrail {

    /** The logger a log shipper keeps; one line per event. */
    public static final String LOGGER = "assist.audit";

    private static final Logger log = LoggerFactory.getLogger(LOGGER);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonStringEncoder QUOTER = JsonStringEncoder.getInstance();
    /** Values made of these characters are written bare; anything else is quoted and escaped. */
    private static final String BARE_PUNCTUATION = "._:@/+#,-[]";

    private final int maxPerConversation;
    private final int maxConversations;
    private final Duration retention;
    private final Clock clock;
    /** Insertion order is last-write order: a write moves its conversation to the end. */
    private final LinkedHashMap<String, Kept> conversations = new LinkedHashMap<>();

    public InMemoryAuditTrail(int maxPerConversation, int maxConversations, Duration retention, Clock clock) {
        if (maxPerConversation < 1 || maxConversations < 1) {
            throw new IllegalArgumentException("keep at least one event of one conversation");
        }
        this.maxPerConversation = maxPerConversation;
        this.maxConversations = maxConversations;
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Mono<Void> record(AuditEvent event) {
        Objects.requireNonNull(event, "event");
        return Mono.fromRunnable(() -> {
            // the log line first: it is the durable trail, the memory is only for reading
            String line = line(event);
            log.info(line);
            if (event.conversation() != null) {
                keep(event);
            }
        });
    }

    @Override
    public Flux<AuditEvent> ofConversation(String conversation, int limit) {
        if (conversation == null || conversation.isBlank()) {
            return Flux.error(new IllegalArgumentException("name the conversation"));
        }
        if (limit < 1) {
            return Flux.empty();
        }
        return Flux.defer(() -> {
            List<AuditEvent> recent;
            synchronized (conversations) {
                forgetStale(clock.instant());
                Kept kept = conversations.get(conversation);
                recent = kept == null ? List.of() : kept.last(limit);
            }
            return Flux.fromIterable(recent);
        });
    }

    @Override
    public Flux<AuditEvent> forCustomer(String externalUserId) {
        return Flux.defer(() -> {
            List<AuditEvent> found = new ArrayList<>();
            synchronized (conversations) {
                forgetStale(clock.instant());
                conversations.entrySet().stream()
                        .filter(kept -> ConversationKey.idWithCustomer(kept.getKey(), externalUserId))
                        .sorted(Map.Entry.comparingByKey())
                        .forEach(kept -> found.addAll(kept.getValue().events));
            }
            return Flux.fromIterable(found);
        });
    }

    @Override
    public Mono<Long> eraseCustomer(String externalUserId) {
        return Mono.fromSupplier(() -> {
            long redacted = 0;
            synchronized (conversations) {
                for (Map.Entry<String, Kept> kept : conversations.entrySet()) {
                    if (ConversationKey.idWithCustomer(kept.getKey(), externalUserId)) {
                        redacted += kept.getValue().redact();
                    }
                }
            }
            return redacted;
        });
    }

    private void keep(AuditEvent event) {
        Instant now = clock.instant();
        synchronized (conversations) {
            forgetStale(now);
            Kept kept = conversations.remove(event.conversation());
            if (kept == null) {
                kept = new Kept();
            }
            kept.add(event, maxPerConversation, now);
            conversations.put(event.conversation(), kept);
            Iterator<Kept> oldest = conversations.values().iterator();
            while (conversations.size() > maxConversations) {
                oldest.next();
                oldest.remove();
            }
        }
    }

    /** Conversations are in last-write order, so the stale ones are at the head. */
    private void forgetStale(Instant now) {
        Instant cutoff = now.minus(retention);
        Iterator<Kept> oldest = conversations.values().iterator();
        while (oldest.hasNext() && oldest.next().lastWrite.isBefore(cutoff)) {
            oldest.remove();
        }
    }

    /**
     * {@code type=... conversation=... subject=... actor=... at=... details.<name>=...}. Values with
     * spaces, quotes, '=' or line breaks are quoted and escaped: a customer's text must not be able
     * to end the line and forge another audit line.
     */
    static String line(AuditEvent event) {
        // sized for a typical line (ids, a masked text or two): growing it was a tenth of what a line allocated
        StringBuilder line = new StringBuilder(512);
        field(line, "", "type", event.type().name());
        field(line, "", "conversation", event.conversation());
        field(line, "", "subject", event.subject());
        field(line, "", "actor", event.actor());
        field(line, "", "at", event.at().toString());
        for (Map.Entry<String, Object> detail : event.details().entrySet()) {
            field(line, "details.", detail.getKey(), text(detail.getValue()));
        }
        return line.toString();
    }

    private static void field(StringBuilder line, String prefix, String key, String value) {
        if (value == null) {
            return;
        }
        if (!line.isEmpty()) {
            line.append(' ');
        }
        if (key.isEmpty() ? bare(prefix) : bare(key) && (prefix.isEmpty() || bare(prefix))) {
            line.append(prefix).append(key);
        } else {
            quoted(line, prefix + key);
        }
        line.append('=');
        if (bare(value)) {
            line.append(value);
        } else {
            quoted(line, value);
        }
    }

    /** A JSON string literal, appended in place (Jackson's escaping, without a generator per value). */
    private static void quoted(StringBuilder line, String value) {
        line.append('"');
        QUOTER.quoteAsString(value, line);
        line.append('"');
    }

    /**
     * Written as it is: letters and numbers of any script and {@code . _ : @ / + # , - [ ]}, at least one
     * (a loop, not a regular expression: every audit event passes here several times).
     */
    static boolean bare(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            i += Character.charCount(c);
            if (Character.isLetter(c) || isNumber(c) || BARE_PUNCTUATION.indexOf(c) >= 0) {
                continue;
            }
            return false;
        }
        return true;
    }

    private static boolean isNumber(int c) {
        int type = Character.getType(c);
        return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER || type == Character.OTHER_NUMBER;
    }

    private static String text(Object value) {
        if (value == null || value instanceof CharSequence || value instanceof Number || value instanceof Boolean) {
            return value == null ? null : value.toString();
        }
        if (value instanceof Collection<?> || value instanceof Map<?, ?> || value.getClass().isArray()) {
            return JSON.writeValueAsString(value);
        }
        return value.toString();
    }

    /** One conversation's recent events. Guarded by the map's lock. */
    private static final class Kept {
        private final ArrayDeque<AuditEvent> events = new ArrayDeque<>();
        private Instant lastWrite;

        void add(AuditEvent event, int max, Instant now) {
            events.addLast(event);
            while (events.size() > max) {
                events.removeFirst();
            }
            lastWrite = now;
        }

        /** Each event replaced by its skeleton, in place (order and count kept); answers how many changed. */
        int redact() {
            int changed = 0;
            List<AuditEvent> all = new ArrayList<>(events);
            events.clear();
            for (AuditEvent event : all) {
                AuditEvent skeleton = AuditSkeleton.of(event);
                changed += skeleton == event ? 0 : 1;
                events.addLast(skeleton);
            }
            return changed;
        }

        List<AuditEvent> last(int limit) {
            List<AuditEvent> all = new ArrayList<>(events);
            return List.copyOf(all.subList(Math.max(0, all.size() - limit), all.size()));
        }
    }
}
