package com.wecomassist.outreach;

import com.wecomassist.optout.OptOutPhrases;
import com.wecomassist.conversation.CustomerWrote;
import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * 互动 for the tests: a customer who writes to 微信客服 after an outreach message reached them replied
 * (WeCom's external_userid is the same customer in 微信客服 and 客户联系). What they write to an employee
 * in 客户联系 the gateway does not see (that needs WeCom's chat archive): the bank's archive tells it as an
 * event ({@link OutreachOnEvents}).
 */
public class OutreachOnReplies implements CustomerWrote {

    private final OutreachEngine engine;
    private final OptOutPhrases optOuts;

    public OutreachOnReplies(OutreachEngine engine, OptOutPhrases optOuts) {
        this.engine = engine;
        this.optOuts = optOuts;
    }

    /** A reply that only opts out (退订) is no 互动: it is the opposite, and the opt-out is recorded apart. */
    @Override
    public Mono<Void> customerWrote(String externalUserId, Instant at, String text) {
        if (optOuts.match(text).isPresent()) {
            return Mono.empty();
        }
        return engine.replied(externalUserId, at);
    }
}
