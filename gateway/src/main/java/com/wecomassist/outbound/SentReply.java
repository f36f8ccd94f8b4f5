package com.wecomassist.outbound;

import java.util.List;

/** What was sent: our reply id and the WeCom msgid of each part, in order. */
public record SentReply(String replyId, List<String> wecomMessageIds) {

    public SentReply {
        wecomMessageIds = List.copyOf(wecomMessageIds);
    }
}
