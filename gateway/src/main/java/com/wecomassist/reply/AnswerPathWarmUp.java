package com.wecomassist.reply;

import com.wecomassist.compliance.rules.TextKind;
import com.wecomassist.comply.ComplianceInForce;
import com.wecomassist.inbound.InboundProperties;
import com.wecomassist.retrieve.Retriever;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ApplicationArguments;

/**
 * Runs retrieval (query embedding, vector and keyword search, fusion) and the compliance layers (rules,
 * sentence embeddings) on made-up customer questions and drafts before the instance reports ready, so
 * that the first customers after a start or a rolling deploy do not wait for the JIT and the embedding
 * model's first inferences. Nothing is recorded: the retriever only reads, and the compliance layers are
 * asked directly, without the model's second opinion (no model call, nothing on the officer's lists).
 * Bounded by {@code assist.inbound.warm-up-time}, like the callbacks' warm-up; off with it.
 */
final class AnswerPathWarmUp implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AnswerPathWarmUp.class);

    /** Everyday questions of a bank's customers, varied by a lead-in so that no two texts are the same. */
    static final List<String> QUESTIONS = List.of("信用卡年费怎么收", "转账限额是多少", "怎么修改登录密码",
            "银行卡丢了怎么挂失", "定期存款利率多少", "理财产品怎么赎回", "房贷可以提前还款吗", "手机银行怎么开通",
            "跨行转账要手续费吗", "信用卡账单日怎么改", "怎么查询余额", "外币怎么兑换");
    static final List<String> LEAD_INS = List.of("你好，", "请问", "麻烦问下，", "我想知道", "");
    /** Drafts as an answer would read: a plain one and one with a product and a risk notice. */
    static final List<String> DRAFTS = List.of(
            "您好，信用卡年费以卡片等级为准，可在手机银行的信用卡页面查看，如有疑问请致电客服热线。",
            "该理财产品为中低风险等级，业绩比较基准不代表实际收益，理财非存款，产品有风险，投资须谨慎。",
            "转账限额可在手机银行“安全设置”中调整，单笔及单日限额以页面显示为准。");

    private final Retriever retriever;
    private final ComplianceInForce compliance;
    private final InboundProperties settings;

    AnswerPathWarmUp(Retriever retriever, ComplianceInForce compliance, InboundProperties settings) {
        this.retriever = retriever;
        this.compliance = compliance;
        this.settings = settings;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (settings.warmUpCallbacks() == 0 || settings.warmUpTime().isZero()) {
            return;
        }
        long started = System.nanoTime();
        int done = warmUp(settings.warmUpTime());
        log.info("Warm-up: {} retrievals and compliance checks in {} ms", done,
                Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    /** Questions retrieved and drafts checked, one after the other, until all were or the time is up. */
    int warmUp(Duration time) {
        long deadline = System.nanoTime() + time.toNanos();
        int done = 0;
        try {
            for (String leadIn : LEAD_INS) {
                for (String question : QUESTIONS) {
                    if (System.nanoTime() > deadline) {
                        return done;
                    }
                    // main thread, before readiness: blocking here holds no event loop
                    retriever.retrieve(leadIn + question + "？", 3).block(time);
                    compliance.checker().check(leadIn + DRAFTS.get(done % DRAFTS.size()), TextKind.AI_DRAFT);
                    done++;
                }
            }
        } catch (RuntimeException e) {
            // a warm-up that could not run leaves slower first answers, not a broken instance
            log.warn("Warm-up of retrieval and compliance stopped: {}", e.toString());
        }
        return done;
    }
}
