package com.wecomassist.conversation;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * Why a conversation waits for a person, how urgent it is and since when: recorded on the
 * {@link Conversation} by the transition that put it in front of people, so that the agents' list
 * of waiting conversations ({@link ConversationStore#waiting()}) is read from the conversations
 * themselves and nothing handed off can be missing from it.
 *
 * @param reason   a routing reason code ({@code route/ReasonCode}): {@code fraud-or-lost-card},
 *                 {@code customer-asked-for-person}, {@code send-failed}, ... (a string here because
 *                 routing builds on conversations, not the other way round)
 * @param priority higher is more urgent (0 normal)
 * @param since    when the customer started waiting for a person
 */
public record HandOff(String reason, int priority, Instant since) {

    /** The reason of a conversation a person took without anyone handing it off (an agent's take-over, a WeCom servicer). */
    public static final String TAKEN_OVER = "taken-over";

    /** The order people pick conversations up in: most urgent first, then the longest waiting. */
    public static final Comparator<HandOff> QUEUE_ORDER = Comparator.comparingInt(HandOff::priority).reversed()
            .thenComparing(HandOff::since);

    public HandOff {
        Objects.requireNonNull(since, "since");
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a hand-off needs a reason");
        }
    }

    /**
     * This hand-off after another reason to wait came up: the customer has waited since the first one
     * (its reason and time stand), and the conversation is as urgent as the more urgent of the two.
     * A take-over is no reason to wait (a person was serving the customer): the later reason replaces it.
     */
    public HandOff and(HandOff later) {
        if (later == null) {
            return this;
        }
        if (TAKEN_OVER.equals(reason) && !TAKEN_OVER.equals(later.reason)) {
            return later;
        }
        return later.priority <= priority ? this : new HandOff(reason, later.priority, since);
    }
}
