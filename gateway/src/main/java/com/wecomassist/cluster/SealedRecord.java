package com.wecomassist.cluster;

/**
 * The value of a record whose content is sealed ({@link PayloadCipher}): the key it is ordered by (its
 * conversation, as the record's key) in clear, and the content sealed for that key.
 *
 * @param key    the conversation the record belongs to (the associated data of the seal)
 * @param sealed the content, sealed
 */
public record SealedRecord(String key, String sealed) {

    public SealedRecord {
        // a record of another shape read as this one would have nulls: it is not a sealed record
        java.util.Objects.requireNonNull(key, "key");
        java.util.Objects.requireNonNull(sealed, "sealed");
    }
}
