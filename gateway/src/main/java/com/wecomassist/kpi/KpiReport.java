package com.wecomassist.kpi;

import com.wecomassist.kpi.TaskDay;
import com.wecomassist.roster.RosterEntry;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Sums daily figures into a report over a range of days, per employee, team, branch or for the whole
 * bank, and into a day-by-day series for charts.
 *
 * <p>Flows (friends added and removed, chats, messages, negative feedback) are summed over the days;
 * stocks (管户 customers, those covered, friends, the 30/90-day churn cohorts) are each employee's on
 * the last day of the range they have figures for, summed over the employees. Rates are recomputed from
 * the sums (覆盖率 = Σ covered / Σ managed), never averaged; WeCom's reply percentage and reply time come
 * per employee and day only, so a group's is their average weighted by chats.
 *
 * <p>The 企业群发 tasks the outreach engine made for the employees ({@link TaskDay}) are flows too, counted
 * under the day each task was made: 群发执行率 = Σ confirmed / Σ (confirmed + expired), which is the tasks
 * made less those whose customer was no longer a friend (the employee could not send them) and those still
 * open (not decided yet).
 */
public final class KpiReport {

    /** How rows are grouped. */
    public enum By {
        EMPLOYEE, TEAM, BRANCH, ALL;

        /** The group of an employee. */
        String key(RosterEntry e) {
            return switch (this) {
                case EMPLOYEE -> e.userid();
                case TEAM -> e.branch() + " / " + e.team();
                case BRANCH -> e.branch();
                case ALL -> ALL_KEY;
            };
        }
    }

    /** The key of the one row of {@link By#ALL}. */
    public static final String ALL_KEY = "全行";

    /**
     * A group's figures over the report's days (rates null where their denominator is 0, reply figures
     * null where WeCom gave none). {@code employees}: those with daily figures. The 企业群发 tasks made in the
     * days ({@code tasks}): confirmed by the employee, expired unconfirmed, ended because the customer was no
     * longer a friend, still open; {@code executionRate} = confirmed / (confirmed + expired).
     */
    public record Figures(int employees, long managed, long covered, Double coverage, long friends, long added,
                          long removedByEmployee, long removedByCustomer, long added30, long churned30, Double churn30,
                          long added90, long churned90, Double churn90, long chats, long messages,
                          Double replyPercentage, Double avgReplyMinutes, long negativeFeedback, long newApply,
                          long newContact, int daysWithoutBehaviour, long tasks, long tasksConfirmed,
                          long tasksExpired, long tasksNotFriend, long tasksOpen, Double executionRate) {
    }

    /**
     * A row: the group (for {@link By#EMPLOYEE} the employee with their name, team and branch; for
     * {@link By#TEAM} the team and its branch; for {@link By#BRANCH} the branch) and its figures.
     */
    public record Row(String key, String branch, String team, String employee, String name, Figures figures) {
    }

    /**
     * @param computed days of the range the figures were computed for
     * @param missing  days of the range not computed (a report of them counts nothing)
     */
    public record Report(LocalDate from, LocalDate to, By by, List<LocalDate> computed, List<LocalDate> missing,
                         List<Row> rows, Figures total) {
    }

    /** One day of a group. */
    public record Point(LocalDate day, Figures figures) {
    }

    private KpiReport() {
    }

    /**
     * The report over {@code days} and {@code tasks} (every employee's figures of the range), rows in key order;
     * an employee with tasks but no daily figures has a row too (not counted in {@code employees}).
     */
    public static List<Row> rows(Collection<EmployeeDay> days, Collection<TaskDay> tasks, By by,
                                 Function<String, RosterEntry> roster) {
        Map<String, Tally> employees = perEmployee(days, tasks);
        Map<String, Tally> groups = new TreeMap<>();
        Map<String, RosterEntry> samples = new TreeMap<>();
        for (Map.Entry<String, Tally> e : employees.entrySet()) {
            RosterEntry entry = roster.apply(e.getKey());
            String key = by.key(entry);
            groups.computeIfAbsent(key, k -> new Tally()).add(e.getValue());
            samples.putIfAbsent(key, entry);
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, Tally> g : groups.entrySet()) {
            RosterEntry sample = samples.get(g.getKey());
            rows.add(switch (by) {
                case EMPLOYEE -> new Row(g.getKey(), sample.branch(), sample.team(), sample.userid(), sample.name(),
                        g.getValue().figures());
                case TEAM -> new Row(g.getKey(), sample.branch(), sample.team(), null, null, g.getValue().figures());
                case BRANCH -> new Row(g.getKey(), sample.branch(), null, null, null, g.getValue().figures());
                case ALL -> new Row(g.getKey(), null, null, null, null, g.getValue().figures());
            });
        }
        return rows;
    }

    /** Everyone's figures together. */
    public static Figures total(Collection<EmployeeDay> days, Collection<TaskDay> tasks) {
        Tally all = new Tally();
        perEmployee(days, tasks).values().forEach(all::add);
        return all.figures();
    }

