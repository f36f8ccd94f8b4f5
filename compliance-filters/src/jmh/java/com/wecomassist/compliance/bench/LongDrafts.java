package com.wecomassist.compliance.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * 300-character drafts for the semantic-layer latency benchmark, written for it: ordinary service
 * sentences, product talk with yields and risk notices, anti-fraud warnings and, in about one
 * draft in ten, a violation worded without the rule pack's terms. Sentences carry numbers
 * (amounts, dates, card tails) drawn at random, so a "novel" draft's sentences are not in the
 * layer's vector cache, as with drafts the model writes for a new question.
 */
final class LongDrafts {

    static final int LENGTH = 300;

    private static final String[] SERVICE = {
            "您好，您尾号%d的信用卡本期账单已出，应还金额以短信为准。",
            "您预约的%d号网点业务已经登记，到店后取号即可办理。",
            "转账限额可以在手机银行安全中心调整，目前单笔上限%d元。",
            "您反映的第%d笔交易我们已经提交核查，两个工作日内回复您。",
            "网点营业时间是工作日九点到十七点，%d号起周六也营业。",
            "您好，退款%d元一般原路退回，到账时间以发卡行为准。",
            "补办借记卡需要本人带身份证到网点，工本费%d元。",
            "感谢您的耐心等待，编号%d的工单已经处理完毕。",
            "请您在手机银行首页点击我的账户，就能看到最近%d天的明细。",
            "您这笔%d元的分期手续费按期收取，详情见分期页面。"};
    private static final String[] PRODUCT = {
            "这款理财产品风险等级为R2，近一年年化收益率约%d.1%%，过往业绩不代表未来表现。",
            "理财非存款，产品有风险，投资须谨慎，%d元起购，请您结合自身情况考虑。",
            "定期存款三年期利率为%d.15%%，到期按约定利率支付利息。",
            "该基金近%d个月净值有所波动，建议您阅读产品说明书后再做决定。",
            "大额存单%d万元起存，可以在手机银行认购，额度以页面为准。"};
    private static final String[] WARNING = {
            "提醒您，本行工作人员不会向您索要验证码，尾号%d的卡片请妥善保管。",
            "银行不存在所谓的安全账户，要求您转账%d元到陌生账户的都是诈骗。",
            "依据规定，单笔%d万元以上的现金交易需要登记，请您理解。"};
    private static final String[] VIOLATION = {
            "这个您放心买，真要亏了那%d块我自己掏钱给您补上。",
            "您把手机上刚收到的那%d位数字念给我，我帮您在后台操作。",
            "就剩最后%d个名额了，今天不定下来明天就没有了。"};

    private LongDrafts() {
    }

    /** {@code count} drafts of about {@link #LENGTH} characters, deterministic for a seed. */
    static List<String> make(int count, long seed) {
        Random r = new Random(seed);
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) out.add(one(r));
        return out;
    }

    static String one(Random r) {
        StringBuilder sb = new StringBuilder(LENGTH + 60);
        boolean violation = r.nextInt(10) == 0;
        int violationAt = violation ? 1 + r.nextInt(4) : -1;
        int sentence = 0;
        while (sb.length() < LENGTH - 20) {
            String[] pool;
            if (sentence == violationAt) pool = VIOLATION;
            else {
                int p = r.nextInt(10);
                pool = p < 6 ? SERVICE : p < 9 ? PRODUCT : WARNING;
            }
            sb.append(String.format(pool[r.nextInt(pool.length)], 2 + r.nextInt(9_997)));
            sentence++;
        }
        return sb.length() > LENGTH ? sb.substring(0, LENGTH) : sb.toString();
    }
}
