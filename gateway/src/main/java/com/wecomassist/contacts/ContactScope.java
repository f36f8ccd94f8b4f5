package com.wecomassist.contacts;

import java.util.function.Predicate;
import reactor.core.publisher.Mono;

/**
 * Whose customers a member of staff may read in the directory: a test on the employee's WeCom userid.
 * Implemented by {@code access/} (which knows roles and teams), so that the directory, which
 * {@code inbound/} feeds, stays below the packages that know who is asking.
 */
public interface ContactScope {

    /** The test for this logged-in user; 403 {@code UNKNOWN_USER} for a login the staff directory does not know. */
    Mono<Predicate<String>> employeesVisibleTo(String username);
}
