package com.wecomassist.compliance.pii;

import com.wecomassist.compliance.pii.ChineseWords.Word;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Chinese personal names in customers' text, found by cues and checked against HanLP's words:
 * <ul>
 *   <li>after a strong cue (我叫, 姓名：, 收件人, 户名 ...): a surname and one or two name characters;</li>
 *   <li>before a cue that follows names (本人, 先生, 的卡, 名下, a mobile or ID number);</li>
 *   <li>after a weak cue (我是, 本人, 帮, 我老公 ...): a word HanLP tagged a name, a bare surname with
 *   name characters, or a surname and two common given-name characters;</li>
 *   <li>without a cue: only a three-character word HanLP tagged a name ({@code nr}) whose given
 *   name is made of common given-name characters and that stands alone.</li>
 * </ul>
 * A surname plus a title (张经理, 王先生) is not a name (not identifying, and everywhere in bank
 * text), nor are bank and product names HanLP tags as names (平安, 国寿). HanLP's tag alone is
 * too noisy on bank text (单笔, 钱转回): the measured false-mask rates are in the README.
 */
final class PersonNames {

    /** Compound surnames (checked before single ones). */
    static final Set<String> COMPOUND_SURNAMES = Set.of("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙",
            "慕容", "长孙", "宇文", "司徒", "夏侯", "令狐", "端木", "独孤", "南宫", "西门", "轩辕", "呼延", "澹台", "万俟",
            "闻人", "申屠", "太史", "钟离", "赫连", "百里", "东郭", "拓跋");
    /** Common single-character surnames, without those that are everyday function words (那, 和, 都, 来, 时, 全 ...). */
    static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
            + "姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常"
            + "温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成"
            + "苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜"
            + "冷晏席卫米柏宗瞿桂佟臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝官封谈匡鞠惠荆"
            + "乐冀郁胥南班储栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻厉伊仝区郜阚帅屠豆朴盖练廉禹井祖漆巴丰支卿狄"
            + "索宣晋扈晁芮普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛"
            + "宾戎勾茅呼尉冶斯元束檀衣阴昝智幸奉植尧闭";

    /**
     * Characters common in given names. Without a cue before the name, HanLP's person-name tag
     * alone is not enough (it tags 单笔, 钱转回, 查得严 in bank text): every given-name character
     * must also be one of these.
     */
    static final String GIVEN_NAME_CHARS = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英霞平刚桂兰华红玉志文建国婷子涵浩然雨萱欣怡梓轩"
            + "一鸣晓东海燕庆春梅宇航思远佳琪俊雪鹏辉斌玲萍波宁晨凯琳瑶博嘉天佑小金凤德胜永福淑珍秋菊立新卫招娣满仓丹亮成林"
            + "飞鑫宏峰龙云彬旭晶慧颖莉琴倩蓉洁薇璐露茜悦欢乐安康健坤帆昊皓睿哲宸泽逸铭瑞景乾诚信义礼智仁孝忠勤贤良善美惠贞"
            + "芬芝菲萌蕾莹蓓荣茂森松柏杨柳桃竹荷莲蕙芸芷若诗书琴棋韵歌舞月星辰阳光晴朗虹霖雯雅娴婉媛妍娇婕姝嫣娅妮姗婧岚岩"
            + "山川江河湖涌源泉溪清澄澈瀚渊深广宽雄豪彦才学武璋瑾瑜琦玮珏珂珊璇琼珠宝贵富财发达兴旺昌盛隆泰祥吉喜禄寿长恒久"
            + "毅坚定家民邦振耀煌灿晖曦昕曙晗昭彤朱青蓝紫翠碧绿银铁钢锋锐镇钧鹤鸿雁莺凰麟虎豹骏驰腾翔翼羽翰墨恩爱心意愉聪"
            + "捷灵巧妙奇卓越凡群友朋睦顺香馨蕊苗禾丰年冬夏元亨正直方圆仲伯大二三四五六七八九十万伶俐倚依佩侠俭儒兆先光克"
            + "全冰凌凝凤函刚剑勋励卿厚友叶君启呈咏品哲唯善嘉园坚培基堂士壮声奎妙姿威娥婵嫦媚孟宗官定宜宣宵容宾富寒封尚"
            + "川巍巧市希帅常干庭康廷弘张彩彪影征德忆志忠念怀思恬悟惜慈慕戈成才扬承振捷斐新旗昆昌明春昭晋晟普景晴智曼月朝"
            + "木本杉村松枫柔栋树桦梁棠森楠榕槐武殿毓民永汉汐沁沛沫河泓波泳洋洲津洪济浦润涵淇淑渝港湘溢滨潇澜灏炎炜烨焕煜"
            + "熙燕爽玄玫珑琛琰瑛瑶璇璧甜生田甫男畅登白百皎益盈真睿瞳石砚硕磊礼祖神祯秀秉科稳立竣笑笛筠筱箐篮米粟精素紫红"
            + "纯纬织绍经绮维缘罡美羡翔翠耀聪肖胜能臻舒航良艺芙芮花芳苇若茗茹荔莉莎莺菁萱萧董蔚蕾薇虹融衍裕西言誉诗谦豫贝"
            + "贤赋赛超越跃轩辉迪逸遥邦郁采金鉴钰铭锦镜长闻阁阳雄雅雨雯雷震霄霏霓青静韬韵顺颂颜飒飘馥馨驹骁骏鲲鸥鸿鹃鹏麒黎";

