package com.wecomassist.roster;

import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The bank's employees on WeCom and where each sits ({@link RosterEntry}): read by the 客户联系 KPIs to
 * roll figures up per team and branch. The bank replaces it whole (an HR export is a snapshot, and an
 * employee missing from it has left the organisation chart), so a replacement is atomic: readers see
 * the old roster or the new one, never half of each. A roster is thousands of lines, not millions.
 */
public interface EmployeeRoster {

    /** Replaces the roster with {@code entries} (userids unique); answers how many it now holds. */
    Mono<Integer> replaceAll(List<RosterEntry> entries);

    /** Every employee, in userid order. */
    Flux<RosterEntry> all();
}
