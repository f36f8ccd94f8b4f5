package com.wecomassist.compliance.pii;

import com.wecomassist.compliance.pii.ChineseWords.Word;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Addresses down to the street number, compound, building or room, as customers write them
 * (省市区 + 路 + 号 + 小区 + 栋/单元/室, 村 + 组 + 号, 12-3-1201). A run of address-like words
 * counts when it reaches house level: a road, compound or village followed by a number with a
 * unit (建国路88号, 翠湖小区3栋), or two numbered units (3栋2单元). District-level places alone
 * (北京朝阳区的支行) and numbers without a place (每月3号, 2号窗口) are not addresses.
 *
 * <p>The match's {@code detail} is its leading administrative part (北京市朝阳区), which the
 * display mask keeps.
 */
final class Addresses {

    private enum Role { ADMIN, PLACE, STREET, COMPLEX, NUMBER, UNIT, NUMBERED_UNIT, JOINER, NAMEISH, STOP }

    private static final Pattern ADMIN = Pattern.compile(".*(省|自治区|特别行政区|市|自治州|地区|盟|区|县|旗|镇|乡|街道)");
    private static final Pattern STREET = Pattern.compile(".*(路|大道|大街|街|巷|胡同|[东南西北中]道)");
    /** The administrative levels the display mask keeps (town and village are masked). */
    private static final Pattern KEPT_ADMIN = Pattern.compile(".*(省|自治区|特别行政区|市|自治州|地区|盟|区|县|旗)");
    private static final Pattern COMPLEX = Pattern.compile(".*(小区|花园|家园|公寓|新村|大厦|苑|庭|府|广场|社区|村|城|湾|园|里"
            + "|大学|学院|校区|医院|中学|小学|工业园|产业园|基地|宿舍区|厂区"
            + "|中心|大楼|宿舍|公馆|别墅|山庄|雅居|华庭|名都|天街|一号|国际|大院|院|楼盘|佳苑|新城|中心|港|湾|坊|阁|邸|苑区)");
    private static final Pattern NUMBER = Pattern.compile("[0-9０-９]+|[一二三四五六七八九十百零〇两]+|[A-Za-z]{1,2}[0-9]{0,3}|[0-9]{1,3}[A-Za-z]");
    private static final Set<String> UNITS = Set.of("号", "号楼", "号院", "栋", "幢", "座", "单元", "室", "层", "楼", "弄",
            "组", "户", "排", "号房", "房", "院", "村民组", "队", "门", "楼层", "期", "舍");
    /** Units that say "building, staircase or flat": two of them make an address without a street. */
    private static final Set<String> BUILDING_UNITS = Set.of("号楼", "栋", "幢", "座", "单元", "室", "户", "号房", "层", "楼", "舍");
    /** A number with its unit as one word (1201室), possibly glued to what follows (611号龙湖). */
    private static final Pattern NUMBERED_UNIT = Pattern.compile("[0-9０-９A-Za-z]+(号楼|号院|号|栋|幢|座|单元|室|层|楼|弄|组|户|排|门|舍|区)\\p{IsHan}*");
    private static final String JOINERS = "-－#＃";
    /** Nouns that introduce an address and are not part of it. */
    private static final Set<String> LEAD_WORDS = Set.of("地址", "住址", "家庭住址", "收货地址", "新地址", "现住址", "现住",
            "户籍地址", "户籍", "通讯地址", "联系地址", "家", "老家", "单位", "公司", "addr", "地点", "寄送地址", "邮寄地址");
    /** Verbs that lead into an address (住在, 寄到) and end a run; other verbs may be part of a road's name (解放|大道, 跃进|路). */
    private static final Set<String> CUE_VERBS = Set.of("住在", "住", "寄到", "寄", "搬到", "位于", "家住", "现住", "送到",
            "发到", "邮寄", "邮寄到", "寄往", "在", "到", "是", "搬", "改成", "改为", "变更", "换成", "居住", "居住在", "落户",
            "要", "想", "办", "请", "问", "说", "打", "帮", "查", "有", "去", "来", "回", "给");
    private static final String STOP_SINGLE = "的了是在和跟与及或我你他她也就还又很吗呢吧啊住到寄给请从往去来把被";

    private Addresses() {
    }

