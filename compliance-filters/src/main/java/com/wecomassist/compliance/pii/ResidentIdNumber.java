package com.wecomassist.compliance.pii;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * Validity of an 18-character PRC resident identity number (GB 11643-1999): a plausible
 * province code, a real birth date, and the ISO 7064 MOD 11-2 check character. Checking all
 * three keeps 18-digit order numbers from being taken for identity numbers.
 */
public final class ResidentIdNumber {

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
    /** First two digits of the province-level divisions in use (GB/T 2260), 91 for legacy HK/MO/TW codes excluded. */
    private static final String PROVINCES =
            "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83";

    private ResidentIdNumber() {
    }

    /** Whether {@code id} (17 digits and a digit or X, upper or lower case) is a valid number. */
    public static boolean isValid(CharSequence id) {
        if (id.length() != 18) return false;
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') return false;
            sum += (c - '0') * WEIGHTS[i];
        }
        char last = Character.toUpperCase(id.charAt(17));
        if (last != CHECK[sum % 11]) return false;
        if (!PROVINCES.contains(id.subSequence(0, 2))) return false;
        return plausibleBirthDate(id);
    }

    /**
     * Whether {@code id} has the shape of an ID number whatever its check character: 17 digits
     * starting with a province code and a real birth date, then a digit or X. A customer who
     * mistypes one digit still sends 17 correct characters of their number.
     */
    public static boolean isPlausible(CharSequence id) {
        if (id.length() != 18) return false;
        for (int i = 0; i < 17; i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        char last = Character.toUpperCase(id.charAt(17));
        if ((last < '0' || last > '9') && last != 'X') return false;
        // a prefix code of a province with 00 for the city is a province, never a place of registration
        if (!PROVINCES.contains(id.subSequence(0, 2)) || (id.charAt(2) == '0' && id.charAt(3) == '0')) return false;
        return plausibleBirthDate(id);
    }

    private static boolean plausibleBirthDate(CharSequence id) {
        int year = Integer.parseInt(id.subSequence(6, 10).toString());
        int month = Integer.parseInt(id.subSequence(10, 12).toString());
        int day = Integer.parseInt(id.subSequence(12, 14).toString());
        if (year < 1900) return false;
        try {
            LocalDate birth = LocalDate.of(year, month, day);
            return !birth.isAfter(LocalDate.now());
        } catch (DateTimeException e) {
            return false;
        }
    }

    /** Appends the check character to 17 digits (used by tests and sample data). */
    public static String withCheckCharacter(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        return first17 + CHECK[sum % 11];
    }
}
