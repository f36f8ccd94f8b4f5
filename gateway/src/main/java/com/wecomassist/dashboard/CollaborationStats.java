package com.wecomassist.dashboard;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The 人机协作 figures: how customers' questions were answered — by the machine alone, by an
 * agent's one-click approval, by an edited draft, or by people writing — counted per hour and per
 * knowledge-base category, for every instance together. The dashboard shows shares and trends
 * from it.
 */
public interface CollaborationStats {

    /** How a customer was answered. */
    enum Outcome {
        /** the bot sent its answer on its own */
        AUTO_SENT,
        /** the bot sent the answer the customer chose from a 猜你想问 menu */
        MENU_CHOSEN,
        /** an agent sent a draft (or one of its candidates) unchanged */
        APPROVED,
        /** an agent edited the draft before sending it */
        EDITED,
        /** a person wrote the answer */
        WRITTEN_BY_PEOPLE
    }

    /** Counts one answer in the hour of {@code at}; {@code category} null or blank counts as "其他". */
    Mono<Void> count(Outcome outcome, String category, Instant at);

    /** Every non-zero count of the hours from {@code from} to {@code to} (both truncated to the hour). */
    Flux<HourlyCount> between(Instant from, Instant to);

    /** The category answers without one are counted under. */
    String NO_CATEGORY = "其他";

    static String categoryOf(String category) {
        return category == null || category.isBlank() ? NO_CATEGORY : category.strip();
    }

    static Instant hourOf(Instant at) {
        return at.truncatedTo(ChronoUnit.HOURS);
    }

    record HourlyCount(Instant hour, Outcome outcome, String category, long count) {
        public HourlyCount {
            Objects.requireNonNull(hour, "hour");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(category, "category");
        }
    }
}
