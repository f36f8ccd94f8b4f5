package com.wecomassist.kpi.wecom;

import com.wecomassist.kpi.BehaviourSource;
import com.wecomassist.kpi.EmployeeDay;
import com.wecomassist.wecom.WecomApiClient;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code externalcontact/get_user_behavior_data}, one employee per call (WeCom sums the employees of a
 * call into one figure per day), in spans of at most 30 days (WeCom's limit). Days are the bank's
 * ({@code stat_time} is a day's start in its zone).
 */
public class WecomBehaviourSource implements BehaviourSource {

    static final int MAX_DAYS = 30;

    private final WecomApiClient api;
    private final ZoneId zone;

    public WecomBehaviourSource(WecomApiClient api, ZoneId zone) {
        this.api = api;
        this.zone = zone;
    }

    @Override
    public Mono<Map<LocalDate, EmployeeDay.Behaviour>> of(String employee, LocalDate from, LocalDate to) {
        return Flux.fromStream(from.datesUntil(to.plusDays(1), java.time.Period.ofDays(MAX_DAYS)))
                .concatMap(start -> {
                    LocalDate end = start.plusDays(MAX_DAYS - 1).isAfter(to) ? to : start.plusDays(MAX_DAYS - 1);
                    return api.behaviourData(List.of(employee), start.atStartOfDay(zone).toEpochSecond(),
                            end.atStartOfDay(zone).toEpochSecond());
                })
                .reduceWith(TreeMap<LocalDate, EmployeeDay.Behaviour>::new, (days, answer) -> {
                    for (JsonNode row : answer.path("behavior_data")) {
                        long statTime = row.path("stat_time").asLong(0);
                        if (statTime > 0) {
                            LocalDate day = LocalDate.ofInstant(Instant.ofEpochSecond(statTime), zone);
                            if (!day.isBefore(from) && !day.isAfter(to)) {
                                days.put(day, behaviour(row));
                            }
                        }
                    }
                    return days;
                })
                .map(Map::copyOf);
    }

    private static EmployeeDay.Behaviour behaviour(JsonNode row) {
        return new EmployeeDay.Behaviour(row.path("chat_cnt").asLong(0), row.path("message_cnt").asLong(0),
                number(row, "reply_percentage"), number(row, "avg_reply_time"),
                row.path("negative_feedback_cnt").asLong(0), row.path("new_apply_cnt").asLong(0),
                row.path("new_contact_cnt").asLong(0));
    }

    /** WeCom leaves reply figures out on a day without chats to answer: null, not 0. */
    private static Double number(JsonNode row, String field) {
        JsonNode value = row.get(field);
        return value == null || value.isNull() || !value.isNumber() ? null : value.asDouble();
    }
}
