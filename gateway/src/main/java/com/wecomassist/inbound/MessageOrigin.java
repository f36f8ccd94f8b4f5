package com.wecomassist.inbound;

/** Who produced an inbound message. */
public enum MessageOrigin {
    /** The WeChat customer (sync_msg origin 3). */
    CUSTOMER,
    /** A human servicer typing in the WeCom client (origin 5): recorded, never answered by the bot. */
    SERVICER,
    /** WeCom itself: session events (origin 4). */
    SYSTEM,
    /** An employee writing to the self-built app. */
    EMPLOYEE
}
