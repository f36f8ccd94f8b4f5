package com.wecomassist.simulator;

import java.time.Instant;

/** One line of a simulated customer's chat window: what the customer sees, plus events. */
public record ChatLine(String from, String text, Instant at, String msgid) {

    public static final String CUSTOMER = "customer";
    public static final String BOT = "bot";
    public static final String SERVICER = "servicer";
    public static final String SYSTEM = "system";
}
