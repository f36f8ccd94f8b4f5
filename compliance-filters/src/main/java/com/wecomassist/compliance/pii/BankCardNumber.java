package com.wecomassist.compliance.pii;

/** The Luhn (mod 10) check that payment card numbers carry in their last digit. */
public final class BankCardNumber {

    private BankCardNumber() {
    }

    /** Whether the ASCII digits in {@code digits} pass the Luhn check. */
    public static boolean isLuhnValid(CharSequence digits) {
        int sum = 0;
        boolean dbl = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (d < 0 || d > 9) return false;
            if (dbl) {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
            dbl = !dbl;
        }
        return digits.length() > 0 && sum % 10 == 0;
    }

    /** Replaces the last digit of {@code digits} with the one that makes them Luhn-valid (for tests and samples). */
    public static String withLuhnDigit(String withoutCheck) {
        for (char c = '0'; c <= '9'; c++) {
            String s = withoutCheck + c;
            if (isLuhnValid(s)) return s;
        }
        throw new IllegalStateException("unreachable");
    }
}
