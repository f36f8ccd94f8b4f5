package com.wecomassist.draft;

import java.util.List;

/** Knowledge-base entries the drafting tests share. */
public final class Sources {

    public static final DraftSource CREDIT_CARD_FEE = new DraftSource("kb-101", 3, "信用卡年费怎么收？",
            "本行标准信用卡首年免年费，当年刷卡满6次即免次年年费。");
    public static final DraftSource DEBIT_CARD_FEE = new DraftSource("kb-102", 1, "借记卡年费怎么收？",
            "本行借记卡免收年费和小额账户管理费。");
    public static final DraftSource CD_RATE = new DraftSource("kb-201", 2, "大额存单利率是多少？",
            "三年期大额存单年利率为2.15%，起存金额20万元，可在手机银行“存款”栏目购买。");

    public static final List<DraftSource> CARD_FEES = List.of(CREDIT_CARD_FEE, DEBIT_CARD_FEE);

    /** What the KB drafter writes for {@link #CREDIT_CARD_FEE} in a running conversation. */
    public static final String CREDIT_CARD_FEE_KB_REPLY = "本行标准信用卡首年免年费，当年刷卡满6次即免次年年费。\n\n"
            + "如还有其他问题，欢迎继续咨询；如需人工服务，请回复“人工”。";

    public static final String HANDOFF_TEXT = "您的问题需要人工客服为您进一步解答，正在为您转接，请稍候。";

    private Sources() {
    }

    public static DraftRequest ask(String text, List<DraftSource> sources) {
        return new DraftRequest("wkBank01/wmCustomer01", text, sources, false);
    }
}