    /** Words after a surname that make a title or a form of address, not a given name. */
    private static final Set<String> TITLES = Set.of("经理", "行长", "主任", "总", "老师", "师傅", "先生", "女士", "小姐",
            "阿姨", "叔叔", "医生", "律师", "老板", "会计", "柜员", "大爷", "大妈", "同学", "局长", "科长", "处长", "部长",
            "董事长", "总监", "专员", "顾问", "工", "姐", "哥", "总经理", "董", "书记", "校长", "教授", "博士", "队长",
            "组长", "秘书", "助理", "大姐", "大哥", "太太", "叔", "婶", "姨", "伯", "爷", "奶", "嫂", "哥们", "总裁", "奶奶", "爷爷", "伯伯", "老", "某", "某某", "家", "氏");

    /** Cues after which a name follows (optionally after 是, 叫, 为, a colon or a space), and nothing else does. */
    private static final List<String> STRONG_CUES = List.of("我叫", "姓名", "名字叫", "名字是", "名字", "名叫", "叫做",
            "收件人", "收货人", "寄件人", "发件人", "联系人", "户名", "账户名", "账户是", "持卡人", "开户人", "申请人", "借款人", "客户名", "客户姓名",
            "签收人", "委托人", "代理人", "担保人", "被保险人", "投保人", "受益人", "户主", "他叫", "她叫", "名为", "署名");

    /**
     * Cues that are often followed by something else (我是高端客户, 我老公的卡): the name must be a
     * word HanLP tagged as a name or a bare surname followed by name characters.
     */
    private static final List<String> WEAK_CUES = List.of("我是", "本人是", "本人", "叫", "配偶", "法人",
            // verbs whose object is often a person (代谭爱华查询, 转给了金美玲, 转告潘志远)
            "代", "替", "帮", "给", "找", "联系", "转给", "转给了", "转告", "通知", "告诉", "陪", "退到", "打给", "寄给",
            "我爸", "我妈", "老爸", "老妈", "我哥", "我姐", "我弟", "我妹", "爷爷", "奶奶", "外公", "外婆", "老人",
            // relatives and others whose name customers give right after the word (我老公赵磊)
            "老公", "老婆", "爱人", "丈夫", "妻子", "儿子", "女儿", "母亲", "父亲", "妈妈", "爸爸", "岳父", "岳母", "婆婆",
            "公公", "哥哥", "姐姐", "弟弟", "妹妹", "朋友", "同事", "孩子", "家属");

    private enum Cue { NONE, WEAK, STRONG }

    private static final List<String> AFTER_CUES = List.of("本人", "（本人）", "(本人)", "先生", "女士", "小姐",
            "的卡", "的银行卡", "的信用卡", "的账户", "的身份证", "的存折", "名下");

    /**
     * Words HanLP tags as person names that are bank, insurer or product names in bank text
     * (measured on clean bank questions; see the README).
     */
    private static final Set<String> NOT_NAMES = Set.of("国寿", "平安", "招商", "工商", "华夏", "中信", "光大", "民生", "兴业",
            "浦发", "广发", "交行", "建行", "农行", "中行", "工行", "招行", "邮储", "金葵花", "东方红", "易方达", "嘉实", "华安",
            "南方", "博时", "汇添富", "富国", "景顺", "国泰", "申万", "海通", "华泰", "中金", "银河", "人保", "太平", "泰康",
            "新华", "安邦", "阳光", "万科", "恒大", "龙湖", "碧桂园", "朝朝宝", "薪金煲", "龙卡", "金卡", "白金");

