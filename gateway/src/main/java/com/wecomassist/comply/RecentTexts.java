package com.wecomassist.comply;

import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The compliance officer's two lists of recent checked texts, each bounded by
 * {@code assist.compliance.recent-capacity}: what was blocked or sent to review, and a sample of
 * what passed. Passes have a list of their own because they are most of the traffic: in a shared
 * list they would push the blocked texts, which the officer reads first, off within minutes.
 */
public record RecentTexts(FlaggedDrafts flagged, FlaggedDrafts passed, int capacity) {

    /** Verdicts kept in the flagged list. */
    public static final Set<String> FLAGGED_ACTIONS = Set.of("BLOCK", "REVIEW");
    /** Verdicts that let the text go out (as it was, with a notice appended, or with personal data masked). */
    public static final Set<String> PASSED_ACTIONS = Set.of("PASS", "APPEND_NOTICE", "REWRITE");

    /** The list that keeps texts with this verdict. */
    public FlaggedDrafts listFor(String action) {
        return FLAGGED_ACTIONS.contains(action) ? flagged : passed;
    }

    /** A recent text by its {@link FlaggedDraft#key()}, looked for in both lists; empty when it fell off. */
    public Mono<FlaggedDraft> find(String key) {
        return Flux.concat(flagged.recent(FLAGGED_ACTIONS, capacity), passed.recent(PASSED_ACTIONS, capacity))
                .filter(d -> d.key().equals(key))
                .next();
    }
}
