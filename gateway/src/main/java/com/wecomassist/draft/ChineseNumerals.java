package com.wecomassist.draft;

import java.math.BigDecimal;

/**
 * The value of a number written in Chinese numerals: 三 → 3, 二十四 → 24, 一百零五 → 105, 两万 → 20000,
 * 二点一五 → 2.15, 二〇二五 → 2025 (digit by digit when there is no 十/百/千/万/亿). Colloquial
 * abbreviations (一百二 for 120, 三千五 for 3500) are read literally (102, 3005). Pure functions.
 */
final class ChineseNumerals {

    /** The characters a Chinese numeral is written with (the decimal 点 not included). */
    static final String DIGITS_AND_UNITS = "零〇一二两三四五六七八九十百千万亿";

    private ChineseNumerals() {
    }

    /** The value of {@code numeral}, or null when it is not one. */
    static BigDecimal value(String numeral) {
        if (numeral.isEmpty()) {
            return null;
        }
        int point = numeral.indexOf('点');
        String whole = point < 0 ? numeral : numeral.substring(0, point);
        BigDecimal value = whole.isEmpty() ? BigDecimal.ZERO : integer(whole);
        if (value == null || point < 0) {
            return value;
        }
        StringBuilder fraction = new StringBuilder();
        for (char c : numeral.substring(point + 1).toCharArray()) {
            int d = digit(c);
            if (d < 0) {
                return null;
            }
            fraction.append(d);
        }
        return fraction.isEmpty() ? null : new BigDecimal(value.toBigInteger() + "." + fraction);
    }

    private static BigDecimal integer(String numeral) {
        boolean positional = numeral.chars().anyMatch(c -> "十百千万亿".indexOf(c) >= 0);
        if (!positional) {
            StringBuilder digits = new StringBuilder();
            for (char c : numeral.toCharArray()) {
                int d = digit(c);
                if (d < 0) {
                    return null;
                }
                digits.append(d);
            }
            return new BigDecimal(digits.toString());
        }
        BigDecimal total = BigDecimal.ZERO;
        long section = 0;
        long number = 0;
        boolean seen = false;
        for (char c : numeral.toCharArray()) {
            int d = digit(c);
            if (d >= 0) {
                number = d;
                seen = true;
                continue;
            }
            long unit = switch (c) {
                case '十' -> 10;
                case '百' -> 100;
                case '千' -> 1000;
                case '万' -> 10_000;
                case '亿' -> 100_000_000;
                default -> -1;
            };
            if (unit < 0) {
                return null;
            }
            // 十五, 百万: a unit without a digit before it counts once
            if (number == 0 && !seen) {
                number = 1;
            }
            if (unit < 10_000) {
                section += number * unit;
            } else if (unit == 10_000) {
                total = total.add(BigDecimal.valueOf((section + number) * unit));
                section = 0;
            } else {
                total = total.add(BigDecimal.valueOf(section + number)).multiply(BigDecimal.valueOf(unit));
                section = 0;
            }
            number = 0;
            seen = true;
        }
        return total.add(BigDecimal.valueOf(section + number));
    }

    private static int digit(char c) {
        return switch (c) {
            case '零', '〇' -> 0;
            case '一' -> 1;
            case '二', '两' -> 2;
            case '三' -> 3;
            case '四' -> 4;
            case '五' -> 5;
            case '六' -> 6;
            case '七' -> 7;
            case '八' -> 8;
            case '九' -> 9;
            default -> -1;
        };
    }
}