    /** Characters that end a given name when reading after a surname: function words and common verbs. */
    private static final String STOP_CHARS = "的了是在和跟与及或我你他她它们也都就还又很太最更吗呢吧啊啦呀哦嗯先女老这那把被给对"
            + "向从到去来让叫请帮用有没不会能可已想要说问办卡号住等查看买转取存借还交开充付拿寄收个位次年月日时分元块钱岁上下里外前后中内您咱其";
    // 小 is not a stop character: 小明, 小红 are given names; 小姐 is a title

    private PersonNames() {
    }

    /**
     * Names in {@code text}; {@code numbers} are the detector's findings (a name written right
     * before a mobile or ID number, 袁婷 185..., counts as cued). Three passes, the most certain
     * first: after a strong cue (read by characters, since HanLP may glue the cue to the name:
     * 收件/人马/雪), before a cue that follows names (本人, 先生, a number), then word by word.
     */
    static List<PiiMatch> find(String text, List<Word> words, List<PiiMatch> numbers) {
        List<PiiMatch> out = new ArrayList<>(2);
        boolean[] wordStart = new boolean[text.length() + 1];
        for (Word w : words) wordStart[w.start()] = true;
        for (int p = 0; p < text.length(); p++) {
            if (SURNAMES.indexOf(text.charAt(p)) < 0 && !COMPOUND_SURNAMES.contains(text.substring(p, Math.min(text.length(), p + 2)))) continue;
            int q = p;
            while (q > 0 && isCueGap(text.charAt(q - 1))) q--;
            if (!endsWithCue(text, q, STRONG_CUES)) continue;
            int end = readName(text, p, wordStart);
            if (end > 0) {
                out.add(match(text, p, end));
                p = end - 1;
            }
        }
        for (int at : cuesAfterNames(text, numbers)) {
            boolean beforeNumber = at < 0;
            int q = beforeNumber ? -at - 1 : at;
            int start = nameBefore(text, q, wordStart, beforeNumber);
            if (start >= 0) addUnlessOverlapping(out, match(text, start, q));
        }
        for (int i = 0; i < words.size(); i++) {
            Word w = words.get(i);
            if (surnameLength(w.text()) == 0) continue;
            int end = nameAt(text, words, i, cuedAt(text, words, i));
            if (end > 0) addUnlessOverlapping(out, match(text, w.start(), end));
        }
        if (out.size() > 1) out.sort((x, y) -> Integer.compare(x.start(), y.start()));
        return out;
    }

    private static void addUnlessOverlapping(List<PiiMatch> out, PiiMatch m) {
        for (PiiMatch o : out) {
            if (o.start() < m.end() && o.end() > m.start()) return;
        }
        out.add(m);
    }

    /** A surname at {@code p} and one or two name characters after it, ending before a word that would be cut; -1 if none. */
    private static int readName(String text, int p, boolean[] wordStart) {
        int surname = surnameLength(text.substring(p, Math.min(text.length(), p + 2)));
        int end = p + surname;
        int given = 0;
        while (given < 2 && end < text.length() && isNameChar(text.charAt(end))) {
            end++;
            given++;
        }
        // 陈静办理: keep the name to 陈静 when a two-character word starts at the second given character
        if (given == 2 && wordStart[end - 1] && !wordStart[end] && end < text.length() && isNameChar(text.charAt(end))) {
            end--;
            given--;
        }
        if (given == 0 || !isGivenName(text.substring(p + surname, end)) || NOT_NAMES.contains(text.substring(p, end))) return -1;
        return end;
    }

    /** Positions where a cue that follows names starts: 本人, 先生, 女士, 小姐, or a number after at most a space or colon. */
    private static List<Integer> cuesAfterNames(String text, List<PiiMatch> numbers) {
        List<Integer> at = new ArrayList<>(2);
        for (String cue : AFTER_CUES) {
            for (int q = text.indexOf(cue); q >= 0; q = text.indexOf(cue, q + 1)) at.add(q);
        }
        for (PiiMatch n : numbers) {
            if (n.kind() == PiiKind.EMAIL) continue;
            int q = n.start();
            if (q > 0 && (isCueGap(text.charAt(q - 1)) || text.charAt(q - 1) == '，' || text.charAt(q - 1) == ',')) q--;
            at.add(-q - 1); // negative: before a number (see nameBefore)
        }
        return at;
    }

