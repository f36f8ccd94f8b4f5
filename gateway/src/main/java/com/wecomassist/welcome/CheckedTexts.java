package com.wecomassist.welcome;

import com.wecomassist.compliance.ComplianceChecker;
import com.wecomassist.compliance.Verdict;
import com.wecomassist.compliance.rules.TextKind;
import com.wecomassist.comply.ComplianceInForce;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The compliance check of a welcome right before it is sent: the rule packs and the semantic layer
 * in force, never the LLM judge (a welcome has 20 s and no model may stand in its way). A handful of
 * templates make a handful of texts, so each verdict is kept until the compliance officers publish a
 * new checker; the check itself (the semantic layer blocks on ONNX inference) runs on a small bounded
 * scheduler of its own, never an event loop.
 */
public final class CheckedTexts implements AutoCloseable {

    /** Texts whose verdicts are kept, at most: far above any real template count. */
    static final int KEPT = 1000;

    private record Checked(ComplianceChecker by, Verdict verdict) {
    }

    private final ComplianceInForce inForce;
    private final Map<String, Checked> verdicts = new ConcurrentHashMap<>();
    private final Scheduler scheduler = Schedulers.newBoundedElastic(2, 10_000, "welcome-check", 60, true);

    public CheckedTexts(ComplianceInForce inForce) {
        this.inForce = inForce;
    }

    /** The verdict on {@code text} by the checker in force (a bank employee's words: {@link TextKind#AGENT_REPLY}). */
    public Mono<Verdict> check(String text) {
        ComplianceChecker checker = inForce.checker();
        Checked kept = verdicts.get(text);
        if (kept != null && kept.by() == checker) {
            return Mono.just(kept.verdict());
        }
        return Mono.fromCallable(() -> checker.check(text, TextKind.AGENT_REPLY))
                .subscribeOn(scheduler)
                .doOnNext(verdict -> {
                    if (verdicts.size() >= KEPT) {
                        verdicts.clear(); // only a flood of distinct texts gets here; they are checked again
                    }
                    verdicts.put(text, new Checked(checker, verdict));
                });
    }

    @Override
    public void close() {
        scheduler.dispose();
    }
}
