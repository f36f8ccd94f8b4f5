package com.wecomassist.simulator.contacts;

import java.util.List;
import java.util.Random;

/**
 * The simulated bank's 客户联系 demo data, generated (the same each run): account managers (管户) and
 * 直营 managers, one of whom has left, each with a few customers of made-up names; a corporate tag
 * library; the channel codes (State) of their 「联系我」 QR codes.
 */
final class DemoEnterprise {

    record Employee(String userid, String name, String role, boolean resigned) {
    }

    record TagGroup(String name, List<String> tags) {
    }

    static final String ACCOUNT_MANAGER = "管户客户经理";
    static final String DIRECT = "直营客户经理";

    static final List<Employee> EMPLOYEES = List.of(
            new Employee("zhangwei", "张伟", ACCOUNT_MANAGER, false),
            new Employee("liuyang", "刘洋", ACCOUNT_MANAGER, false),
            new Employee("chenjing", "陈静", ACCOUNT_MANAGER, false),
            new Employee("zhaolei", "赵磊", DIRECT, false),
            new Employee("wangfang", "王芳", DIRECT, false),
            new Employee("zhoujie", "周杰", ACCOUNT_MANAGER, true));

    static final List<TagGroup> TAG_GROUPS = List.of(
            new TagGroup("客户等级", List.of("普通客户", "金卡客户", "白金客户", "私行客户")),
            new TagGroup("关注产品", List.of("理财", "基金", "定期存款", "个人贷款", "信用卡")),
            new TagGroup("来源渠道", List.of("网点开户", "线上活动", "老客户转介绍")));

    /** Channel codes of the 「联系我」 QR codes and links customers come through (State, ≤ 30 characters). */
    static final List<String> STATES = List.of("branch_pudong", "qr_campaign_2026q4", "referral_card", "");

    static final int CUSTOMERS_PER_EMPLOYEE = 8;

    private static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔汤";
    private static final String GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚华玲英红燕欣怡涵轩浩然雨桐远佳宇航晨曦俊博文斌鹏辉琳婷雪梅颖倩莉秀兰志峰嘉";
    private static final String ID_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private DemoEnterprise() {
    }

    static String name(Random random) {
        StringBuilder name = new StringBuilder().append(SURNAMES.charAt(random.nextInt(SURNAMES.length())));
        int given = random.nextInt(3) == 0 ? 1 : 2;
        for (int i = 0; i < given; i++) {
            name.append(GIVEN.charAt(random.nextInt(GIVEN.length())));
        }
        return name.toString();
    }

    /** An id shaped like WeCom's: a two-letter prefix ("wm" customer, "et" tag, "o" unionid…) and letters and digits. */
    static String id(String prefix, int length, Random random) {
        StringBuilder id = new StringBuilder(prefix);
        while (id.length() < length) {
            id.append(ID_LETTERS.charAt(random.nextInt(ID_LETTERS.length())));
        }
        return id.toString();
    }
}
