package com.wecomassist.contacts;

import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * What WeCom says now of one customer and one employee who follows them: read when an
 * {@code edit_external_contact} callback names the pair, since the callback does not say what the
 * employee changed (remark, tags). The full sync reads the same facts by employee ({@link ContactPages}).
 */
public interface ContactLookup {

    /**
     * The relationship as a {@link ContactEvent.Kind#SYNCED} event timed {@code asOf}; empty when the
     * employee no longer follows the customer, or WeCom does not know the customer (the callback that
     * says so reaches the directory on its own).
     */
    Mono<ContactEvent> relationship(String externalUserId, String employee, Instant asOf);
}
