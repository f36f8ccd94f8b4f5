package com.wecomassist.load.stub;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bank's 客户联系 customers as the load tests' WeCom sees them: {@code customers} synthetic customers
 * spread round-robin over {@code employees} employees (customer {@code i} is followed by employee
 * {@code i % employees} alone), computed from their numbers whenever asked. Nothing is stored, so a
 * stub serving a million customers holds no million objects: a page of {@code batch/get_by_user} is
 * made from its cursor, which names the position (employee of the request's list, customer of that
 * employee) after the last entry returned.
 *
 * <p>Answers follow WeCom's shapes ({@code externalcontact/get_follow_user_list}, {@code batch/get_by_user},
 * {@code get}) as the gateway's simulator gives them; the values are deterministic so that a load run can
 * check afterwards that the gateway's directory holds exactly what was served.
 */
public final class SyntheticContacts {

    /** WeCom's maxima for batch/get_by_user: 100 employees per call, 100 entries per page (50 when unset). */
    public static final int MAX_USERIDS = 100;
    public static final int MAX_PAGE = 100;
    static final int DEFAULT_PAGE = 50;
    /** The errcodes WeCom answers (as the gateway's simulator does). */
    static final int INVALID_USERID = 40003;
    static final int INVALID_PARAMETER = 40058;
    static final int INVALID_EXTERNAL_USERID = 40096;
    /** When the synthetic friendships began (createtime of customer 0; one second apart after it). */
    static final long FIRST_CREATETIME = 1_700_000_000L;
    private static final String EMPLOYEE_PREFIX = "lemp";
    private static final String CUSTOMER_PREFIX = "wmLoadCust";

    private final long customers;
    private final int employees;
    private final long firstCreatetime;

    public SyntheticContacts(long customers, int employees) {
        this(customers, employees, FIRST_CREATETIME);
    }

    /**
     * With the friendships beginning at {@code firstCreatetime} (epoch seconds) instead: the events scenario
     * dates them days before the run, so each customer is in their 管户's first month, when the strategies
     * engine gives the 管户 the task.
     */
    public SyntheticContacts(long customers, int employees, long firstCreatetime) {
        if (customers < 0 || employees < 1) {
            throw new IllegalArgumentException("need customers >= 0 and employees >= 1");
        }
        this.customers = customers;
        this.employees = employees;
        this.firstCreatetime = firstCreatetime;
    }

    public long customers() {
        return customers;
    }

    public int employees() {
        return employees;
    }

    /** The userid of employee {@code e} (0-based). */
    public static String employeeId(int e) {
        return String.format("%s%05d", EMPLOYEE_PREFIX, e);
    }

    /** The external_userid of customer {@code i} (0-based). */
    public static String customerId(long i) {
        return String.format("%s%012d", CUSTOMER_PREFIX, i);
    }

    /** How many customers employee {@code e} has (the first {@code customers % employees} have one more). */
    public long customersOf(int e) {
        if (e < 0 || e >= employees) {
            return 0;
        }
        return customers / employees + (e < customers % employees ? 1 : 0);
    }

    /** The number of employee {@code userid}, or -1 when it is none of ours. */
    int employeeNumber(String userid) {
        if (userid == null || !userid.startsWith(EMPLOYEE_PREFIX) || userid.length() != EMPLOYEE_PREFIX.length() + 5) {
            return -1;
        }
        try {
            int e = Integer.parseInt(userid.substring(EMPLOYEE_PREFIX.length()));
            return e < employees ? e : -1;
        } catch (NumberFormatException ex) {
            return -1;
        }
    }

    /** {@code externalcontact/get_follow_user_list}: every employee's userid. */
    public Map<String, Object> followUserList() {
        List<String> ids = new ArrayList<>(employees);
        for (int e = 0; e < employees; e++) {
            ids.add(employeeId(e));
        }
        return WecomApiStub.ok(Map.of("follow_user", ids));
    }

