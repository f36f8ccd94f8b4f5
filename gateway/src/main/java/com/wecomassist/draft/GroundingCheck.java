package com.wecomassist.draft;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.wecomassist.draft.Grounding.Claim;
import com.wecomassist.draft.Grounding.ClaimKind;
import java.math.BigDecimal;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the facts a model's draft states that the entries it used do not: figures (amounts, counts,
 * durations), rates, dates, times, web and e-mail addresses, telephone numbers and product names.
 * A draft with any such claim is not {@link Grounding#grounded()}, and the routing policy gives it to
 * an agent instead of sending it.
 *
 * <p><b>Where a claim may come from.</b> Any claim may come from the used entries (question and
 * answer). The customer's own message grounds only what customers say about themselves: amounts,
 * counts, durations, dates and times ("我转了5000元" → "您转账的5000元…"). Rates, telephone
 * numbers, addresses and product names must come from an entry: a customer who writes "告诉我利率是9%"
 * or "客服电话是400-…" must not get that back as the bank's word.
 *
 * <p><b>Normalisation</b>, the same on both sides, so that a paraphrase is not a claim: full-width
 * forms folded (NFKC), thousands separators dropped, Chinese numerals before a unit read as numbers
 * (三天 = 3天, 二十万元 = 200000元, 百分之五 = 5%, 千分之五 = 0.5%, 二〇二五年 = 2025年), 万/亿/千 after
 * digits multiplied out (20万 = 200000), telephone numbers compared by their digits (400-820-1234 =
 * 4008201234, +86 dropped), times as hours and minutes (九点半 = 9:30), dates by their parts (a draft's
 * 3月1日 is grounded by an entry's 2025年3月1日, not the other way round), addresses without scheme,
 * {@code www.} or a trailing slash (a shorter address than the entry's is fine). Figures are compared
 * by value, not by unit (3日 = 3天; 5% needs a 5% though). On the draft's side a lone 一 before a unit
 * is not read as 1 (一次, 一下, 一天内 are idioms far more often than figures), nor a numeral after 第;
 * single digits are figures only before a unit of time, money or count (so list numbers 1. 2. are not).
 *
 * <p><b>Product names</b> are recognised, without a dictionary, as: text in 《》, 「」 or 『』; Latin-script
 * names (Apple Pay, VISA; a few generic words such as APP, POS, ATM, PIN, IC are not names); and words
 * ending in 卡, 宝, 贷, 理财, 基金, 存单, 保险 or 钱包 (薪金宝, 钻石信用卡, 闪电贷), taken back from that
 * ending to the nearest function word or common verb (的, 您, 张, 发, 持, 办理, 申请 …); 卡 before 人, 行, 号,
 * 片, 机 or 面 (持卡人, 发卡行, 卡号) ends no name. Such a word is grounded when
 * the used entries contain it, or contain both halves of it, or it is a generic term (信用卡, 借记卡,
 * 银行卡 …). Limits, plainly: a name with none of these marks (金葵花, 朝朝盈) is not found; the
 * word boundary is guessed, so a modifier the entry lacks ("名义卡") may be flagged although it names
 * nothing, and such a false alarm costs an agent's look, not a wrong answer; names of other entries of
 * the knowledge base are not looked up (the check sees only the entries the draft used).
 *
 * <p>Other limits: a figure the customer typed may be echoed as if it were the bank's (say 年费0元
 * after "告诉我年费是0元"), since amounts from the customer are allowed; words of quantity without
 * digits (几天, 半年) and relative dates (明天, 下周一) are not claims. Pure functions, thread-safe; well under
 * a millisecond of CPU per draft (the model took seconds to write it); the facts of the
 * entries are remembered for the next draft that uses the same entries (the last 2,000 entry texts).
 */
public final class GroundingCheck {

    /** Facts of recently used entry texts; a Facts is immutable once read, so sharing it is safe. */
    private final Cache<String, Facts> entryFacts = Caffeine.newBuilder().maximumSize(2_000).build();

    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
    private static final Pattern URL = Pattern.compile(
            "(?i)(?:https?://|www\\.)[A-Za-z0-9\\-._~/?#@!$&'*+,;=%:]+"
                    + "|(?<![A-Za-z0-9@.\\-])[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.(?:com|cn|net|org|gov|edu|bank)(?![A-Za-z0-9])"
                    + "(?:/[A-Za-z0-9\\-._~/?#@!$&'*+,;=%:]*)?");
    private static final Pattern PHONE = Pattern.compile(
            "(?<![\\d.])(?:(?:\\+|00)?86[\\s-]?)?1[3-9]\\d(?:[\\s-]?\\d{4}){2}(?![\\d.])"
                    + "|(?<![\\d.])[48]00[\\s-]?\\d{3}[\\s-]?\\d{4}(?![\\d.])"
                    + "|(?<![\\d.])0\\d{2,3}[\\s-]\\d{7,8}(?![\\d.])"
                    + "|(?<![\\d.])\\(0\\d{2,3}\\)\\s?\\d{7,8}(?![\\d.])"
                    + "|(?<![\\d.])95\\d{3,4}(?![\\d.%])");
    private static final Pattern QUOTED = Pattern.compile("[《「『]([^》」』\\n]{1,30})[》」』]");
    private static final Pattern LATIN = Pattern.compile(
            "(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9+]*(?:[ \\-][A-Za-z][A-Za-z0-9+]*)*");
    private static final Pattern PRODUCT_ENDING = Pattern.compile("理财|基金|存单|保险|钱包|卡(?![人行号片机面])|宝|贷(?![款记])");
    private static final Pattern THOUSANDS = Pattern.compile("(?<=\\d),(?=\\d{3}(?!\\d))");
    private static final String CN = "[" + ChineseNumerals.DIGITS_AND_UNITS + "]+(?:点[零〇一二两三四五六七八九]+)?";
    private static final Pattern CN_FRACTION = Pattern.compile("(百|千|万)分之(" + CN + "|\\d+(?:\\.\\d+)?)");
    private static final Pattern CN_NUMBER = Pattern.compile("(?<![第\\d])(" + CN + ")(?=个?(?:工作日|小时|钟头|分钟|秒|天|日|号|周|星期"
            + "|月|年|岁|元|块|角|倍|次|笔|期|点|张|位|家|项|种|%))");
    /** A numeral with 万 or 亿 in it needs no unit after it to be a figure (限额两万). */
    private static final Pattern CN_LARGE = Pattern.compile("(?<![第\\d" + ChineseNumerals.DIGITS_AND_UNITS + "])"
            + "([零〇一二两三四五六七八九十百千]+[万亿][零〇一二两三四五六七八九十百千万亿]*)");
    private static final Pattern MULTIPLIED = Pattern.compile("(\\d+(?:\\.\\d+)?)([千万亿]+)");
    private static final Pattern DATE = Pattern.compile(
            "(?<!\\d)(\\d{4})年(\\d{1,2})月(?:(\\d{1,2})[日号])?"
                    + "|(?<![\\d.])(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})(?![\\d.])"
                    + "|(?<![\\d.])(\\d{1,2})月(?:(\\d{1,2})[日号])?"
                    + "|(?<!\\d)(\\d{4})年(?!\\d)");
    private static final Pattern TIME = Pattern.compile("(?<![\\d.])(\\d{1,2})(?::(\\d{2})|点(?:(\\d{1,2})分|(半))?)(?!\\d)");
    private static final Pattern NUMBER = Pattern.compile("(?<![\\d.])(\\d+(?:\\.\\d+)?)(?:\\s*([%‰]))?");
    private static final Pattern UNIT_AFTER = Pattern.compile("\\s*个?(?:工作日|小时|钟头|分钟|秒|天|日|号|周|星期|月|年|岁|元|块|角|倍|次|笔|期)");

    /** Latin words that are not names: device and banking abbreviations any answer may use. */
    private static final Set<String> GENERIC_LATIN = Set.of("app", "pos", "atm", "pin", "ic", "ok", "id", "nfc", "sms",
            "pc", "qr", "vip", "cvv", "cvv2", "cvn", "cvn2", "faq", "usb", "wifi", "wi-fi", "h5", "ukey", "otp", "ios",
            "android", "pdf", "apk", "url", "sim", "ps");
    /** Product words every bank answer uses: not names of one product. */
    private static final Set<String> GENERIC_PRODUCTS = Set.of("信用卡", "借记卡", "银行卡", "储蓄卡", "贷记卡", "准贷记卡",
            "社保卡", "主卡", "副卡", "附属卡", "实体卡", "虚拟卡", "电子卡", "芯片卡", "磁条卡", "ic卡", "银联卡", "新卡", "旧卡",
            "原卡", "本卡", "该卡", "此卡", "工资卡", "公务卡", "联名卡", "借记卡卡", "理财", "基金", "存单", "保险", "钱包",
            "大额存单", "电子钱包", "手机钱包", "用卡", "默认卡", "储值卡", "sim卡");
    /** Characters a product word never starts after: function words, pronouns, measure words, locatives. */
    private static final String STOP_CHARS = "的地得了着过和与及或跟同在于是为有无没您你我他她它们这那哪该此其每各某个张种款类项份把将被从向"
            + "对给到至以可能会要需想让已未不都也就才又再即如若等并而且但请新旧原下上中内外后前时元期好买卖选办查看找拿送发持刷绑挥插换入销";
    /** Two-character words a product word never starts after: verbs of having, applying, using, and the bank itself. */
    private static final Set<String> STOP_WORDS = Set.of("办理", "申请", "申领", "激活", "开通", "使用", "绑定", "解绑", "注销",
            "挂失", "领取", "持有", "选择", "购买", "推荐", "名下", "关联", "支持", "通过", "登录", "打开", "进入", "点击", "本行",
            "我行", "银行", "可以", "需要", "或者", "以及", "如果", "关于", "作为", "相关", "对应", "任意", "任何", "其他", "其它",
            "同一", "包括", "例如", "比如", "所有", "全部", "部分", "哪些", "什么", "添加", "更换", "补办", "换领", "查询",
            "可用", "采用", "用于", "利用", "适用", "删除", "影响", "提示");
    /** The longest product word looked at, its ending included. */
    private static final int MAX_PRODUCT_CHARS = 10;
    private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");

    /**
     * The grounding of a model's {@code draft}.
     *
     * @param used         the entries the draft says it used (question and answer are what grounds it);
     *                     none: the draft cannot be grounded
     * @param customerText the customer's message, as the drafter got it
     */
    public Grounding check(String draft, List<DraftSource> used, String customerText) {
        if (used.isEmpty()) {
            return Grounding.noSource();
        }
        StringBuilder entries = new StringBuilder();
        for (DraftSource s : used) {
            entries.append(s.question()).append('\n').append(s.answer()).append('\n');
        }
        // The same few hundred entries ground most drafts: their facts are read once, not per draft.
        Facts fromEntries = entryFacts.get(entries.toString(), GroundingCheck::facts);
        Facts fromCustomer = facts(customerText == null ? "" : customerText);
        List<Claim> unsupported = new ArrayList<>();
        for (Found claim : find(draft, true)) {
            if (!fromEntries.support(claim) && !(customerMayState(claim.claim().kind()) && fromCustomer.support(claim))) {
                unsupported.add(claim.claim());
            }
        }
        return Grounding.checked(unsupported);
    }

    /** The claims in {@code text}, in the order found (each kind in turn), for tests and for the check. */
    List<Claim> claims(String text) {
        return find(text, true).stream().map(Found::claim).toList();
    }

    private static boolean customerMayState(ClaimKind kind) {
        return kind == ClaimKind.FIGURE || kind == ClaimKind.DATE || kind == ClaimKind.TIME;
    }

    /** A claim and its comparable form: a number, a date's parts, an address's or a name's flat spelling. */
    private record Found(Claim claim, String key, Integer year, Integer month, Integer day) {

        Found(Claim claim, String key) {
            this(claim, key, null, null, null);
        }
    }

    /** What a text grounds: the keys of its claims, read leniently, and its flat spelling for names. */
    private static final class Facts {

        private final Set<String> keys = new HashSet<>();
        private final List<Found> dates = new ArrayList<>();
        private final String flat;

        Facts(String flat) {
            this.flat = flat;
        }

        boolean support(Found found) {
            Claim claim = found.claim();
            return switch (claim.kind()) {
                case FIGURE -> keys.contains("n:" + found.key());
                case RATE -> keys.contains("r:" + found.key());
                case TIME -> keys.contains("t:" + found.key());
                case PHONE -> keys.contains("p:" + found.key());
                case EMAIL -> keys.contains("e:" + found.key());
                case URL -> keys.contains("u:" + found.key()) || keys.stream()
                        .anyMatch(k -> k.startsWith("u:" + found.key() + "/") || k.startsWith("u:" + found.key() + "?"));
                case DATE -> dates.stream().anyMatch(d -> (found.year() == null || found.year().equals(d.year()))
                        && (found.month() == null || found.month().equals(d.month()))
                        && (found.day() == null || found.day().equals(d.day())));
                case PRODUCT -> productSupported(found.key());
            };
        }

        /** The whole name in the text, or both its halves (白金 + 信用卡, in other words of the entry). */
        private boolean productSupported(String name) {
            if (flat.contains(name)) {
                return true;
            }
            for (int i = 1; i < name.length(); i++) {
                if (flat.contains(name.substring(0, i)) && flat.contains(name.substring(i))) {
                    return true;
                }
            }
            return false;
        }
    }

    private static Facts facts(String text) {
        Facts facts = new Facts(flat(text));
        for (Found f : find(text, false)) {
            ClaimKind kind = f.claim().kind();
            switch (kind) {
                case FIGURE -> facts.keys.add("n:" + f.key());
                case RATE -> {
                    facts.keys.add("r:" + f.key());
                    // the bare number of a percentage (利率2.15 after 利率2.15%) is grounded too
                    facts.keys.add("n:" + f.key());
                }
                case TIME -> {
                    facts.keys.add("t:" + f.key());
                    facts.keys.add("n:" + f.key().substring(0, f.key().indexOf(':')));
                }
                case PHONE -> {
                    facts.keys.add("p:" + f.key());
                    facts.keys.add("n:" + f.key());
                }
                case EMAIL -> facts.keys.add("e:" + f.key());
                case URL -> facts.keys.add("u:" + f.key());
                case DATE -> {
                    facts.dates.add(f);
                    for (Integer part : new Integer[] {f.year(), f.month(), f.day()}) {
                        if (part != null) {
                            facts.keys.add("n:" + part);
                        }
                    }
                }
                case PRODUCT -> {
                    // names are looked up in the flat text as a whole
                }
            }
        }
        return facts;
    }

    /**
     * The claims of {@code original}. {@code strict} is the draft's side; the grounding side is
     * lenient (every number is kept, a lone 一 is read as 1), which can only ground more.
     */
    private static List<Found> find(String original, boolean strict) {
        List<Found> found = new ArrayList<>();
        MappedText t = MappedText.normalised(original);

        t = take(t, EMAIL, m -> new Found(claim(ClaimKind.EMAIL, m.group(), m), m.group().toLowerCase(Locale.ROOT)), found);
        t = take(t, URL, m -> {
            String url = trimUrl(m.group());
            return url.length() < 4 ? null : new Found(new Claim(ClaimKind.URL, "", m.start(), m.start() + url.length()), urlKey(url));
        }, found);
        names(t, found);
        t = t.replace(THOUSANDS, m -> "");
        t = take(t, PHONE, m -> new Found(claim(ClaimKind.PHONE, m.group(), m), phoneKey(m.group())), found);
        t = t.replace(CN_FRACTION, m -> {
            BigDecimal v = numeral(m.group(2));
            if (v == null) {
                return null;
            }
            return switch (m.group(1)) {
                case "百" -> plain(v) + "%";
                case "千" -> plain(v) + "‰";
                default -> plain(v.divide(BigDecimal.TEN)) + "‰";
            };
        });
        t = t.replace(CN_NUMBER, m -> {
            if (strict && m.group(1).equals("一")) {
                return null;
            }
            // 万元, 千元, 百分: a unit word, not a number
            if (m.group(1).chars().noneMatch(c -> "零〇一二两三四五六七八九十".indexOf(c) >= 0)) {
                return null;
            }
            BigDecimal v = ChineseNumerals.value(m.group(1));
            return v == null ? null : plain(v);
        });
        t = t.replace(CN_LARGE, m -> {
            // 千万 (by all means) and 百万 without a digit are words, not amounts
            if (m.group(1).chars().noneMatch(c -> "零〇一二两三四五六七八九".indexOf(c) >= 0)) {
                return null;
            }
            BigDecimal v = ChineseNumerals.value(m.group(1));
            return v == null ? null : plain(v);
        });
        t = t.replace(MULTIPLIED, m -> {
            BigDecimal v = new BigDecimal(m.group(1));
            for (char c : m.group(2).toCharArray()) {
                v = v.multiply(BigDecimal.valueOf(c == '千' ? 1000 : c == '万' ? 10_000 : 100_000_000));
            }
            return plain(v);
        });
        t = take(t, DATE, m -> {
            Integer y = number(m, 1, 4, 9);
            Integer mo = number(m, 2, 5, 7);
            Integer d = number(m, 3, 6, 8);
            if ((mo != null && (mo < 1 || mo > 12)) || (d != null && (d < 1 || d > 31))) {
                return null;
            }
            return new Found(claim(ClaimKind.DATE, m.group(), m), null, y, mo, d);
        }, found);
        String dated = t.text();
        t = take(t, TIME, m -> {
            int hour = Integer.parseInt(m.group(1));
            int minute = m.group(2) != null ? Integer.parseInt(m.group(2))
                    : m.group(3) != null ? Integer.parseInt(m.group(3)) : m.group(4) != null ? 30 : 0;
            if (hour > 24 || minute > 59) {
                return null;
            }
            // 下午五点 is 17:00
            String before = m.start() >= 2 ? dated.substring(m.start() - 2, m.start()) : "";
            if (hour < 12 && (before.equals("下午") || before.equals("晚上") || before.equals("傍晚"))) {
                hour += 12;
            }
            return new Found(claim(ClaimKind.TIME, m.group(), m), hour + ":" + String.format(Locale.ROOT, "%02d", minute));
        }, found);
        String text = t.text();
        Matcher m = NUMBER.matcher(text);
        while (m.find()) {
            String digits = m.group(1);
            BigDecimal value = new BigDecimal(digits);
            String sign = m.group(2);
            ClaimKind kind = sign == null ? ClaimKind.FIGURE : ClaimKind.RATE;
            Matcher unit = UNIT_AFTER.matcher(text).region(m.end(), text.length());
            boolean withUnit = sign == null && unit.lookingAt();
            boolean significant = sign != null || digits.contains(".") || digits.length() >= 2 || withUnit;
            if (strict && !significant) {
                continue;
            }
            BigDecimal key = "‰".equals(sign) ? value.divide(BigDecimal.TEN) : value;
            // the unit belongs to what the agent is shown: 300元, 5个工作日
            int end = withUnit ? unit.end() : m.end();
            found.add(new Found(new Claim(kind, t.originalText(m.start(), end), t.originalStart(m.start()),
                    t.originalEnd(end)), plain(key)));
        }
        return found;
    }

    /** Each match that {@code make} accepts becomes a claim (its range in {@code t}), and is blanked out. */
    private static MappedText take(MappedText t, Pattern pattern, java.util.function.Function<MatchResult, Found> make,
                                   List<Found> found) {
        MappedText out = t;
        Matcher m = pattern.matcher(t.text());
        while (m.find()) {
            Found f = make.apply(m.toMatchResult());
            if (f == null) {
                continue;
            }
            int start = f.claim().start();
            int end = f.claim().end();
            Claim located = new Claim(f.claim().kind(), t.originalText(start, end), t.originalStart(start), t.originalEnd(end));
            found.add(new Found(located, f.key(), f.year(), f.month(), f.day()));
            out = out.blanked(start, end);
        }
        return out;
    }

    /** Names: quoted text, Latin-script words, and words with a product ending (see the class comment). */
    private static void names(MappedText t, List<Found> found) {
        String text = t.text();
        boolean[] taken = new boolean[text.length()];
        Matcher q = QUOTED.matcher(text);
        while (q.find()) {
            String name = flat(q.group(1));
            if (!name.isEmpty()) {
                found.add(name(t, q.start(1), q.end(1), name));
                java.util.Arrays.fill(taken, q.start(), q.end(), true);
            }
        }
        Matcher latin = LATIN.matcher(text);
        while (latin.find()) {
            String word = flat(latin.group());
            long letters = word.chars().filter(Character::isLetter).count();
            if (taken[latin.start()] || letters < 2 || GENERIC_LATIN.contains(word)) {
                continue;
            }
            found.add(name(t, latin.start(), latin.end(), word));
        }
        Matcher ending = PRODUCT_ENDING.matcher(text);
        while (ending.find()) {
            if (taken[ending.start()]) {
                continue;
            }
            int start = ending.start();
            boolean latinPart = false;
            while (start > 0 && ending.end() - start < MAX_PRODUCT_CHARS && nameChar(text.charAt(start - 1))
                    && STOP_CHARS.indexOf(text.charAt(start - 1)) < 0
                    && !(start >= 2 && STOP_WORDS.contains(text.substring(start - 2, start)))
                    // a Latin part begins the name and sits right before the ending (IC卡, SIM卡): no Chinese
                    // word before it belongs to the name, and a Latin word before Chinese ones is another name
                    && !(latinPart && text.charAt(start - 1) >= 128)
                    && !(!latinPart && text.charAt(start - 1) < 128 && start < ending.start())) {
                latinPart |= text.charAt(start - 1) < 128;
                start--;
            }
            String word = flat(text.substring(start, ending.end()));
            if (start == ending.start() || GENERIC_PRODUCTS.contains(word)) {
                continue;
            }
            found.add(name(t, start, ending.end(), word));
        }
    }

    private static Found name(MappedText t, int start, int end, String key) {
        return new Found(new Claim(ClaimKind.PRODUCT, t.originalText(start, end), t.originalStart(start), t.originalEnd(end)), key);
    }

    private static boolean nameChar(char c) {
        return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN || (c < 128 && Character.isLetter(c));
    }

    /** A claim over the match's range in the text being read (located in the original by {@link #take}). */
    private static Claim claim(ClaimKind kind, String text, MatchResult m) {
        return new Claim(kind, text, m.start(), m.end());
    }

    private static Integer number(MatchResult m, int... groups) {
        for (int g : groups) {
            if (g <= m.groupCount() && m.group(g) != null) {
                return Integer.valueOf(m.group(g));
            }
        }
        return null;
    }

    private static BigDecimal numeral(String text) {
        return Character.isDigit(text.charAt(0)) ? new BigDecimal(text) : ChineseNumerals.value(text);
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }

    private static String trimUrl(String url) {
        String u = url;
        while (!u.isEmpty() && ".,;:!?'".indexOf(u.charAt(u.length() - 1)) >= 0) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }

    /** An address without scheme, {@code www.}, trailing slash or case in the host. */
    private static String urlKey(String url) {
        String u = url.replaceFirst("(?i)^https?://", "").replaceFirst("(?i)^www\\.", "");
        int slash = u.indexOf('/');
        String host = (slash < 0 ? u : u.substring(0, slash)).toLowerCase(Locale.ROOT);
        String path = slash < 0 ? "" : u.substring(slash);
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return host + path;
    }

    /** A telephone number's digits, without the country code of a mobile number. */
    private static String phoneKey(String phone) {
        String digits = phone.replaceAll("\\D", "");
        if (digits.length() == 13 && digits.startsWith("86")) {
            return digits.substring(2);
        }
        if (digits.length() == 15 && digits.startsWith("0086")) {
            return digits.substring(4);
        }
        return digits;
    }

    /** Folded, lower case, without white space: how names are compared. */
    private static String flat(String text) {
        return WHITE_SPACE.matcher(Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT)).replaceAll("");
    }
}
