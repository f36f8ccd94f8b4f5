package com.wecomassist.learn;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * An agent's suggestion that a customer's phrasing (masked for personal data) becomes a variant
 * (相似问) of a knowledge-base entry, waiting on the content team's review list.
 *
 * @param id            derived from the entry and the normalised phrasing, so that the same
 *                      suggestion made twice is one suggestion
 * @param phrasing      the customer's words, masked
 * @param entryId       the entry it should become a variant of
 * @param entryVersion  the entry's version the draft was built on
 * @param entryQuestion the entry's standard question when suggested (for the reviewer)
 * @param suggestedBy   the agent who suggested it first
 * @param draftId       the draft the agent decided on
 * @param conversation  the conversation of that draft
 * @param suggestedAt   when it was first suggested
 * @param times         how many times it was suggested (duplicates collapse into one)
 * @param status        open, accepted or dismissed
 * @param decidedBy     the editor who accepted or dismissed it, or null while open
 * @param decidedAt     when, or null while open
 */
public record PhrasingSuggestion(String id, String phrasing, String entryId, long entryVersion, String entryQuestion,
                                 String suggestedBy, String draftId, String conversation, Instant suggestedAt,
                                 int times, Status status, String decidedBy, Instant decidedAt) {

    public enum Status { OPEN, ACCEPTED, DISMISSED }

    /** Longest phrasing kept: a variant is a question, not a letter. */
    public static final int MAX_PHRASING = 200;

    public PhrasingSuggestion {
        if (phrasing == null || Phrasings.normalise(phrasing).isEmpty()) {
            throw new IllegalArgumentException("a suggestion needs a phrasing with words in it");
        }
        phrasing = phrasing.strip();
        if (phrasing.length() > MAX_PHRASING) {
            throw new IllegalArgumentException("a phrasing is at most " + MAX_PHRASING + " characters");
        }
        if (entryId == null || entryId.isBlank()) {
            throw new IllegalArgumentException("a suggestion needs an entry");
        }
        Objects.requireNonNull(suggestedBy, "suggestedBy");
        Objects.requireNonNull(suggestedAt, "suggestedAt");
        Objects.requireNonNull(status, "status");
        // kept to the millisecond, as the Redis adapter stores it, so both adapters agree
        suggestedAt = suggestedAt.truncatedTo(ChronoUnit.MILLIS);
        decidedAt = decidedAt == null ? null : decidedAt.truncatedTo(ChronoUnit.MILLIS);
        id = idOf(entryId, phrasing);
        times = Math.max(1, times);
    }

    /** A new, open suggestion. */
    public static PhrasingSuggestion open(String phrasing, String entryId, long entryVersion, String entryQuestion,
                                          String agent, String draftId, String conversation, Instant at) {
        return new PhrasingSuggestion(null, phrasing, entryId, entryVersion, entryQuestion, agent, draftId,
                conversation, at, 1, Status.OPEN, null, null);
    }

    /** The same suggestion, decided. */
    public PhrasingSuggestion decided(Status newStatus, String editor, Instant at) {
        return new PhrasingSuggestion(id, phrasing, entryId, entryVersion, entryQuestion, suggestedBy, draftId,
                conversation, suggestedAt, times, newStatus, editor, at);
    }

    /** The same suggestion, suggested {@code more} more times. */
    public PhrasingSuggestion suggestedAgain(int more) {
        return new PhrasingSuggestion(id, phrasing, entryId, entryVersion, entryQuestion, suggestedBy, draftId,
                conversation, suggestedAt, times + more, status, decidedBy, decidedAt);
    }

    /**
     * The id of the suggestion "this phrasing for this entry", whoever makes it: two 64-bit FNV-1a
     * hashes (different offsets) of the entry and the normalised phrasing. Not a security measure,
     * only a short, stable key; computed in plain Java so that it never waits on a crypto provider.
     */
    public static String idOf(String entryId, String phrasing) {
        byte[] bytes = (entryId.strip() + "\n" + Phrasings.normalise(phrasing)).getBytes(StandardCharsets.UTF_8);
        return "s-" + String.format("%016x%016x", fnv(bytes, 0xcbf29ce484222325L), fnv(bytes, 0x84222325cbf29ce4L));
    }

    private static long fnv(byte[] bytes, long offset) {
        long hash = offset;
        for (byte b : bytes) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