    /** The start of a name that ends at {@code q}: surname and one or two name characters, starting a word; -1 if none. */
    private static int nameBefore(String text, int q, boolean[] wordStart, boolean beforeNumber) {
        for (int len = 4; len >= 2; len--) {
            int s = q - len;
            if (s < 0 || !wordStart[s]) continue;
            // a list entry, 宋佳音 137..., at the start of the text or a clause: any name characters will do
            boolean listEntry = beforeNumber && (s == 0 || "，,：:；; \n。".indexOf(text.charAt(s - 1)) >= 0);
            String candidate = text.substring(s, q);
            int surname = surnameLength(candidate);
            if (surname == 0 || len - surname < 1 || len - surname > 2) continue;
            if (s > 0 && isNameChar(text.charAt(s - 1)) && SURNAMES.indexOf(text.charAt(s - 1)) >= 0 && len < 4) continue;
            String given = candidate.substring(surname);
            if (isGivenName(given) && (listEntry || commonGivenName(given)) && !NOT_NAMES.contains(candidate)) return s;
        }
        return -1;
    }

    /**
     * Whether a cue ends right before word {@code i} (我叫|王伟, 姓名：|王伟, 我妈叫|王伟), or the
     * clause started with 我是/本人是 and the word follows 的 (我是来办贷款的|刘磊).
     */
    private static Cue cuedAt(String text, List<Word> words, int i) {
        int p = words.get(i).start();
        while (p > 0 && isCueGap(text.charAt(p - 1))) p--;
        if (endsWithCue(text, p, STRONG_CUES)) return Cue.STRONG;
        if (endsWithCue(text, p, WEAK_CUES)) return Cue.WEAK;
        if (i > 0 && words.get(i - 1).text().equals("的")) {
            int clause = p - 1;
            int limit = Math.max(0, p - 16);
            while (clause > limit && "，。！？；,.!?;\n".indexOf(text.charAt(clause - 1)) < 0) clause--;
            String before = text.substring(clause, p);
            if (before.startsWith("我是") || before.startsWith("本人是")) return Cue.WEAK;
        }
        return Cue.NONE;
    }

    private static boolean endsWithCue(String text, int p, List<String> cues) {
        for (String cue : cues) {
            if (text.startsWith(cue, p - cue.length())) return true;
            // 名字是, 她叫: one of 是/叫/为 between the cue and the name
            if (p > 0 && "是叫为".indexOf(text.charAt(p - 1)) >= 0 && text.startsWith(cue, p - 1 - cue.length())) return true;
        }
        return false;
    }

    private static boolean isCueGap(char c) {
        return c == ':' || c == '：' || c == ' ' || c == '\u3000';
    }

    /**
     * The end of a name starting at word {@code j}, or -1. Without a cue HanLP must have tagged
     * the word a person name; after a weak cue a bare surname followed by one or two name
     * characters also counts; after a strong cue any name-like word starting with a surname does.
     */
    private static int nameAt(String text, List<Word> words, int j, Cue cue) {
        Word w = words.get(j);
        int surname = surnameLength(w.text());
        if (surname == 0) return -1;
        if (w.tagged("nr") && !w.tagged("nrf") && w.length() >= surname + 1 && w.length() <= surname + 2) {
            String given = w.text().substring(surname);
            if (!isGivenName(given) || NOT_NAMES.contains(w.text())) return -1;
            if (cue == Cue.NONE && !(given.length() == 2 && commonGivenName(given) && standsAlone(words, j))) return -1;
            if (cue != Cue.STRONG && madeOfOrdinaryWords(text, w.start(), w.end(), surname)) return -1;
            int end = w.end();
            // HanLP sometimes cuts a three-character name after two (司马桂/英): a single name-like character follows
            if (w.length() == surname + 1 && j + 1 < words.size()) {
                Word next = words.get(j + 1);
                if (next.start() == end && next.length() == 1 && isNameChar(next.text().charAt(0))
                        && !next.tagged("w") && !next.tagged("u") && followsNameEnd(words, j + 2)) {
                    end = next.end();
                }
            }
            return end;
        }
        if (cue == Cue.NONE) return -1;
        int end = w.end();
        int given;
        if (w.length() == surname) {
            given = 0;
        } else if (cue == Cue.STRONG && w.length() <= surname + 2 && nameLikeTag(w)
                && isGivenName(w.text().substring(surname)) && !NOT_NAMES.contains(w.text())) {
            given = w.length() - surname;
        } else if (cue == Cue.WEAK && w.length() == surname + 2 && nameLikeTag(w)
                && isGivenName(w.text().substring(surname)) && commonGivenName(w.text().substring(surname))
                && !NOT_NAMES.contains(w.text())) {
            given = 2; // 我是|邝家豪 (not tagged as a name, but a surname and two common given-name characters)
        } else {
            return -1;
        }
        // read the rest of the given name from the following words
        for (int k = j + 1; k < words.size() && given < 2; k++) {
            Word next = words.get(k);
            if (next.start() != end) break;
            if (next.length() == 1) {
                if (!isNameChar(next.text().charAt(0))) break;
            } else if (next.length() == 2 && given == 0) {
                if (!nameLikeTag(next) || !isGivenName(next.text())) break;
            } else {
                break;
            }
            given += next.length();
            end = next.end();
        }
        return given == 0 ? -1 : end;
    }

