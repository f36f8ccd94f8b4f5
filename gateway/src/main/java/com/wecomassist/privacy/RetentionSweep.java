package com.wecomassist.privacy;

import com.wecomassist.approval.ApprovalQueue;
import com.wecomassist.comply.RecentTexts;
import com.wecomassist.conversation.PeriodicCheck;
import com.wecomassist.learn.PhrasingSuggestions;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Forgets, on every instance every {@code assist.privacy.sweep-interval}, what the stores without
 * a time limit of their own keep past {@code assist.privacy.retention.*}: the compliance officer's
 * checked texts, drafts no agent decided, and open variant suggestions. Each store forgets by value
 * or id, so two instances sweeping at once forget each item once. Counted in
 * {@code assist.privacy.forgotten{store}}.
 */
public class RetentionSweep extends PeriodicCheck {

    private static final Logger log = LoggerFactory.getLogger(RetentionSweep.class);

    private final RecentTexts checked;
    private final ApprovalQueue approvals;
    private final PhrasingSuggestions suggestions;
    private final PrivacyProperties.Retention retention;
    private final MeterRegistry meters;
    private final Clock clock;

    public RetentionSweep(RecentTexts checked, ApprovalQueue approvals, PhrasingSuggestions suggestions,
                          PrivacyProperties settings, MeterRegistry meters, Clock clock) {
        super("personal-data retention sweep", settings.sweepInterval());
        this.checked = checked;
        this.approvals = approvals;
        this.suggestions = suggestions;
        this.retention = settings.retention();
        this.meters = meters;
        this.clock = clock;
    }

    @Override
    public Mono<Integer> checkOnce() {
        return Mono.defer(() -> {
            Instant now = clock.instant();
            Instant texts = now.minus(retention.checkedTexts());
            return counted("checkedTexts", checked.flagged().forgetBefore(texts)
                            .zipWith(checked.passed().forgetBefore(texts), Long::sum))
                    .concatWith(counted("approvalQueue", approvals.forgetBefore(now.minus(retention.pendingDrafts()))))
                    .concatWith(counted("phrasingSuggestions",
                            suggestions.forgetOpenBefore(now.minus(retention.openSuggestions()))))
                    .reduce(0L, Long::sum)
                    .map(Math::toIntExact);
        });
    }

    private Mono<Long> counted(String store, Mono<Long> forgotten) {
        return forgotten.doOnNext(n -> {
            if (n > 0) {
                meters.counter("assist.privacy.forgotten", "store", store).increment(n);
                log.info("forgot {} item(s) of {} past their retention", n, store);
            }
        });
    }
}
