package com.wecomassist.contacts;

import java.util.List;
import reactor.core.publisher.Mono;

/** Where the full sync reads the bank's customers from: WeCom's {@code batch/get_by_user}, page by page. */
public interface ContactPages {

    /** Every employee who has 客户联系 (the sync's default scope). */
    Mono<List<String>> employees();

    /**
     * One page of the customers of up to 100 employees: one {@link ContactEvent.Kind#SYNCED} event per
     * relationship, read now.
     */
    Mono<Page> page(List<String> employees, String cursor, int limit);

    /** @param nextCursor where the next page starts; null or empty when this was the group's last */
    record Page(List<ContactEvent> contacts, String nextCursor) {
    }
}
