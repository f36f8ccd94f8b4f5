package com.wecomassist.customerlinks;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Reads a link's fields as the bank writes them (CSV, API, Kafka), the same way for all three, and
 * refuses what the store must not hold, with a reason that names the field but never its value (a
 * customer number in an error report would leak it).
 */
public final class LinkFields {

    /** What a WeCom external_userid or userid looks like, generously bounded. */
    private static final Pattern WECOM_ID = Pattern.compile("[A-Za-z0-9_.@-]{1,128}");
    private static final int MAX_CUSTOMER_NO = 64;
    private static final int MAX_TIER = 64;
    /** A date without a time is the start of that day in China, where the bank's files are dated. */
    private static final ZoneId BANK_ZONE = ZoneId.of("Asia/Shanghai");
    /**
     * How far ahead of this server's clock an {@code asOf} may be: a little clock skew is normal; a date
     * in the future would make every real update until then stale.
     */
    static final Duration MAX_AHEAD = Duration.ofHours(1);

    private final CustomerLinksProperties settings;

    public LinkFields(CustomerLinksProperties settings) {
        this.settings = settings;
    }

    /**
     * The link these fields describe.
     *
     * @throws IllegalArgumentException with the reason, when a field is missing or not acceptable
     */
    public CustomerLink link(String externalUserId, String customerNo, String managerUserId, String tier,
                             String asOf, CustomerLink.Source source, Instant now) {
        String customer = externalUserId(externalUserId);
        String no = trimmed(customerNo);
        if (no == null) {
            throw new IllegalArgumentException("customer_no is missing");
        }
        if (no.length() > MAX_CUSTOMER_NO || no.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("customer_no must be at most " + MAX_CUSTOMER_NO
                    + " characters without control characters");
        }
        String manager = trimmed(managerUserId);
        if (manager != null && !WECOM_ID.matcher(manager).matches()) {
            throw new IllegalArgumentException("manager_userid is not a WeCom userid (letters, digits, '_', '-', '.', "
                    + "'@'; at most 128)");
        }
        String t = trimmed(tier);
        if (t != null && (t.length() > MAX_TIER || !settings.knowsTier(t))) {
            throw new IllegalArgumentException("tier '" + (t.length() > MAX_TIER ? t.substring(0, MAX_TIER) : t)
                    + "' is not one of assist.customer-links.tiers " + settings.tiers().keySet());
        }
        return new CustomerLink(customer, no, manager, t, source, asOf(asOf, now), now);
    }

    /** The customer's external_userid, checked. */
    public static String externalUserId(String value) {
        String customer = trimmed(value);
        if (customer == null) {
            throw new IllegalArgumentException("external_userid is missing");
        }
        if (!WECOM_ID.matcher(customer).matches()) {
            throw new IllegalArgumentException("external_userid is not a WeCom external_userid (letters, digits, '_', "
                    + "'-', '.', '@'; at most 128)");
        }
        return customer;
    }

    /**
     * An ISO-8601 instant ({@code 2026-12-01T08:00:00Z}), date-time with offset ({@code …+08:00}) or date
     * ({@code 2026-12-01}: midnight in China), not more than {@link #MAX_AHEAD} ahead of {@code now}.
     */
    public static Instant asOf(String value, Instant now) {
        String text = trimmed(value);
        if (text == null) {
            throw new IllegalArgumentException("as_of is missing");
        }
        Instant at;
        try {
            at = text.length() == 10 ? LocalDate.parse(text).atStartOfDay(BANK_ZONE).toInstant()
                    : text.endsWith("Z") ? Instant.parse(text) : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("as_of '" + text + "' is not an ISO-8601 date, instant or date-time "
                    + "with offset");
        }
        if (at.isAfter(now.plus(MAX_AHEAD))) {
            throw new IllegalArgumentException("as_of " + text + " is in the future");
        }
        return at;
    }

    private static String trimmed(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
