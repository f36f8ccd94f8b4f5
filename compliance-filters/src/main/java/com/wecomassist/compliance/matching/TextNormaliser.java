package com.wecomassist.compliance.matching;

import java.util.Arrays;

/**
 * Folds a text into the form rule terms are matched against, so that trivial variations cannot
 * slip past a rule: full-width to half-width, upper to lower case, common traditional characters
 * to simplified, and characters inserted to evade matching ({@code 保-本}, {@code 保 本},
 * {@code 保*本}) dropped. Sentence and clause punctuation is kept, because exceptions such as
 * "a warning in the same sentence" need sentence boundaries.
 *
 * <p>One table lookup per character, no allocation besides the output arrays: this runs on every
 * text that can reach a customer. Immutable and thread-safe.
 */
public final class TextNormaliser {

    /** Marker in the table for characters that are dropped. */
    private static final char DROP = '\uFFFF';
    private static final char[] TABLE = buildTable();

    private static final TextNormaliser INSTANCE = new TextNormaliser();
    private static final int[] NO_DROPS = new int[0];
    /** Longest scratch buffer kept per thread; longer texts get a buffer of their own. */
    private static final int MAX_SCRATCH = 1 << 16;
    private static final ThreadLocal<char[]> SCRATCH = ThreadLocal.withInitial(() -> new char[1024]);

    private TextNormaliser() {
    }

    public static TextNormaliser instance() {
        return INSTANCE;
    }

    /** Normalises {@code text}, keeping the map back to original positions. */
    public NormalisedText normalise(String text) {
        int n = text.length();
        // Bulk copy into this thread's scratch buffer, compact in place (the write index never
        // passes the read index), then one exactly-sized copy: one array access per character
        // instead of a bounds-checked charAt, and a single allocation.
        char[] out = SCRATCH.get();
        if (out.length < n) {
            out = new char[Math.max(n, out.length * 2)];
            if (out.length <= MAX_SCRATCH) SCRATCH.set(out);
        }
        text.getChars(0, n, out, 0);
        int[] drops = NO_DROPS;
        int dropCount = 0;
        int j = 0;
        int digitRun = 0;
        boolean personalData = false;
        char[] table = TABLE;
        for (int i = 0; i < n; i++) {
            char c = out[i];
            char m = table[c];
            if (m == DROP) {
                // A decimal point between digits is data (3.5%), not an evasion character.
                // out[i - 1] may already hold the folded previous character; digits fold to digits.
                if ((c == '.' || c == '．') && i > 0 && i + 1 < n && isDigit(out[i - 1]) && isDigit(out[i + 1])) {
                    m = '.';
                } else {
                    if (c == '@' || c == '＠') personalData = true;
                    if (dropCount == drops.length) drops = Arrays.copyOf(drops, Math.max(8, dropCount * 2));
                    drops[dropCount++] = j;
                    continue;
                }
            }
            out[j++] = m;
            // Separators are dropped above, so 138 1234 5678 is one run here.
            if (m >= '0' && m <= '9') {
                if (++digitRun >= 11) personalData = true;
            } else {
                digitRun = 0;
            }
        }
        return new NormalisedText(Arrays.copyOf(out, j), drops, dropCount, text, personalData);
    }

    /** Normalises a rule term or cue the same way texts are normalised, so they meet in the middle. */
    public String normaliseTerm(String term) {
        return normalise(term).text();
    }

    /** Whether {@code c} is a sentence boundary in normalised text. */
    public static boolean isSentenceBoundary(char c) {
        return c == '。' || c == '!' || c == '?' || c == ';' || c == '\n' || c == '\r';
    }

    /** Whether {@code c} is a clause boundary (sentence boundary, comma or colon) in normalised text. */
    public static boolean isClauseBoundary(char c) {
        return isSentenceBoundary(c) || c == ',' || c == ':';
    }

    private static boolean isDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= '０' && c <= '９');
    }

    private static char[] buildTable() {
        char[] t = new char[65536];
        for (int c = 0; c < t.length; c++) {
            t[c] = (char) c;
        }
        // Full-width ASCII variants to ASCII, then the ideographic space.
        for (int c = 0xFF01; c <= 0xFF5E; c++) {
            t[c] = (char) (c - 0xFEE0);
        }
        t[0x3000] = ' ';
        t[0xFF61] = '。';
        // Lower case for everything that lower-cases to a single BMP character.
        for (int c = 0; c < t.length; c++) {
            char m = t[c];
            if (Character.isUpperCase(m)) {
                t[c] = Character.toLowerCase(m);
            }
        }
        // Cheap traditional-to-simplified: the characters that occur in financial marketing and
        // in this project's rule terms. A full OpenCC conversion is not worth its cost here.
        String trad = "保證賺穩險風無貸銀碼驗號額資產財錢絕對國級優賠虧損擔聯繫係審過徵還將會個單機轉帳賬戶專業說騙為這們歡買賣幣價紅獎禮點擊鏈載個碼註冊權債務利潤實際損失貨幣與產開關閉額費請勿詐處罰議勵揚讓並頂當夠準儲蓄證條實現億萬齊倍漲跌險惠"
                + "匯線續來辦幾別護錄詢問題絡種樣嗎麼給發買賣後裡麵歲傻腦滾";
        String simp = "保证赚稳险风无贷银码验号额资产财钱绝对国级优赔亏损担联系系审过征还将会个单机转帐账户专业说骗为这们欢买卖币价红奖礼点击链载个码注册权债务利润实际损失货币与产开关闭额费请勿诈处罚议励扬让并顶当够准储蓄证条实现亿万齐倍涨跌险惠"
                + "汇线续来办几别护录询问题络种样吗么给发买卖后里面岁傻脑滚";
        for (int i = 0; i < trad.length() && i < simp.length(); i++) {
            t[trad.charAt(i)] = simp.charAt(i);
        }
        // Characters people insert to break a phrase apart; they carry no meaning for compliance.
        String fillers = " \t\u00A0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u200B\u200C\u200D\u2060\uFEFF"
                + "-_*.·•・~|/\\+=#^`'\"“”‘’「」『』()[]{}<>《》【】〈〉、—–―…‧∙◦○●★☆※&$@";
        for (int i = 0; i < fillers.length(); i++) {
            t[fillers.charAt(i)] = DROP;
        }
        // Full-width forms of fillers were folded above; drop them as well.
        for (int c = 0xFF01; c <= 0xFF5E; c++) {
            if (t[c - 0xFEE0] == DROP) t[c] = DROP;
        }
        t[0x3000] = DROP;
        return t;
    }
}
