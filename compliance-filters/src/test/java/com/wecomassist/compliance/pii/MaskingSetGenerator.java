package com.wecomassist.compliance.pii;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes the synthetic labelled set for masking ({@code src/test/resources/pii/masking-set.jsonl}):
 * customer paragraphs in several styles with every piece of personal data labelled by kind and
 * span, and clean bank questions that contain none (so any mask in them is a false mask). All
 * names, addresses and numbers are made up here; the ID and card numbers get computed check digits
 * (valid) or a deliberately wrong one (the mistyped IDs customers send).
 *
 * <p>Run {@code main} to rewrite the file (fixed seed: the same file every time). The file, not
 * this class, is what {@code MaskingEvaluationTest} reads, so the figures in the README stay tied
 * to rows anyone can read.
 */
final class MaskingSetGenerator {

    static final String[] SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
            "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董",
            "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟",
            "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹",
            "薛", "闫", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "覃", "武",
            "欧阳", "司马", "诸葛", "上官", "东方"};
    static final String[] GIVEN = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
            "明", "超", "秀英", "霞", "平", "刚", "桂英", "建华", "文", "华", "红", "玉兰", "志强", "婷", "子涵", "浩然", "雨萱",
            "欣怡", "梓轩", "一鸣", "晓东", "海燕", "国庆", "建国", "春梅", "宇航", "思远", "佳琪", "俊杰", "雪", "鹏", "辉", "斌",
            "玲", "萍", "波", "宁", "晨", "凯", "琳", "瑶", "博文", "嘉怡", "天佑", "小红", "小明", "金凤", "德胜", "永福", "淑珍",
            "丽华", "秋菊", "立新", "卫东", "红霞", "平安", "招娣", "满仓"};

    /** Province, city, districts (real names; the street level below is made up). */
    static final String[][] REGIONS = {
            {"", "北京市", "朝阳区", "海淀区", "丰台区", "西城区"},
            {"", "上海市", "浦东新区", "徐汇区", "静安区", "闵行区"},
            {"广东省", "深圳市", "南山区", "福田区", "宝安区", "龙岗区"},
            {"广东省", "广州市", "天河区", "越秀区", "番禺区", "白云区"},
            {"浙江省", "杭州市", "西湖区", "滨江区", "余杭区", "拱墅区"},
            {"江苏省", "南京市", "鼓楼区", "玄武区", "江宁区", "建邺区"},
            {"江苏省", "苏州市", "姑苏区", "吴中区", "昆山市", "常熟市"},
            {"四川省", "成都市", "武侯区", "锦江区", "青羊区", "双流区"},
            {"湖北省", "武汉市", "洪山区", "江汉区", "武昌区", "汉阳区"},
            {"山东省", "青岛市", "市南区", "崂山区", "黄岛区", "即墨区"},
            {"河南省", "郑州市", "金水区", "二七区", "中原区", "郑东新区"},
            {"陕西省", "西安市", "雁塔区", "碑林区", "未央区", "长安区"},
            {"", "重庆市", "渝中区", "江北区", "沙坪坝区", "九龙坡区"},
            {"湖南省", "长沙市", "岳麓区", "芙蓉区", "天心区", "雨花区"},
            {"福建省", "厦门市", "思明区", "湖里区", "集美区", "海沧区"},
            {"辽宁省", "沈阳市", "和平区", "沈河区", "皇姑区", "铁西区"},
            {"安徽省", "合肥市", "蜀山区", "包河区", "庐阳区", "瑶海区"},
            {"云南省", "昆明市", "五华区", "盘龙区", "官渡区", "西山区"},
            {"河北省", "石家庄市", "长安区", "桥西区", "裕华区", "新华区"},
            {"广西壮族自治区", "南宁市", "青秀区", "兴宁区", "西乡塘区", "江南区"},
    };
    static final String[] COUNTIES = {"河北省保定市清苑区", "山东省菏泽市曹县", "河南省周口市鹿邑县", "四川省南充市仪陇县",
            "湖南省邵阳市隆回县", "安徽省阜阳市临泉县", "江西省赣州市于都县", "甘肃省天水市秦安县"};
    static final String[] TOWNS = {"城关镇", "李楼乡", "白马镇", "新集镇", "东关街道", "柳河镇", "双桥乡", "花园镇"};
    static final String[] VILLAGES = {"王庄村", "柳树湾村", "前进村", "高家岭村", "红星村", "杨柳村", "东河村", "石桥村"};
    static final String[] ROADS = {"建设路", "人民路", "解放大道", "中山东路", "文三路", "科技园南路", "滨江大道", "长江路",
            "幸福街", "东风巷", "和平里大街", "学府路", "光明路", "新华路", "青年路", "金桥路", "望江路", "丰泽街", "朝阳北路",
            "五一路", "迎宾大道", "桂花巷", "育才路", "花园街", "跃进路", "春晖路", "工业大道", "体育西路", "延安西路", "北京路"};
    static final String[] COMPLEXES = {"阳光花园", "翠湖小区", "金色家园", "万科城", "碧水苑", "幸福里小区", "龙湖天街",
            "绿城桂花苑", "锦绣江南", "东方明珠花园", "世纪华庭", "丽景湾", "书香门第", "清华园小区", "和谐家园", "保利中央公园",
            "融创玖樾府", "中海国际社区", "滨江一号", "富力新城", "华润二十四城", "紫荆公寓", "恒大名都", "金地格林小城"};
    static final String[] DOMAINS = {"qq.com", "163.com", "126.com", "gmail.com", "sina.com", "foxmail.com", "hotmail.com",
            "outlook.com", "139.com", "yeah.net"};
    static final String[] REGION_CODES = {"110105", "110108", "310115", "440305", "440106", "330106", "320106", "510107",
            "420111", "370202", "410105", "610113", "500103", "430104", "350203", "210102", "340104", "530102", "130102",
            "450103", "130608", "371721", "411628", "511324", "430524", "341221", "360731", "620522"};
    static final String[] MOBILE_PREFIX = {"130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151",
            "152", "153", "155", "156", "157", "158", "159", "166", "176", "177", "178", "180", "181", "182", "183", "185",
            "186", "187", "188", "189", "191", "195", "198", "199"};
    static final String[] HEALTH = {"我有高血压，常年吃药", "去年做过心脏搭桥手术", "有二型糖尿病", "身体不太好，肾功能有点问题",
            "怀孕五个月了", "之前得过乳腺癌，现在复查都正常", "有哮喘", "腰椎间盘突出，干不了重活"};
    static final String[] INCOME = {"月收入八千左右", "年收入大概二十万", "每个月工资到手6500元", "退休金每月4200",
            "做生意一年流水三百多万", "月薪1.2万", "家庭年收入40万", "目前失业没有收入"};
    static final String[] ASKS = {"想申请一张信用卡", "想问问房贷能不能提前还", "卡被冻结了想解冻", "想办个大额存单",
            "要改一下预留手机号", "信用卡账单寄到新地址", "想咨询一下消费贷额度", "上个月有一笔扣款不认识",
            "想开通手机银行", "申请个税专项附加扣除需要什么材料", "想了解一下养老理财", "帮我查下贷款审批进度"};
    static final String[] RELATIVES = {"我妈", "我爸", "我老公", "我老婆", "我爱人", "我儿子", "我女儿", "我母亲", "我父亲",
            "我姐", "我哥", "我弟弟", "我妹妹", "我岳父", "我婆婆"};

    private final Random rnd;
    private final StringBuilder text = new StringBuilder();
    private final List<int[]> spans = new ArrayList<>();
    private final List<String> kinds = new ArrayList<>();

    MaskingSetGenerator(long seed) {
        this.rnd = new Random(seed);
    }

    private String pick(String[] a) {
        return a[rnd.nextInt(a.length)];
    }

    private boolean chance(int percent) {
        return rnd.nextInt(100) < percent;
    }

    private void say(String s) {
        text.append(s);
    }

    private void pii(PiiKind kind, String value) {
        spans.add(new int[] {text.length(), text.length() + value.length()});
        kinds.add(kind.name());
        text.append(value);
    }

    String name() {
        return pick(SURNAMES) + pick(GIVEN);
    }

    String mobile() {
        String m = pick(MOBILE_PREFIX) + String.format("%08d", rnd.nextInt(100_000_000));
        return switch (rnd.nextInt(6)) {
            case 0 -> m.substring(0, 3) + " " + m.substring(3, 7) + " " + m.substring(7);
            case 1 -> m.substring(0, 3) + "-" + m.substring(3, 7) + "-" + m.substring(7);
            default -> m;
        };
    }

    String email(String hint) {
        String local = switch (rnd.nextInt(4)) {
            case 0 -> hint + rnd.nextInt(1000);
            case 1 -> String.valueOf(100_000_000L + rnd.nextInt(900_000_000));
            case 2 -> hint + "." + (char) ('a' + rnd.nextInt(26)) + (char) ('a' + rnd.nextInt(26));
            default -> hint + "_" + (1970 + rnd.nextInt(40));
        };
        return local + "@" + pick(DOMAINS);
    }

    String first17() {
        int year = 1950 + rnd.nextInt(55);
        int month = 1 + rnd.nextInt(12);
        int day = 1 + rnd.nextInt(28);
        return pick(REGION_CODES) + year + String.format("%02d%02d", month, day) + String.format("%03d", rnd.nextInt(1000));
    }

    String validId() {
        return ResidentIdNumber.withCheckCharacter(first17());
    }

    /** An 18-character number with a real region and birth date whose check character is wrong (a typo). */
    String mistypedId() {
        String valid = validId();
        if (chance(50)) {
            // one digit of the body changed: the check character no longer fits
            int i = 14 + rnd.nextInt(3);
            char c = valid.charAt(i);
            char d = (char) ('0' + (c - '0' + 1 + rnd.nextInt(8)) % 10);
            String s = valid.substring(0, i) + d + valid.substring(i + 1);
            if (!ResidentIdNumber.isValid(s)) return s;
        }
        char right = valid.charAt(17);
        char wrong;
        do {
            wrong = "0123456789X".charAt(rnd.nextInt(11));
        } while (wrong == right);
        return valid.substring(0, 17) + wrong;
    }

    String card() {
        String prefix = pick(new String[] {"622202", "621700", "622848", "621226", "622588", "623668", "621483", "622260"});
        StringBuilder b = new StringBuilder(prefix);
        int len = chance(70) ? 19 : 16;
        while (b.length() < len - 1) b.append(rnd.nextInt(10));
        String c = BankCardNumber.withLuhnDigit(b.toString());
        if (chance(30)) {
            StringBuilder g = new StringBuilder();
            for (int i = 0; i < c.length(); i += 4) g.append(i == 0 ? "" : " ").append(c, i, Math.min(c.length(), i + 4));
            return g.toString();
        }
        return c;
    }

    String number(int max) {
        return String.valueOf(1 + rnd.nextInt(max));
    }

    /** A street-level address in one of the shapes customers write. */
    String address() {
        String[] r = REGIONS[rnd.nextInt(REGIONS.length)];
        String district = r[2 + rnd.nextInt(4)];
        String admin = switch (rnd.nextInt(4)) {
            case 0 -> r[0] + r[1] + district;
            case 1 -> r[1] + district;
            case 2 -> r[1].replace("市", "") + district;
            default -> district;
        };
        String building = switch (rnd.nextInt(5)) {
            case 0 -> number(30) + "栋" + number(4) + "单元" + number(3) + String.format("%02d", 1 + rnd.nextInt(6)) + "室";
            case 1 -> number(20) + "号楼" + number(6) + "单元" + number(2) + "0" + number(4);
            case 2 -> number(12) + "-" + number(4) + "-" + number(2) + "0" + number(4);
            case 3 -> number(40) + "幢" + number(3) + number(1) + "0" + number(6) + "室";
            default -> number(9) + "#楼" + number(3) + "0" + number(4);
        };
        return switch (rnd.nextInt(7)) {
            case 0 -> admin + pick(ROADS) + number(999) + "号" + pick(COMPLEXES) + building;
            case 1 -> admin + pick(ROADS) + number(300) + "号";
            case 2 -> admin + pick(COMPLEXES) + building;
            case 3 -> pick(COMPLEXES) + building;
            case 4 -> pick(ROADS) + number(500) + "号" + number(20) + "栋" + number(30) + "0" + number(5);
            case 5 -> pick(COUNTIES) + pick(TOWNS) + pick(VILLAGES) + number(12) + "组" + number(80) + "号";
            default -> admin + pick(ROADS) + number(200) + "弄" + number(60) + "号" + number(6) + "0" + number(3) + "室";
        };
    }

    private String pinyinHint() {
        return pick(new String[] {"zhang", "wangwei", "lina", "chenjing", "liuyang", "xiaoming", "sunny", "hao", "lucky",
                "tiger", "mm", "ly", "zhaolei", "happy", "star"});
    }

    private void id() {
        if (chance(40)) pii(PiiKind.RESIDENT_ID_LIKE, mistypedId());
        else pii(PiiKind.RESIDENT_ID, validId());
    }

    /** One customer paragraph; the style decides the order, the cues and the punctuation. */
    void paragraph(int style) {
        String n = name();
        switch (style) {
            case 0 -> { // chatty, cues
                say(pick(new String[] {"你好，", "您好 ", "在吗？", ""}));
                say(pick(new String[] {"我叫", "我是", "本人"}));
                pii(PiiKind.PERSON_NAME, n);
                say("，" + pick(ASKS) + "。我住在");
                pii(PiiKind.ADDRESS, address());
                say("，电话");
                pii(PiiKind.MOBILE, mobile());
                say("，身份证号");
                id();
                say("。" + pick(HEALTH) + "，" + pick(INCOME) + "。");
            }
            case 1 -> { // form-like
                say("姓名：");
                pii(PiiKind.PERSON_NAME, n);
                say(pick(new String[] {"\n", "；", " "}) + "身份证：");
                id();
                say(pick(new String[] {"\n", "；", " "}) + "手机：");
                pii(PiiKind.MOBILE, mobile());
                say(pick(new String[] {"\n", "；", " "}) + "邮箱：");
                pii(PiiKind.EMAIL, email(pinyinHint()));
                say(pick(new String[] {"\n", "；", " "}) + "住址：");
                pii(PiiKind.ADDRESS, address());
                say(pick(new String[] {"\n", "；", " "}) + "收入：" + pick(INCOME) + "；健康状况：" + pick(HEALTH) + "。" + pick(ASKS));
            }
            case 2 -> { // a relative's data
                say(pick(ASKS) + "，是帮" + pick(RELATIVES) + "办的，");
                say(pick(new String[] {"她叫", "他叫", "名字是", "叫"}));
                pii(PiiKind.PERSON_NAME, n);
                say("，身份证");
                id();
                say("，" + pick(new String[] {"家住", "住", "地址是"}));
                pii(PiiKind.ADDRESS, address());
                say("。有事打我电话");
                pii(PiiKind.MOBILE, mobile());
                say("。" + pick(HEALTH) + "。");
            }
            case 3 -> { // delivery of a card
                say("新卡请寄到");
                pii(PiiKind.ADDRESS, address());
                say("，收件人");
                pii(PiiKind.PERSON_NAME, n);
                say("，联系电话");
                pii(PiiKind.MOBILE, mobile());
                say("。原来的卡号是");
                pii(PiiKind.BANK_CARD, card());
                say("，" + pick(INCOME) + "，想顺便提一下额度。");
            }
            case 4 -> { // complaint, no cue before the name
                say("我要投诉！上周在你们" + pick(new String[] {"网点", "支行", "营业厅"}) + "办业务，");
                pii(PiiKind.PERSON_NAME, n);
                say(pick(new String[] {"（本人）", "本人", ""}) + "的卡");
                pii(PiiKind.BANK_CARD, card());
                say("被多扣了钱。我的手机号");
                pii(PiiKind.MOBILE, mobile());
                say("，邮箱");
                pii(PiiKind.EMAIL, email(pinyinHint()));
                say("，请尽快回复。");
            }
            case 5 -> { // listing style, spaces
                pii(PiiKind.PERSON_NAME, n);
                say(" ");
                pii(PiiKind.MOBILE, mobile());
                say(" ");
                pii(PiiKind.ADDRESS, address());
                say(" ");
                id();
                say(" " + pick(ASKS));
            }
            case 6 -> { // title form and loan application
                say("客户经理您好，我是" + pick(new String[] {"来办贷款的", "上次来咨询的", "做个体户的"}));
                pii(PiiKind.PERSON_NAME, n);
                say("，" + pick(HEALTH) + "，" + pick(INCOME) + "。身份证号码是");
                id();
                say("，现在住");
                pii(PiiKind.ADDRESS, address());
                say("，工资卡");
                pii(PiiKind.BANK_CARD, card());
                say("。");
            }
            case 7 -> { // name with 先生/女士, a change of address
                say("我是");
                pii(PiiKind.PERSON_NAME, n);
                say(pick(new String[] {"先生", "女士", ""}) + "，地址变更了，新地址：");
                pii(PiiKind.ADDRESS, address());
                say("。旧的手机号停用了，新号");
                pii(PiiKind.MOBILE, mobile());
                say("，证件号");
                id();
                say("。");
            }
            case 8 -> { // the name appears after the ask, written as "X的账户"
                say(pick(ASKS) + "。账户是");
                pii(PiiKind.PERSON_NAME, n);
                say("的，卡号");
                pii(PiiKind.BANK_CARD, card());
                say("，预留手机");
                pii(PiiKind.MOBILE, mobile());
                say("，");
                id();
                say("。");
            }
            default -> { // dense one-liner with English punctuation
                say("户名:");
                pii(PiiKind.PERSON_NAME, n);
                say(",证件:");
                id();
                say(",电话:");
                pii(PiiKind.MOBILE, mobile());
                say(",mail:");
                pii(PiiKind.EMAIL, email(pinyinHint()));
                say(",addr:");
                pii(PiiKind.ADDRESS, address());
            }
        }
    }

    /** Clean bank questions: no personal data, but the bank words NER likes to take for names and places. */
    static final String[] BANKS = {"工商银行", "平安银行", "招商银行", "建设银行", "农业银行", "中国银行", "交通银行", "邮储银行",
            "中信银行", "光大银行", "民生银行", "兴业银行", "浦发银行", "华夏银行", "广发银行", "宁波银行", "北京银行", "上海银行"};
    static final String[] PRODUCTS = {"金葵花理财", "朝朝宝", "龙卡信用卡", "薪金煲", "e招贷", "快e贷", "闪电贷", "金葵花卡",
            "白金信用卡", "大额存单", "七天通知存款", "养老理财", "手机银行", "掌上生活", "平安口袋银行", "个人养老金账户",
            "ETC卡", "社保卡", "房贷", "车贷", "消费贷", "信用卡分期", "结构性存款", "国债", "黄金积存", "外汇买卖"};
    static final String[] CLEAN = {
            "请问%s的%s怎么办理？", "%s和%s哪个利率高？", "客户经理说%s可以提前支取，是真的吗？", "%s的年费怎么收？",
            "%s申请要多久审批？", "我在%s办的%s，能在你们这里还款吗？", "%s有没有新客专享？", "%s的额度怎么提升？",
            "%s忘记密码了怎么重置？", "%s的营业时间是几点到几点？", "%s转账到%s要手续费吗？", "请问%s支持提前还款吗？",
            "%s的客户经理能上门服务吗？", "%s的积分怎么兑换？", "%s到期后自动续存吗？", "%s的风险等级是多少？"};
    static final String[] CLEAN_PLAIN = {
            "信用卡还款日是每月几号？逾期了怎么办", "我想咨询一下个人住房贷款的利率", "手机银行登录不上去，提示密码错误",
            "北京朝阳区有哪些网点周末营业？", "上海的分行能办港币兑换吗", "深圳南山区的支行有保险箱业务吗",
            "杭州西湖区附近的ATM能存款吗", "张经理上次推荐的理财到期了", "李行长说的那个活动还有吗", "王老师让我来问问助学贷款",
            "我在广州出差，卡被吞了怎么办", "请问成都有你们的分行吗", "客户经理小刘说可以免年费", "陈主任介绍我来开户",
            "平安是福，请问有意外险吗", "招商引资项目的贷款找哪个部门", "工商户经营贷需要什么材料",
            "金葵花客户可以享受哪些权益？", "王牌产品是哪一款", "我想给孩子开个账户，要带户口本吗", "境外刷卡有手续费吗",
            "养老金每个月几号到账", "信用卡额度怎么临时提高", "理财产品赎回几天到账", "存款保险最高赔付多少",
            "房贷利率下调了，我的房贷会自动调整吗", "公积金贷款和商业贷款能组合吗", "ETC怎么办理", "社保卡激活需要去哪里",
            "外币现钞兑换要提前预约吗", "定期存款提前支取利息怎么算", "手机号换了，网银的预留手机号怎么改",
            "大额存单能转让吗", "华夏银行的卡能绑定你们的手机银行吗", "中国人民银行的征信报告怎么查", "长江路支行几点关门",
            "东方红的基金在你们这能买吗", "国寿的保险可以在网点买吗", "南京东路营业部停车方便吗", "建国门支行搬到哪里了",
            "请问人民币跨境支付系统是什么", "我在中关村上班，附近哪个网点人少", "黄金积存怎么买", "美元存款利率多少",
            "怎么查看电子回单", "开通短信通知每月收多少钱", "信用卡账单分期手续费怎么算", "如何注销不用的银行卡",
            "银行卡被冻结了是什么原因", "转账转错了能追回吗", "为什么我的卡不能网上支付", "数字人民币钱包怎么开通"};

    void clean() {
        if (chance(45)) {
            say(CLEAN_PLAIN[rnd.nextInt(CLEAN_PLAIN.length)]);
            return;
        }
        String t = CLEAN[rnd.nextInt(CLEAN.length)];
        int slots = t.split("%s", -1).length - 1;
        Object[] args = new Object[slots];
        for (int i = 0; i < slots; i++) args[i] = chance(50) ? pick(BANKS) : pick(PRODUCTS);
        say(String.format(t, args));
    }

    private ObjectNode row(JsonMapper json, String id) {
        ObjectNode o = json.createObjectNode();
        o.put("id", id);
        o.put("text", text.toString());
        ArrayNode a = o.putArray("pii");
        for (int i = 0; i < spans.size(); i++) {
            ObjectNode s = a.addObject();
            s.put("kind", kinds.get(i));
            s.put("start", spans.get(i)[0]);
            s.put("end", spans.get(i)[1]);
            s.put("value", text.substring(spans.get(i)[0], spans.get(i)[1]));
        }
        text.setLength(0);
        spans.clear();
        kinds.clear();
        return o;
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "src/test/resources/pii/masking-set.jsonl");
        JsonMapper json = JsonMapper.builder().build();
        MaskingSetGenerator g = new MaskingSetGenerator(20261206L);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            g.paragraph(i % 10);
            lines.add(json.writeValueAsString(g.row(json, String.format("personal-%03d", i + 1))));
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        int c = 0;
        while (c < 300) {
            g.clean();
            if (!seen.add(g.text.toString())) {
                g.text.setLength(0);
                continue;
            }
            lines.add(json.writeValueAsString(g.row(json, String.format("clean-%03d", ++c))));
        }
        Files.createDirectories(out.getParent());
        Files.write(out, lines, StandardCharsets.UTF_8);
        System.out.println(lines.size() + " rows -> " + out);
    }
}
