package com.wecomassist.compliance.pii;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds personal data in free text: 18-character resident ID numbers (check character and birth
 * date verified), bank card numbers (Luhn, optionally a known BIN), mainland mobile numbers and
 * e-mail addresses. Numbers may be written in groups separated by single spaces or dashes and in
 * full-width digits, as people type them in chat.
 *
 * <p>A hand-written single pass rather than regular expressions: most characters are not digits
 * and are skipped with one comparison, which keeps the detector cheap enough to run on every
 * message. Immutable and thread-safe.
 */
public final class PiiDetector {

    private static final int MAX_GROUPS = 8;
    private final BinTable bins;

    private PiiDetector(BinTable bins) {
        this.bins = bins;
    }

    /** Detector that accepts Luhn-valid 16–19 digit numbers starting with 3, 4, 5, 6 or 9 as cards. */
    public static PiiDetector standard() {
        return new PiiDetector(null);
    }

    /** Detector that accepts a card number when its BIN and length are in the table (or it is a 62 UnionPay number). */
    public static PiiDetector withBinTable(BinTable bins) {
        return new PiiDetector(bins);
    }

    /** All personal data in {@code text}, in order of position, never overlapping. */
    public List<PiiMatch> find(String text) {
        List<PiiMatch> out = null;
        int n = text.length();
        // E-mail first, so the digits of 13812345678@qq.com are read as part of the address.
        int at = indexOfAt(text, 0);
        List<PiiMatch> emails = null;
        while (at >= 0) {
            PiiMatch m = emailAround(text, at);
            if (m != null) {
                if (emails == null) emails = new ArrayList<>(2);
                emails.add(m);
                at = indexOfAt(text, m.end());
            } else {
                at = indexOfAt(text, at + 1);
            }
        }
        int nextEmail = 0;
        int i = firstDigit(text, 0);
        while (i < n) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                i = firstDigit(text, i + 1);
                continue;
            }
            if (emails != null) {
                while (nextEmail < emails.size() && i >= emails.get(nextEmail).end()) nextEmail++;
                if (nextEmail < emails.size() && i >= emails.get(nextEmail).start()) {
                    i = emails.get(nextEmail).end();
                    continue;
                }
            }
            if (i > 0 && isAsciiLetterOrDigit(text.charAt(i - 1))) {
                // Fail open, for precision: digits glued to letters (RC13812345678) are a code, not a number on its own.
                i = skipAlnum(text, i);
                continue;
            }
            i = scanNumber(text, i, emails, nextEmail, out == null ? (out = new ArrayList<>(2)) : out);
        }
        if (emails != null) {
            if (out == null) return emails;
            out.addAll(emails);
            out.sort((a, b) -> Integer.compare(a.start(), b.start()));
        }
        return out == null ? List.of() : out;
    }

    /** Index of the first digit at or after {@code from} ({@code text.length()} if none). */
    private static int firstDigit(String text, int from) {
        int n = text.length();
        for (int i = from; i < n; i++) {
            char c = text.charAt(i);
            if ((c <= '9' && c >= '0') || (c >= '０' && c <= '９')) return i;
        }
        return n;
    }

    /** Scans the digit groups starting at {@code start}, records what they contain, returns where scanning resumes. */
    private int scanNumber(String text, int start, List<PiiMatch> emails, int nextEmail, List<PiiMatch> out) {
        int n = text.length();
        int[] gs = new int[MAX_GROUPS];
        int[] ge = new int[MAX_GROUPS];
        int k = 0;
        int i = start;
        int limit = n;
        if (emails != null && nextEmail < emails.size()) limit = emails.get(nextEmail).start();
        while (k < MAX_GROUPS) {
            int s = i;
            while (i < limit && isDigit(text.charAt(i))) i++;
            if (i < limit && i - s > 0 && (text.charAt(i) == 'X' || text.charAt(i) == 'x')) i++;
            gs[k] = s;
            ge[k] = i;
            k++;
            // One separator between groups, and only when another digit follows.
            if (i + 1 < limit && isSeparator(text.charAt(i)) && isDigit(text.charAt(i + 1))
                    && !isX(text.charAt(i - 1))) {
                i++;
            } else {
                break;
            }
        }
        int end = ge[k - 1];
        if (end < n && isAsciiLetterOrDigit(text.charAt(end)) && !isX(text.charAt(end - 1))) {
            // Fail open, for precision: digits followed by letters are a product or error code.
            return skipAlnum(text, end);
        }
        int total = 0;
        for (int g = 0; g < k; g++) total += ge[g] - gs[g];
        if (total < 11) {
            // Amounts, dates, percentages: too short for any kind of personal data (exact, not a trade-off).
            return end;
        }
        StringBuilder digits = new StringBuilder(20);
        int s = 0;
        while (s < k) {
            int best = -1;
            PiiKind bestKind = null;
            String bestDetail = "";
            digits.setLength(0);
            for (int e = s; e < k; e++) {
                for (int p = gs[e]; p < ge[e]; p++) {
                    char ch = text.charAt(p);
                    digits.append(isX(ch) ? 'X' : asciiDigit(ch));
                }
                if (digits.length() > 19) break;
                String d = digits.toString();
                PiiKind kind = classify(d, mobileGrouping(gs, ge, s, e));
                if (kind != null) {
                    best = e;
                    bestKind = kind;
                    bestDetail = kind == PiiKind.BANK_CARD ? cardDetail(d) : "";
                }
                if (isX(text.charAt(ge[e] - 1))) break;
            }
            if (best >= 0) {
                int ms = gs[s], me = ge[best];
                String value = text.substring(ms, me);
                out.add(new PiiMatch(bestKind, ms, me, value, canonical(value), bestDetail));
                s = best + 1;
            } else {
                s++;
            }
        }
        return end;
    }

    /**
     * Whether groups {@code s..e} are written the way mainland mobile numbers are: 11 digits, 3-4-4
     * or 3-8, optionally after a separate 86. North-American 1-877-470-6287 also has 11 digits
     * starting with 1 and must not be taken for a mobile (fail open for other groupings, for precision).
     */
    private static boolean mobileGrouping(int[] gs, int[] ge, int s, int e) {
        int first = s;
        if (e > s && ge[s] - gs[s] == 2) first = s + 1;
        StringBuilder shape = new StringBuilder();
        for (int g = first; g <= e; g++) shape.append(ge[g] - gs[g]).append(',');
        String sh = shape.toString();
        return sh.equals("11,") || sh.equals("13,") || sh.equals("3,4,4,") || sh.equals("3,8,");
    }

    private PiiKind classify(String d, boolean mobileShape) {
        int len = d.length();
        if (len == 18 && ResidentIdNumber.isValid(d)) return PiiKind.RESIDENT_ID;
        if (d.indexOf('X') >= 0) return len == 18 && ResidentIdNumber.isPlausible(d) ? PiiKind.RESIDENT_ID_LIKE : null;
        if (mobileShape && len == 11 && d.charAt(0) == '1' && d.charAt(1) >= '3') return PiiKind.MOBILE;
        if (mobileShape && len == 13 && d.startsWith("86") && d.charAt(2) == '1' && d.charAt(3) >= '3') return PiiKind.MOBILE;
        if (len >= 16 && len <= 19 && BankCardNumber.isLuhnValid(d) && plausibleCard(d)) return PiiKind.BANK_CARD;
        // After the card test: an 18-digit Luhn-valid card number may also start like a region and a date.
        if (len == 18 && ResidentIdNumber.isPlausible(d)) return PiiKind.RESIDENT_ID_LIKE;
        return null;
    }

    private boolean plausibleCard(String d) {
        if (bins != null) {
            // Fail open for unknown issuers outside the 62 range: the table is the bank's choice of precision over recall.
            return d.startsWith("62") || bins.lookup(d).isPresent();
        }
        char f = d.charAt(0);
        return f == '3' || f == '4' || f == '5' || f == '6' || f == '9';
    }

    private String cardDetail(String d) {
        if (bins == null) return "";
        Optional<BinTable.Entry> e = bins.lookup(d);
        return e.map(x -> x.bank() + " " + x.type()).orElse("");
    }

    private static PiiMatch emailAround(String text, int at) {
        int s = at;
        while (s > 0 && isEmailLocal(text.charAt(s - 1))) s--;
        while (s < at && !Character.isLetterOrDigit(text.charAt(s))) s++;
        if (s == at) return null;
        int e = at + 1;
        int lastDot = -1;
        while (e < text.length() && isEmailDomain(text.charAt(e))) {
            if (text.charAt(e) == '.') lastDot = e;
            e++;
        }
        while (e > at + 1 && (text.charAt(e - 1) == '.' || text.charAt(e - 1) == '-')) e--;
        if (lastDot >= e - 1) lastDot = text.lastIndexOf('.', e - 2);
        if (lastDot <= at + 1 || e - lastDot - 1 < 2) return null;
        for (int p = lastDot + 1; p < e; p++) {
            if (!isAsciiLetter(text.charAt(p))) return null;
        }
        String value = text.substring(s, e);
        return new PiiMatch(PiiKind.EMAIL, s, e, value, value.toLowerCase(java.util.Locale.ROOT), "");
    }

    /** Canonical form: ASCII digits and upper-case X for numbers, lower case for e-mail. */
    static String canonical(String value) {
        StringBuilder b = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isDigit(c)) b.append(asciiDigit(c));
            else if (isX(c)) b.append('X');
        }
        return b.toString();
    }

    private static int indexOfAt(String text, int from) {
        int a = text.indexOf('@', from);
        int b = text.indexOf('＠', from);
        if (a < 0) return b;
        if (b < 0) return a;
        return Math.min(a, b);
    }

    private static int skipAlnum(String text, int i) {
        while (i < text.length() && (isAsciiLetterOrDigit(text.charAt(i)) || isDigit(text.charAt(i)))) i++;
        return i;
    }

    static boolean isDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= '０' && c <= '９');
    }

    static char asciiDigit(char c) {
        return c <= '9' ? c : (char) (c - '０' + '0');
    }

    private static boolean isX(char c) {
        return c == 'X' || c == 'x';
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '-' || c == '\u00A0' || c == '\u3000' || c == '－';
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return isAsciiLetter(c) || (c >= '0' && c <= '9');
    }

    private static boolean isEmailLocal(char c) {
        return isAsciiLetterOrDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }

    private static boolean isEmailDomain(char c) {
        return isAsciiLetterOrDigit(c) || c == '.' || c == '-';
    }
}
