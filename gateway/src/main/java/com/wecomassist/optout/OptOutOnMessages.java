package com.wecomassist.optout;

import com.wecomassist.conversation.CustomerWrote;
import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * A customer who writes an opt-out phrase to 微信客服 ({@link OptOutPhrases}: the whole message) is opted out
 * as of their message. The message is answered as any other: this listener only keeps them out of the
 * strategies.
 */
public class OptOutOnMessages implements CustomerWrote {

    private final OptOutDesk desk;
    private final OptOutPhrases phrases;

    public OptOutOnMessages(OptOutDesk desk, OptOutPhrases phrases) {
        this.desk = desk;
        this.phrases = phrases;
    }

    @Override
    public Mono<Void> customerWrote(String externalUserId, Instant at, String text) {
        return phrases.match(text)
                .map(phrase -> desk.optOut(new OptOut(externalUserId, OptOut.Source.CUSTOMER_MESSAGE,
                        "wrote " + phrase, "customer", at)).then())
                .orElse(Mono.empty());
    }
}