    static List<PiiMatch> find(String text, List<Word> words) {
        List<PiiMatch> out = new ArrayList<>(1);
        int i = 0;
        while (i < words.size()) {
            if (role(words.get(i)) == Role.STOP) {
                i++;
                continue;
            }
            int j = i;
            while (j + 1 < words.size()) {
                if (role(words.get(j + 1)) != Role.STOP) {
                    j++;
                } else if (spaceBetweenPlaces(words, j)) {
                    j += 2;
                } else {
                    break;
                }
            }
            PiiMatch m = addressIn(text, words, i, j);
            if (m != null) out.add(m);
            i = j + 1;
        }
        return out;
    }

    /** 北京市 朝阳区 建国路: one space between a place and the next part of the address keeps the run going. */
    private static boolean spaceBetweenPlaces(List<Word> words, int j) {
        if (j + 2 >= words.size() || !words.get(j + 1).text().isBlank() || words.get(j + 1).length() != 1) return false;
        Role left = role(words.get(j));
        Role right = role(words.get(j + 2));
        return (left == Role.ADMIN || left == Role.PLACE)
                && (right == Role.ADMIN || right == Role.PLACE || right == Role.STREET || right == Role.COMPLEX || right == Role.NAMEISH);
    }

    /** The address within words {@code from..to} (one run), or null when the run does not reach house level. */
    private static PiiMatch addressIn(String text, List<Word> words, int from, int to) {
        int places = 0;          // roads, compounds, villages
        int units = 0;           // numbered units after a place, or building-level ones
        boolean joined = false;  // 12-3-1201
        int lastDetail = -1;
        int first = -1;
        int keptAdmin = -1;
        boolean numbered = false; // the previous word was a number (possibly followed by # or -)
        boolean counted = false;  // the previous word was a counted unit
        for (int k = from; k <= to; k++) {
            Word w = words.get(k);
            if (LEAD_WORDS.contains(w.text())) {
                // 地址, 收件人陈静地址…: what comes before the address proper is not part of it
                places = 0;
                units = 0;
                lastDetail = -1;
                first = -1;
                keptAdmin = -1;
                numbered = counted = false;
                continue;
            }
            Role r = role(w);
            Role previous = k > from ? role(words.get(k - 1)) : Role.STOP;
            boolean wasNumbered = numbered;
            boolean wasCounted = counted;
            numbered = false;
            counted = false;
            switch (r) {
                case ADMIN, PLACE -> {
                    if (first < 0) first = k;
                    if (w.length() == 1 && previous == Role.COMPLEX && places == 1 && lastDetail == k - 1 && units == 0) {
                        // 清苑|区: a district whose name looks like a compound's (苑) is still a district
                        places = 0;
                        lastDetail = -1;
                    }
                    if (r == Role.ADMIN && places == 0 && lastDetail < 0 && KEPT_ADMIN.matcher(w.text()).matches()) keptAdmin = k;
                }
                case STREET, COMPLEX -> {
                    int name = leftOfName(words, from, k);
                    if (first < 0 || name < first) first = name;
                    places++;
                    lastDetail = k;
                }
                case UNIT -> {
                    // 一号 after a name is part of a compound's name (滨江一号, 深圳湾一号), not a house number
                    char before = words.get(k - 1).text().charAt(0);
                    boolean numeralName = w.text().equals("号") && !Character.isDigit(before) && !(before < 128 && Character.isLetter(before));
                    if (wasNumbered && !numeralName && (places > 0 || BUILDING_UNITS.contains(w.text()))) {
                        units++;
                        lastDetail = k;
                        counted = true;
                    } else if (wasCounted && lastDetail == k - 1) {
                        lastDetail = k; // 88号院
                    }
                }
                case NUMBERED_UNIT -> {
                    if (first < 0) first = k;
                    units++;
                    lastDetail = k;
                    counted = true;
                }
                case NUMBER -> {
                    if ((wasCounted && lastDetail == k - 1) || (previous == Role.COMPLEX && places > 1 && isRoom(w.text()))) {
                        lastDetail = k; // the room after a building unit or a named building: 2单元1201, 3#楼204, 环球广场2201
                        units++;
                    } else if (lastDetail == k - 2 && joinedBefore(words, k)) {
                        lastDetail = k; // 12-3-1201 after a compound
                        joined = true;
                    } else if (flatNumber(words, k)) {
                        if (first < 0) first = leftOfName(words, from, k);
                        lastDetail = k + 4; // building-staircase-flat written 12-1-103
                        units += 2;
                        k += 4;
                        continue;
                    }
                    numbered = true;
                }
                case JOINER -> numbered = wasNumbered;
                default -> {
                }
            }
        }
        boolean houseLevel = (places > 0 && units > 0) || units >= 2 || (places > 0 && joined);
        if (!houseLevel || lastDetail < 0) return null;
        if (first < 0) first = leftOfName(words, from, firstNumberedUnit(words, from, lastDetail));
        int s = words.get(first).start();
        int e = words.get(lastDetail).end();
        String value = text.substring(s, e);
        String admin = keptAdmin >= first ? text.substring(s, words.get(keptAdmin).end()) : "";
        return new PiiMatch(PiiKind.ADDRESS, s, e, value, value.replaceAll("\\s+", ""), admin);
    }

