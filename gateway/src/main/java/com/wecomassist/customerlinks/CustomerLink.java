package com.wecomassist.customerlinks;

import java.time.Instant;
import java.util.Objects;

/**
 * One WeCom customer as the bank knows them: the link from the customer's {@code external_userid} to
 * the bank's own customer number, the employee who is their 管户 (account manager) in the bank's CRM,
 * and their tier. The bank supplies it (file, API, Kafka); the gateway never infers it.
 *
 * <p>{@code customerNo} is personal data: it is shown only to administrators and the customer's own
 * account manager ({@link CustomerLinkScope}), exported and erased with the rest of the customer's data,
 * and never written to logs.
 *
 * @param externalUserId the customer's WeCom external_userid
 * @param customerNo     the bank's customer number (opaque)
 * @param managerUserId  the 管户's WeCom userid; null when the bank assigns the customer to nobody
 * @param tier           the bank's tier code or label (e.g. {@code 20-50万}); null when none
 * @param source         where the link came from
 * @param asOf           when the bank says this was true: an older record never overwrites a newer one
 * @param updatedAt      when the gateway wrote it
 */
public record CustomerLink(String externalUserId, String customerNo, String managerUserId, String tier,
                           Source source, Instant asOf, Instant updatedAt) {

    public CustomerLink {
        Objects.requireNonNull(externalUserId, "externalUserId");
        Objects.requireNonNull(customerNo, "customerNo");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(asOf, "asOf");
        Objects.requireNonNull(updatedAt, "updatedAt");
        managerUserId = blankToNull(managerUserId);
        tier = blankToNull(tier);
    }

    /** Whether the bank says the same about the customer (number, 管户, tier), whenever and however it said it. */
    public boolean sameFacts(CustomerLink other) {
        return other != null && customerNo.equals(other.customerNo)
                && Objects.equals(managerUserId, other.managerUserId) && Objects.equals(tier, other.tier);
    }

    /** The same link, its 管户 changed (inheritance). */
    public CustomerLink withManager(String manager, Source by, Instant at, Instant now) {
        return new CustomerLink(externalUserId, customerNo, manager, tier, by, at, now);
    }

    /** No customer number in the text: logs and exceptions may carry a link's string form. */
    @Override
    public String toString() {
        return "CustomerLink[" + externalUserId + ", manager=" + managerUserId + ", tier=" + tier + ", source="
                + source + ", asOf=" + asOf + "]";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Where a link came from. */
    public enum Source {
        /** a CSV file, uploaded through the API or {@code ./assist customers import} */
        FILE,
        /** one upsert or removal through the API */
        API,
        /** the bank's Kafka topic (cluster mode) */
        KAFKA,
        /** a completed 客户继承 takeover ({@link CustomerLinks#reassignManager}) */
        INHERITANCE
    }
}
