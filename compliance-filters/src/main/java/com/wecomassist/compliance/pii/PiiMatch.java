package com.wecomassist.compliance.pii;

/**
 * One piece of personal data found in a text.
 *
 * @param kind   what it is
 * @param start  start index in the original text
 * @param end    end index (exclusive) in the original text
 * @param value  the characters as written (may contain spaces or dashes)
 * @param key    canonical form (digits only, upper-case X, lower-case e-mail), for "same value" tests
 * @param detail what else is known (issuing bank and card type from the BIN table), or empty
 */
public record PiiMatch(PiiKind kind, int start, int end, String value, String key, String detail) {
}