    /** 12-3-1201: a number that follows a joiner that follows a detail. */
    private static boolean joinedBefore(List<Word> words, int k) {
        return k >= 1 && role(words.get(k - 1)) == Role.JOINER;
    }

    /**
     * Where a road's or compound's name starts: up to two words before it that are no punctuation,
     * function word or cue (科技园|南路, 阳光|花园, 解放/v|大道, 锦绣|江南|38幢). The run starts
     * at {@code from}, after the last stop word, so this never reaches back past 住在 or 寄到.
     */
    private static int leftOfName(List<Word> words, int from, int k) {
        int start = k;
        while (start > from && k - start < 4 && words.get(k).start() - words.get(start - 1).start() <= 6) {
            Word w = words.get(start - 1);
            Role r = role(w);
            if (r == Role.STOP || r == Role.JOINER || LEAD_WORDS.contains(w.text())
                    || (r == Role.NUMBER && Character.isDigit(w.text().charAt(0)))
                    || (w.tagged("nr") && r == Role.NAMEISH)) break;
            start--;
        }
        return start;
    }

    /** 12-1-103 (building, staircase, flat) starting at word {@code k}: not a date, phone or amount. */
    private static boolean flatNumber(List<Word> words, int k) {
        if (k + 4 >= words.size()) return false;
        String a = words.get(k).text(), b = words.get(k + 2).text(), c = words.get(k + 4).text();
        return role(words.get(k + 1)) == Role.JOINER && role(words.get(k + 3)) == Role.JOINER
                && isDigits(a) && isDigits(b) && isDigits(c)
                && a.length() <= 3 && b.length() <= 2 && c.length() >= 3 && c.length() <= 4
                && (k + 5 >= words.size() || role(words.get(k + 5)) != Role.JOINER);
    }

    private static boolean isRoom(String s) {
        return isDigits(s) && s.length() >= 3 && s.length() <= 4;
    }

    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) return false;
        }
        return !s.isEmpty();
    }

    private static int firstNumberedUnit(List<Word> words, int from, int to) {
        for (int k = from; k <= to; k++) {
            Role r = role(words.get(k));
            if (r == Role.NUMBER || r == Role.NUMBERED_UNIT) return k;
        }
        return from;
    }

    private static Role role(Word w) {
        String t = w.text();
        if (t.length() == 1 && JOINERS.indexOf(t.charAt(0)) >= 0) return Role.JOINER;
        if (NUMBER.matcher(t).matches()) return Role.NUMBER;
        if (UNITS.contains(t)) return Role.UNIT;
        if (NUMBERED_UNIT.matcher(t).matches()) return Role.NUMBERED_UNIT;
        if (w.tagged("w") || w.tagged("u") || w.tagged("p") || w.tagged("r") || w.tagged("c") || w.tagged("y")
                || w.tagged("e") || w.tagged("o") || (w.tagged("q") && t.length() == 1) || CUE_VERBS.contains(t)) return Role.STOP;
        if (t.length() == 1 && STOP_SINGLE.indexOf(t.charAt(0)) >= 0) return Role.STOP;
        if (Character.UnicodeScript.of(t.charAt(0)) != Character.UnicodeScript.HAN) return Role.STOP;
        if (ADMIN.matcher(t).matches() && !COMPLEX.matcher(t).matches() || (w.tagged("ns") && t.length() >= 2 && !STREET.matcher(t).matches() && !COMPLEX.matcher(t).matches())) {
            return ADMIN.matcher(t).matches() ? Role.ADMIN : Role.PLACE;
        }
        if (STREET.matcher(t).matches()) return Role.STREET;
        if (COMPLEX.matcher(t).matches()) return Role.COMPLEX;
        if (w.tagged("n") || w.tagged("a") || w.tagged("b") || w.tagged("j") || w.tagged("g") || w.tagged("f")
                || w.tagged("s") || w.tagged("d") || w.tagged("v") || w.tagged("t") || w.tagged("m") || w.tagged("q")) {
            // 世纪|华庭, 融创|玖|樾府: time words and numerals other than digits occur in compound names
            return Role.NAMEISH;
        }
        return Role.STOP;
    }
}