    /**
     * A name HanLP found without a cue is believed only when it stands as a word of its own: not
     * in quotes (“季季红” is a product), not after a single noun character HanLP split from its
     * word (基|金安全), not a repeated character (季季盈).
     */
    private static boolean standsAlone(List<Word> words, int j) {
        Word w = words.get(j);
        if (w.text().charAt(0) == w.text().charAt(1)) return false;
        if (j == 0) return true;
        Word before = words.get(j - 1);
        if (before.end() == w.start() && "“\"「『‘'《".indexOf(before.text().charAt(before.length() - 1)) >= 0) return false;
        return !(before.end() == w.start() && before.length() == 1 && (before.tagged("n") || before.tagged("b")));
    }

    /** Characters of context either side of a candidate name given to the dictionary-only segmenter. */
    private static final int DICTIONARY_WINDOW = 6;

    /**
     * Whether the dictionary alone reads the name HanLP recognised at [{@code start}, {@code end})
     * as (part of) ordinary words: a word that runs across either edge of the name (its first
     * character the end of the word before, its last the start of the word after), or a frequent
     * ordinary word that starts at the surname and ends inside the given name (安全|小 in
     * 账户安全小知识: the surname 安 is the start of 安全). A real name reads as a surname on its own
     * or as one whole word (王|小明, 李|小|红, 高峰); many real names do start with a word (叶子|涵,
     * 陆海|燕, 高明|华), which is why that word must be frequent and never a name in the dictionary
     * ({@link ChineseWords#isOrdinaryWord}). Only the text around the name is segmented, and only
     * for a name that has passed every other test, so clean text rarely pays for it.
     */
    private static boolean madeOfOrdinaryWords(String text, int start, int end, int surname) {
        int from = Math.max(0, start - DICTIONARY_WINDOW);
        int to = Math.min(text.length(), end + DICTIONARY_WINDOW);
        for (Word d : ChineseWords.dictionaryWords(text.substring(from, to))) {
            int s = d.start() + from;
            int e = d.end() + from;
            if (s < start && e > start) return true;
            if (s < end && e > end) return true;
            if (s == start && e > start + surname && e < end && ChineseWords.isOrdinaryWord(d.text())) return true;
        }
        return false;
    }

    /** Every character is common in given names (for names with no cue but HanLP's tag). */
    static boolean commonGivenName(String given) {
        for (int c = 0; c < given.length(); c++) {
            if (GIVEN_NAME_CHARS.indexOf(given.charAt(c)) < 0) return false;
        }
        return true;
    }

    private static boolean nameLikeTag(Word w) {
        return (w.tagged("n") && !w.tagged("nx")) || w.tagged("a") || w.tagged("b") || w.tagged("j") || w.tagged("g")
                || w.tagged("x");
    }

    /** One or two name characters that are not a title (经理, 先生). */
    private static boolean isGivenName(String given) {
        if (given.isEmpty() || given.length() > 2 || TITLES.contains(given) || isTitleStart(given)) return false;
        for (int c = 0; c < given.length(); c++) {
            if (!isNameChar(given.charAt(c))) return false;
        }
        return true;
    }

    /** The next word after a name is not glued to it as part of a longer word (a boundary, punctuation or a function word). */
    private static boolean followsNameEnd(List<Word> words, int k) {
        if (k >= words.size()) return true;
        Word w = words.get(k);
        return w.tagged("w") || w.tagged("u") || w.tagged("r") || w.tagged("v") || w.tagged("p") || w.tagged("c")
                || w.tagged("y") || w.tagged("d");
    }

    private static boolean isTitleStart(String given) {
        for (String t : TITLES) {
            if (t.length() >= 2 && given.startsWith(t)) return true;
        }
        return false;
    }

    static int surnameLength(String word) {
        if (word.length() >= 2 && COMPOUND_SURNAMES.contains(word.substring(0, 2))) return 2;
        if (!word.isEmpty() && SURNAMES.indexOf(word.charAt(0)) >= 0) return 1;
        return 0;
    }

    private static boolean isNameChar(char c) {
        return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN && STOP_CHARS.indexOf(c) < 0;
    }

    private static PiiMatch match(String text, int start, int end) {
        String value = text.substring(start, end);
        return new PiiMatch(PiiKind.PERSON_NAME, start, end, value, value, "");
    }
}
