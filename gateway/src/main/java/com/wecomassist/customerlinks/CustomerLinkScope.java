package com.wecomassist.customerlinks;

import java.util.function.Predicate;
import reactor.core.publisher.Mono;

/**
 * Whose links (customer numbers included) a member of staff may read: a test on the link's 管户
 * userid (null for a customer with none). Implemented by {@code access/}, which knows roles, so that
 * this package, which routing reads, stays below the packages that know who is asking.
 */
public interface CustomerLinkScope {

    /** The test for this logged-in user; 403 {@code UNKNOWN_USER} for a login the staff directory does not know. */
    Mono<Predicate<String>> managersVisibleTo(String username);
}
