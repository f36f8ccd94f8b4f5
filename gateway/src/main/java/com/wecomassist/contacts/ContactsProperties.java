package com.wecomassist.contacts;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The 客户联系 directory and its full sync.
 *
 * @param historyLimit           history lines kept per customer (the newest)
 * @param syncPageSize           customers per {@code batch/get_by_user} call (WeCom's maximum is 100)
 * @param syncRequestsPerSecond  the sync's pace. WeCom allows each corp 10,000 calls a minute and 150,000 an
 *                               hour of one API; the default 20/s (72,000 an hour) leaves room for a second
 *                               run or other tools, and reads a million customers in under ten minutes
 * @param syncEmployees          the employees whose customers a sync reads when the request names none;
 *                               empty: every employee WeCom lists for 客户联系 ({@code get_follow_user_list})
 * @param refreshOnEdit          on an {@code edit_external_contact} callback, read the relationship from WeCom
 *                               ({@code externalcontact/get}, one call per edit) so its remark and tags are
 *                               in the directory at once; off: they arrive with the next full sync
 */
@ConfigurationProperties(prefix = "assist.contacts", ignoreUnknownFields = false)
public record ContactsProperties(
        @DefaultValue("100") int historyLimit,
        @DefaultValue("100") int syncPageSize,
        @DefaultValue("20") double syncRequestsPerSecond,
        List<String> syncEmployees,
        @DefaultValue("true") boolean refreshOnEdit) {

    public ContactsProperties {
        require(historyLimit >= 1 && historyLimit <= 10_000, "assist.contacts.history-limit must be between 1 and 10000");
        require(syncPageSize >= 1 && syncPageSize <= 100, "assist.contacts.sync-page-size must be between 1 and 100 "
                + "(WeCom's maximum for batch/get_by_user)");
        require(syncRequestsPerSecond > 0 && syncRequestsPerSecond <= 160, "assist.contacts.sync-requests-per-second "
                + "must be above 0 and at most 160 (WeCom allows 10,000 calls a minute)");
        syncEmployees = syncEmployees == null ? List.of()
                : syncEmployees.stream().map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
