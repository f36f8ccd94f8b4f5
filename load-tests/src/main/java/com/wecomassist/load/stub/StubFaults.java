package com.wecomassist.load.stub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Faults a stub injects into its answers, for the fault suite: per API name ({@code kf/send_msg},
 * {@code kf/sync_msg}, {@code gettoken}, {@code chat}), the next N calls (or every call until a
 * time) get a fault instead of, or besides, their normal answer. Rules of one API apply in the order
 * they were added; a used-up rule is dropped. Nothing is injected unless a test adds a rule, so the
 * load scenarios are unaffected.
 */
public final class StubFaults {

    /** What happens to a call a rule catches. */
    public sealed interface Fault {
    }

    /** WeCom answers HTTP 200 with this errcode and does nothing ({@code -1} busy, 45009, 40014, …). */
    public record WecomError(int errcode, String errmsg) implements Fault {
    }

    /** The answer is an HTTP status with no useful body; with {@code afterDoing} the call took effect first. */
    public record HttpStatus(int status, boolean afterDoing) implements Fault {
    }

    /** The call is answered normally, this much later. */
    public record Slow(Duration delay) implements Fault {
    }

    /** The call is never answered (the client's timeout must notice). */
    public record Hang() implements Fault {
    }

    /** A streamed answer stops after its first chunks and the connection is closed. */
    public record CutStream() implements Fault {
    }

    private static final class Rule {
        final Fault fault;
        long remaining;
        final long untilNanos;

        Rule(Fault fault, long count, long untilNanos) {
            this.fault = fault;
            this.remaining = count;
            this.untilNanos = untilNanos;
        }
    }

    private final Map<String, List<Rule>> rules = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> injected = new ConcurrentHashMap<>();

    /** The next {@code count} calls of {@code api} get {@code fault}. */
    public StubFaults next(String api, int count, Fault fault) {
        add(api, new Rule(fault, count, Long.MAX_VALUE));
        return this;
    }

    /** Every call of {@code api} in the next {@code span} gets {@code fault}. */
    public StubFaults during(String api, Duration span, Fault fault) {
        add(api, new Rule(fault, Long.MAX_VALUE, System.nanoTime() + span.toNanos()));
        return this;
    }

    /** Drops every rule (what was injected stays counted). */
    public void clear() {
        rules.clear();
    }

    /** The fault for this call of {@code api}, if a rule catches it (and counts it against the rule). */
    public Optional<Fault> take(String api) {
        List<Rule> list = rules.get(api);
        if (list == null) {
            return Optional.empty();
        }
        synchronized (list) {
            long now = System.nanoTime();
            for (Iterator<Rule> it = list.iterator(); it.hasNext(); ) {
                Rule rule = it.next();
                if (rule.remaining <= 0 || now > rule.untilNanos) {
                    it.remove();
                    continue;
                }
                rule.remaining--;
                injected.computeIfAbsent(api, k -> new AtomicLong()).incrementAndGet();
                return Optional.of(rule.fault);
            }
        }
        return Optional.empty();
    }

    /** Faults injected so far into calls of {@code api}. */
    public long injected(String api) {
        AtomicLong n = injected.get(api);
        return n == null ? 0 : n.get();
    }

    private void add(String api, Rule rule) {
        List<Rule> list = rules.computeIfAbsent(api, k -> new ArrayList<>());
        synchronized (list) {
            list.add(rule);
        }
    }
}
