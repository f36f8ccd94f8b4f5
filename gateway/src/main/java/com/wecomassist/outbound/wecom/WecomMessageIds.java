package com.wecomassist.outbound.wecom;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The WeCom msgid for part {@code n} of a reply: a hash of our reply id, so it is the same on
 * every retry and on every instance, fits WeCom's limit (≤ 32 bytes of [0-9a-zA-Z_-]) and says
 * nothing about the customer.
 */
final class WecomMessageIds {

    private WecomMessageIds() {
    }

    static String forPart(String replyId, int part) {
        if (part < 0 || part > 999) {
            throw new IllegalArgumentException("part out of range: " + part);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(replyId.getBytes(StandardCharsets.UTF_8));
            String base = Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 27);
            return base + "_" + part;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