    /**
     * {@code externalcontact/batch/get_by_user}: the customers of the listed employees, in list order and
     * within an employee by customer number, {@code limit} per page (at most 100); {@code next_cursor} is
     * empty after the last page. A userid that is none of ours has no customers; an empty or over-long
     * list and a cursor this stub did not make are refused as WeCom refuses them.
     */
    public Map<String, Object> byUser(List<String> userids, String cursor, int limit) {
        if (userids == null || userids.isEmpty()) {
            return WecomApiStub.error(INVALID_USERID, "userid_list is empty");
        }
        if (userids.size() > MAX_USERIDS) {
            return WecomApiStub.error(INVALID_USERID, "userid_list has at most 100 userids");
        }
        userids = new ArrayList<>(new java.util.LinkedHashSet<>(userids)); // WeCom reads a userid listed twice once
        int pageSize = limit <= 0 ? DEFAULT_PAGE : Math.min(limit, MAX_PAGE);
        int u = 0;
        long k = 0;
        if (cursor != null && !cursor.isEmpty()) {
            long[] at = readCursor(cursor);
            if (at == null || at[0] >= userids.size()) {
                return WecomApiStub.error(INVALID_PARAMETER, "invalid cursor");
            }
            u = (int) at[0];
            k = at[1];
        }
        List<Map<String, Object>> page = new ArrayList<>(pageSize);
        while (u < userids.size()) {
            int e = employeeNumber(userids.get(u));
            long count = e < 0 ? 0 : customersOf(e);
            while (k < count && page.size() < pageSize) {
                page.add(entry(e + k * employees));
                k++;
            }
            if (page.size() == pageSize) {
                break;
            }
            u++;
            k = 0;
        }
        // a page that ends exactly at the end of the list is the last: WeCom sends no empty page after it
        boolean more = page.size() == pageSize && hasMore(userids, u, k);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("external_contact_list", page);
        fields.put("next_cursor", more ? "lc" + u + "_" + k : "");
        return WecomApiStub.ok(fields);
    }

    private boolean hasMore(List<String> userids, int u, long k) {
        for (int i = u; i < userids.size(); i++) {
            int e = employeeNumber(userids.get(i));
            long count = e < 0 ? 0 : customersOf(e);
            if ((i == u ? k : 0) < count) {
                return true;
            }
        }
        return false;
    }

    /** {@code externalcontact/get}: the customer and the employee who follows them. */
    public Map<String, Object> get(String externalUserId) {
        long i = customerNumber(externalUserId);
        if (i < 0) {
            return WecomApiStub.error(INVALID_EXTERNAL_USERID, "invalid external userid");
        }
        Map<String, Object> e = entry(i);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("external_contact", e.get("external_contact"));
        fields.put("follow_user", List.of(e.get("follow_info")));
        return WecomApiStub.ok(fields);
    }

    /** The number of customer {@code externalUserId}, or -1 when it is none of ours. */
    long customerNumber(String externalUserId) {
        if (externalUserId == null || !externalUserId.startsWith(CUSTOMER_PREFIX)) {
            return -1;
        }
        try {
            long i = Long.parseLong(externalUserId.substring(CUSTOMER_PREFIX.length()));
            return i < customers ? i : -1;
        } catch (NumberFormatException ex) {
            return -1;
        }
    }

    /** One customer as batch/get_by_user lists them: {@code external_contact} and the employee's {@code follow_info}. */
    Map<String, Object> entry(long i) {
        Map<String, Object> contact = new LinkedHashMap<>();
        contact.put("external_userid", customerId(i));
        contact.put("name", "客户" + i);
        contact.put("type", 1);
        contact.put("avatar", "");
        contact.put("gender", (int) (i % 3));
        Map<String, Object> follow = new LinkedHashMap<>();
        String employee = employeeId((int) (i % employees));
        follow.put("userid", employee);
        follow.put("remark", "");
        follow.put("description", "");
        follow.put("createtime", firstCreatetime + i);
        follow.put("tag_id", List.of("etLoadTag" + (i % 8)));
        // a quarter came through a 渠道活码 (State), the rest were added directly
        follow.put("state", i % 4 == 0 ? "ch" + (i % 10) : "");
        follow.put("oper_userid", employee);
        follow.put("add_way", i % 4 == 0 ? 1 : 3);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("external_contact", contact);
        entry.put("follow_info", follow);
        return entry;
    }

    /** {@code lc<u>_<k>}: employee {@code u} of the request's list, their customer {@code k} next; null when not ours. */
    private static long[] readCursor(String cursor) {
        if (!cursor.startsWith("lc")) {
            return null;
        }
        int sep = cursor.indexOf('_');
        try {
            long u = Long.parseLong(cursor.substring(2, sep));
            long k = Long.parseLong(cursor.substring(sep + 1));
            return u < 0 || k < 0 ? null : new long[] {u, k};
        } catch (RuntimeException e) {
            return null;
        }
    }
}
