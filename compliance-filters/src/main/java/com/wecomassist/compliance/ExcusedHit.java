package com.wecomassist.compliance;

/**
 * A match that an exception of its rule excused (a negation, a warning, a defined term), kept in
 * the verdict so a reviewer can see what the tool deliberately let through and why.
 *
 * @param hit    the match as it would have been reported
 * @param reason the exception's reason
 */
public record ExcusedHit(Hit hit, String reason) {
}
