package com.wecomassist.compliance.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Benchmark input: replies of the kind a bank's WeCom assistant drafts, written for this
 * benchmark (mostly clean service text, a few with violations or personal data, as in real
 * traffic; about 75 characters on average, close to the real 95516 answers in
 * {@code ../shared/eval/unionpay/kb.jsonl}: mean 82, median 66), and the location of the 65,143-term lexicon, which is evaluation data and is read
 * from {@code ../shared/eval} at run time, never copied into the project.
 */
final class Drafts {

    static final String LEXICON_PROPERTY = "compliance.lexicon";
    static final String DEFAULT_LEXICON = "../shared/eval/compliance/lexicons/houbb/dict_v20240407.txt";

    static final List<String> TEXTS = List.of(
            "您好，信用卡挂失可以通过手机银行“我的-卡片管理-挂失”办理，也可以拨打信用卡背面的客服电话，挂失后原卡将无法使用，补卡一般在7个工作日内寄出。",
            "您好，借记卡跨行取款的手续费以发卡行公布的标准为准，同城本行ATM取款一般免费，异地或境外取款可能另有收费。如需了解具体收费，请在手机银行“服务-收费标准”中查询，或到就近网点咨询。",
            "您好，您反映的重复扣款已为您登记，我们会在3个工作日内联系收单机构核实处理，如确认重复扣款，款项将原路退回，处理结果将通过短信通知您，请保持手机畅通。给您带来不便，敬请谅解。",
            "您好，境外消费时请优先选择当地货币结算，交易将按清算机构当日汇率折算入账，具体以账单为准。出境前可在手机银行开通境外交易功能，并确认卡片有效期和交易限额，祝您旅途愉快。",
            "您好，短信验证码有效期一般为五分钟，请勿向任何人透露验证码，银行工作人员也不会向您索要。若长时间收不到，请确认手机信号、欠费停机和短信拦截设置后重新获取。",
            "您好，信用卡账单日后、到期还款日前可以办理账单分期，分期手续费按期收取，提前还款时已收取的手续费不退。具体期数和费率请以办理页面显示为准，办理前请仔细阅读相关协议。",
            "推荐您关注这款一年期净值型理财产品，业绩比较基准3.0%-3.6%，风险等级为二级（中低），起购金额1万元，适合风险承受能力为稳健型及以上的客户，可在手机银行“理财”频道查看产品说明书。",
            "您好，您的卡号6217000000000006已办理解挂，卡片可正常使用。为保障资金安全，建议您开启交易短信提醒，如有疑问可回复本消息或拨打客服热线。",
            "您好，最低还款额一般为账单金额的10%加上分期应还部分，按最低还款额还款不会被记为逾期、不影响信用记录，但未还部分会从记账日起计收循环利息，建议您尽量全额还款。",
            "您好，手机银行登录密码连续输错5次将被锁定，次日自动解锁，也可以通过“忘记密码”重置，重置时需要验证身份证和预留手机号。",
            "您好，个人征信报告可以在中国人民银行征信中心网站或本行手机银行查询，每年有两次免费查询机会。如发现记录有误，可以向征信中心或本行提出异议申请，我们会在规定时间内核查并答复。",
            "这款产品保本保收益，比存定期划算多了，名额有限，先到先得，您抓紧时间认购，晚了就没有了。",
            "您好，存款保险实行限额偿付，同一存款人在同一家银行所有存款账户的本金和利息合并计算，最高偿付限额为人民币50万元。理财产品、基金等不属于存款，不在存款保险保障范围内。",
            "您好，为保障资金安全，我们不会通过电话或微信向您索要密码、验证码，也不会要求您向个人账户转账，请谨防诈骗。",
            "您好，网上支付时提示“交易失败，请联系发卡行”，通常是卡片未开通网上支付功能或超出单笔、单日限额，请在手机银行“支付设置”中开通或调整限额后重试。如仍失败，请记下错误提示联系我们。",
            "您好，已为您登记回电，客户经理会在今天下午两点到五点之间联系您，您预留的手机号是13912345678，如需修改请告诉我们，感谢您的耐心等待。",
            "您好，第一次使用云闪付绑卡时需要验证卡片信息和预留手机号，请按页面提示完成，绑卡成功后即可用于扫码支付和线下交易。如提示信息不符，请先到发卡行核对预留信息。",
            "您好，贷款申请提交后会在1至3个工作日内完成审批，审批结果以短信通知为准，额度和利率根据您的收入、负债和信用情况综合评估确定，请如实填写申请资料。",
            "您好，您咨询的大额存单产品三年期年利率为2.15%，20万元起存，到期自动转存，可在营业时间内通过手机银行购买。",
            "您好，如需转账到他行账户，可使用手机银行的“转账汇款”，实时到账的单笔限额默认为5万元，可在安全中心调整。转账前请仔细核对收款人姓名和账号，谨防电信诈骗。");

    private Drafts() {
    }

    static int utf8Bytes() {
        int n = 0;
        for (String t : TEXTS) n += t.getBytes(StandardCharsets.UTF_8).length;
        return n;
    }

    /** The lexicon file, or an explanation of where it was looked for. */
    static Path lexicon() {
        String configured = System.getProperty(LEXICON_PROPERTY);
        Path p = Path.of(configured != null ? configured : DEFAULT_LEXICON).toAbsolutePath().normalize();
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("the 65,143-term lexicon is missing: looked for " + p
                    + " (evaluation data in ../shared/eval, not shipped with the project; set -D"
                    + LEXICON_PROPERTY + "=PATH to point at dict_v20240407.txt)");
        }
        return p;
    }

    static List<String> lexiconTerms() throws java.io.IOException {
        return Files.readAllLines(lexicon(), StandardCharsets.UTF_8).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
