package com.wecomassist.kpi;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The 客户联系 KPIs.
 *
 * @param zone                the bank's time zone: where a day begins and ends
 * @param dailyAt             when, each day, yesterday's figures are computed (WeCom's statistics of a day
 *                            are complete the next morning)
 * @param catchUpDays         days the daily run looks back for days not computed (the gateway was stopped
 *                            over a weekend): each missing one is computed; older days only when asked
 * @param checkEvery          how often the schedule looks whether a run is due
 * @param employeesPerSecond  the run's pace: each employee is one get_user_behavior_data call per 30 days
 * @param maxRunDays          days one run may compute (a backfill of a quarter, not of years)
 * @param maxReportDays       days one report may cover
 * @param retention           how long daily figures are kept
 * @param scheduleEnabled     false: figures are computed only when an administrator asks
 */
@ConfigurationProperties(prefix = "assist.kpi", ignoreUnknownFields = false)
public record KpiProperties(@DefaultValue("Asia/Shanghai") ZoneId zone,
                            @DefaultValue("02:00") LocalTime dailyAt,
                            @DefaultValue("7") int catchUpDays,
                            @DefaultValue("10m") Duration checkEvery,
                            @DefaultValue("10") double employeesPerSecond,
                            @DefaultValue("92") int maxRunDays,
                            @DefaultValue("366") int maxReportDays,
                            @DefaultValue("400d") Duration retention,
                            @DefaultValue("true") boolean scheduleEnabled) {

    public KpiProperties {
        require(catchUpDays >= 1 && catchUpDays <= 92, "assist.kpi.catch-up-days must be between 1 and 92");
        require(checkEvery.compareTo(Duration.ofSeconds(1)) >= 0, "assist.kpi.check-every must be at least 1s");
        require(employeesPerSecond > 0 && employeesPerSecond <= 100,
                "assist.kpi.employees-per-second must be above 0 and at most 100");
        require(maxRunDays >= 1 && maxRunDays <= 366, "assist.kpi.max-run-days must be between 1 and 366");
        require(maxReportDays >= 1 && maxReportDays <= 1_000, "assist.kpi.max-report-days must be between 1 and 1000");
        require(retention.compareTo(Duration.ofDays(maxReportDays)) >= 0,
                "assist.kpi.retention must be at least max-report-days");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