    /** Day by day, the figures of the employees {@code inGroup} accepts. */
    public static List<Point> series(Collection<EmployeeDay> days, Collection<TaskDay> tasks, LocalDate from,
                                     LocalDate to, java.util.function.Predicate<String> inGroup) {
        Map<LocalDate, List<EmployeeDay>> byDay = new TreeMap<>();
        for (EmployeeDay day : days) {
            if (inGroup.test(day.employee())) {
                byDay.computeIfAbsent(day.day(), d -> new ArrayList<>()).add(day);
            }
        }
        Map<LocalDate, List<TaskDay>> tasksByDay = new TreeMap<>();
        for (TaskDay day : tasks) {
            if (inGroup.test(day.employee())) {
                tasksByDay.computeIfAbsent(day.day(), d -> new ArrayList<>()).add(day);
            }
        }
        List<Point> out = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            out.add(new Point(d, total(byDay.getOrDefault(d, List.of()), tasksByDay.getOrDefault(d, List.of()))));
        }
        return out;
    }

    private static Map<String, Tally> perEmployee(Collection<EmployeeDay> days, Collection<TaskDay> tasks) {
        Map<String, List<EmployeeDay>> byEmployee = new TreeMap<>();
        days.forEach(d -> byEmployee.computeIfAbsent(d.employee(), e -> new ArrayList<>()).add(d));
        Map<String, Tally> out = new TreeMap<>();
        byEmployee.forEach((employee, list) -> {
            list.sort(Comparator.comparing(EmployeeDay::day));
            out.put(employee, Tally.of(list));
        });
        tasks.forEach(t -> out.computeIfAbsent(t.employee(), e -> new Tally()).add(t));
        return out;
    }

    /** Sums of one employee or of a group. */
    private static final class Tally {
        int employees;
        long managed, covered, friends, added30, churned30, added90, churned90;
        long added, removedByEmployee, removedByCustomer, chats, messages, negative, newApply, newContact;
        double replyWeighted, replyWeight, timeWeighted, timeWeight;
        int daysWithoutBehaviour;
        long tasks, tasksConfirmed, tasksExpired, tasksNotFriend, tasksOpen;

        static Tally of(List<EmployeeDay> days) {
            Tally t = new Tally();
            t.employees = 1;
            EmployeeDay last = days.get(days.size() - 1);
            t.managed = last.managed();
            t.covered = last.covered();
            t.friends = last.friends();
            t.added30 = last.added30();
            t.churned30 = last.churned30();
            t.added90 = last.added90();
            t.churned90 = last.churned90();
            for (EmployeeDay d : days) {
                t.added += d.added();
                t.removedByEmployee += d.removedByEmployee();
                t.removedByCustomer += d.removedByCustomer();
                EmployeeDay.Behaviour b = d.behaviour();
                if (b == null) {
                    t.daysWithoutBehaviour++;
                    continue;
                }
                t.chats += b.chats();
                t.messages += b.messages();
                t.negative += b.negativeFeedback();
                t.newApply += b.newApply();
                t.newContact += b.newContact();
                // a day's percentage weighs as much as its chats (at least 1: a day with a figure counts)
                double weight = Math.max(1, b.chats());
                if (b.replyPercentage() != null) {
                    t.replyWeighted += b.replyPercentage() * weight;
                    t.replyWeight += weight;
                }
                if (b.avgReplyMinutes() != null) {
                    t.timeWeighted += b.avgReplyMinutes() * weight;
                    t.timeWeight += weight;
                }
            }
            return t;
        }

        void add(Tally o) {
            employees += o.employees;
            managed += o.managed;
            covered += o.covered;
            friends += o.friends;
            added30 += o.added30;
            churned30 += o.churned30;
            added90 += o.added90;
            churned90 += o.churned90;
            added += o.added;
            removedByEmployee += o.removedByEmployee;
            removedByCustomer += o.removedByCustomer;
            chats += o.chats;
            messages += o.messages;
            negative += o.negative;
            newApply += o.newApply;
            newContact += o.newContact;
            replyWeighted += o.replyWeighted;
            replyWeight += o.replyWeight;
            timeWeighted += o.timeWeighted;
            timeWeight += o.timeWeight;
            daysWithoutBehaviour += o.daysWithoutBehaviour;
            tasks += o.tasks;
            tasksConfirmed += o.tasksConfirmed;
            tasksExpired += o.tasksExpired;
            tasksNotFriend += o.tasksNotFriend;
            tasksOpen += o.tasksOpen;
        }

        void add(TaskDay day) {
            tasks += day.created();
            tasksConfirmed += day.confirmed();
            tasksExpired += day.expired();
            tasksNotFriend += day.notFriend();
            tasksOpen += day.open();
        }

        Figures figures() {
            return new Figures(employees, managed, covered, ratio(covered, managed), friends, added, removedByEmployee,
                    removedByCustomer, added30, churned30, ratio(churned30, added30), added90, churned90,
                    ratio(churned90, added90), chats, messages,
                    replyWeight == 0 ? null : round(replyWeighted / replyWeight, 100),
                    timeWeight == 0 ? null : round(timeWeighted / timeWeight, 10), negative, newApply, newContact,
                    daysWithoutBehaviour, tasks, tasksConfirmed, tasksExpired, tasksNotFriend, tasksOpen,
                    ratio(tasksConfirmed, tasksConfirmed + tasksExpired));
        }

        private static Double ratio(long part, long whole) {
            return whole == 0 ? null : round((double) part / whole, 10_000);
        }

        private static double round(double x, int scale) {
            return Math.round(x * scale) / (double) scale;
        }
    }
}
