package com.wecomassist.kpi;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One employee's 客户联系 figures for one day (the bank's day, China time): what the daily run stores
 * and every report is summed from.
 *
 * <p>From the contact directory and the customer links (as the run found them):
 * <ul>
 *   <li>{@code managed}: the employee's 管户 customers (the bank's current assignment);
 *       {@code covered}: of them, those who were active WeCom friends of this employee at the day's end —
 *       企微覆盖率 = covered / managed;</li>
 *   <li>{@code friends}: the employee's active friends at the day's end;</li>
 *   <li>{@code added}, {@code removedByEmployee}, {@code removedByCustomer}: friends added and removed that day;</li>
 *   <li>{@code added30}/{@code churned30}: customers added in the 30 days ending that day, and how many
 *       of them had removed the employee by its end (so within 30 days of being added) — 30 天流失率 is
 *       their quotient; {@code added90}/{@code churned90} the same over 90 days.</li>
 * </ul>
 * {@code behaviour}: WeCom's own 1V1 statistics of the day ({@code get_user_behavior_data}); null when
 * WeCom could not be asked.
 *
 * @param computedAt when the run computed it (a later run replaces it)
 */
public record EmployeeDay(LocalDate day, String employee, long managed, long covered, long friends, long added,
                          long removedByEmployee, long removedByCustomer, long added30, long churned30, long added90,
                          long churned90, Behaviour behaviour, Instant computedAt) {

    /** The same figures with WeCom's behaviour statistics of the day. */
    public EmployeeDay withBehaviour(Behaviour of) {
        return new EmployeeDay(day, employee, managed, covered, friends, added, removedByEmployee, removedByCustomer,
                added30, churned30, added90, churned90, of, computedAt);
    }

    /**
     * One day of {@code get_user_behavior_data} for one employee.
     *
     * @param chats            单聊 chats (chat_cnt)
     * @param messages         messages the employee sent (message_cnt)
     * @param replyPercentage  share of chats the customer began that the employee answered, in percent;
     *                         null on a day without such chats
     * @param avgReplyMinutes  the employee's average first-reply time in minutes; null on a day without replies
     * @param negativeFeedback customers who deleted or blocked the employee (negative_feedback_cnt)
     * @param newApply         friend requests the employee sent (new_apply_cnt)
     * @param newContact       new customers (new_contact_cnt)
     */
    public record Behaviour(long chats, long messages, Double replyPercentage, Double avgReplyMinutes,
                            long negativeFeedback, long newApply, long newContact) {
    }
}
