package com.wecomassist.wecom;

/**
 * A 微信客服 session's state as WeCom reports it: 0 new, 1 bot (智能助手), 2 queued in the pool,
 * 3 a person serves it, 4 ended. The API may send only in 0 and 1.
 */
public record ServiceState(int state, String servicerUserId) {

    public static final int NEW = 0;
    public static final int BOT = 1;
    public static final int QUEUED = 2;
    public static final int HUMAN = 3;
    public static final int ENDED = 4;

    public boolean botMaySend() {
        return state == NEW || state == BOT;
    }
}
