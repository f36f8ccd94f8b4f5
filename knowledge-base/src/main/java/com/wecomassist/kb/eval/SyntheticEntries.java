package com.wecomassist.kb.eval;

import com.wecomassist.kb.entry.Entry;
import com.wecomassist.kb.entry.EntryStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates any number of distinct, plausible bank FAQ entries for load and latency benchmarks:
 * product × topic × region × branch combinations, each with one variant and a short answer. The
 * text is realistic enough that tokenisation, BM25 posting lists and the vector graph behave as
 * they would on a large real knowledge base (many near-duplicates that differ in one detail).
 */
public final class SyntheticEntries {

    private static final String[] PRODUCTS = {"借记卡", "信用卡", "手机银行", "网上银行", "定期存款", "大额存单", "理财产品",
        "基金定投", "个人住房贷款", "个人消费贷款", "经营贷款", "外币兑换", "境外汇款", "个人养老金", "社保卡", "ETC",
        "数字人民币钱包", "企业微信客服", "代发工资卡", "联名信用卡"};
    private static final String[] TOPICS = {"怎么办理", "需要带什么材料", "手续费是多少", "限额是多少", "多久能到账",
        "可以提前终止吗", "丢了怎么挂失", "密码忘了怎么办", "怎么注销", "利率是多少", "怎么查询明细", "被冻结了怎么处理",
        "能在境外使用吗", "怎么修改预留手机号", "有什么优惠活动", "年费怎么收"};
    private static final String[] REGIONS = {"北京", "上海", "广州", "深圳", "杭州", "南京", "成都", "武汉", "西安", "重庆",
        "天津", "苏州", "长沙", "郑州", "青岛", "厦门", "合肥", "福州", "济南", "昆明"};
    private static final String[] VARIANT_OPENERS = {"请问", "想问一下", "你好，", "麻烦问下", "咨询一下"};

    private SyntheticEntries() {
    }

    public static List<Entry> generate(int count, long seed) {
        Random r = new Random(seed);
        List<Entry> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String product = PRODUCTS[i % PRODUCTS.length];
            String topic = TOPICS[(i / PRODUCTS.length) % TOPICS.length];
            String region = REGIONS[(i / (PRODUCTS.length * TOPICS.length)) % REGIONS.length];
            int branch = i / (PRODUCTS.length * TOPICS.length * REGIONS.length) + 1;
            String question = region + "第" + branch + "支行的" + product + topic + "？";
            String variant = VARIANT_OPENERS[r.nextInt(VARIANT_OPENERS.length)] + region + product + topic;
            String answer = region + "第" + branch + "支行" + product + "业务：" + topic.replace("怎么", "可通过手机银行或网点")
                    + "，具体以网点公告为准。";
            out.add(new Entry("syn-" + i, question, List.of(variant), answer, "", product, List.of(product), "wecom",
                    null, null, EntryStatus.PUBLISHED, 0, "", null));
        }
        return out;
    }

    /** Queries in customers' words about random synthetic entries. */
    public static List<String> queries(int count, long seed) {
        Random r = new Random(seed);
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(REGIONS[r.nextInt(REGIONS.length)] + "的" + PRODUCTS[r.nextInt(PRODUCTS.length)]
                    + TOPICS[r.nextInt(TOPICS.length)].replace("怎么", "如何"));
        }
        return out;
    }
}
