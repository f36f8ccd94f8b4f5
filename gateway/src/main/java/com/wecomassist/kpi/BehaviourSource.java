package com.wecomassist.kpi;

import java.time.LocalDate;
import java.util.Map;
import reactor.core.publisher.Mono;

/** WeCom's 1V1 statistics of one employee ({@code get_user_behavior_data}), per day of a range. */
public interface BehaviourSource {

    /** The employee's statistics of each day from {@code from} to {@code to} (inclusive) WeCom answered for. */
    Mono<Map<LocalDate, EmployeeDay.Behaviour>> of(String employee, LocalDate from, LocalDate to);
}
