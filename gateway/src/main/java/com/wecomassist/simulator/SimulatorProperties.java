package com.wecomassist.simulator;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The built-in WeCom simulator. It runs by itself only in the embedded mode without a WeCom account
 * ({@link SimulatorMode}), serves the WeCom API under {@code /simulator/cgi-bin} and a customer chat
 * page under {@code /simulator}, and posts real encrypted callbacks to the gateway. Its state is
 * bounded: the least recently active customers, the oldest chat lines and the oldest logged messages
 * make room for new ones.
 *
 * @param enabled        null: on exactly in the embedded mode without {@code assist.wecom.corp-id};
 *                       true: on (cluster mode too); false: off
 * @param force          true: run even beside a configured WeCom account (with {@code enabled=true});
 *                       for tests and staging that serve the simulated enterprise as if it were real
 * @param corpId         the simulated enterprise's CorpID
 * @param secret         the secret gettoken accepts; empty: a random one for this run
 * @param token          the callback Token; empty: a random one for this run
 * @param encodingAesKey the callback EncodingAESKey (43 letters and digits); empty: a random one for this run
 * @param openKfIds      the simulated 微信客服 accounts
 * @param accessTokenTtl how long issued access tokens live (WeCom: 7200 s)
 * @param callbackUrls   where callbacks go, taken in turn (as a load balancer in front of several
 *                       instances would); empty: this gateway's own /wecom/callback
 * @param callbackRetries how often a callback that did not get a 200 is re-sent (WeCom: 3)
 * @param maxCustomers   customers kept (state, chat, sent msgids); the least recently active goes first
 * @param maxChatLines   lines kept of each customer's chat (what the page replays), oldest first out
 * @param maxLogMessages messages kept in each account's sync_msg log, oldest first out (WeCom keeps 3 days)
 * @param maxContacts    客户联系 customers kept (seeded and added); adding one more is refused until one is deleted
 * @param maxGroupTasks  企业群发 tasks kept (add_msg_template), the oldest forgotten first
 * @param demoBankSide   true: at start, give the simulated bank its own side too (a roster, 管户 links for the
 *                       account managers' customers, the first directory sync and 30 days of KPIs), where
 *                       nothing is there yet — so the KPI page shows figures in a demo
 */
@ConfigurationProperties(prefix = "assist.simulator", ignoreUnknownFields = false)
public record SimulatorProperties(
        Boolean enabled,
        boolean force,
        @DefaultValue("wwsimulatedbank001") String corpId,
        String secret,
        String token,
        String encodingAesKey,
        @DefaultValue("wkSimulatedBank01") List<String> openKfIds,
        @DefaultValue("2h") Duration accessTokenTtl,
        List<String> callbackUrls,
        @DefaultValue("3") int callbackRetries,
        @DefaultValue("1000") int maxCustomers,
        @DefaultValue("200") int maxChatLines,
        @DefaultValue("10000") int maxLogMessages,
        @DefaultValue("5000") int maxContacts,
        @DefaultValue("20000") int maxGroupTasks,
        @DefaultValue("true") boolean demoBankSide) {

    private static final String LETTERS_AND_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    public SimulatorProperties {
        // No shared demo credentials: anyone who knew them could sign callbacks to a gateway that uses them.
        secret = blank(secret) ? random(32) : secret;
        token = blank(token) ? random(32) : token;
        encodingAesKey = blank(encodingAesKey) ? random(43) : encodingAesKey;
        if (encodingAesKey.length() != 43) {
            throw new IllegalArgumentException("assist.simulator.encoding-aes-key must be exactly 43 characters, not "
                    + encodingAesKey.length());
        }
        if (maxCustomers < 1 || maxChatLines < 1 || maxLogMessages < 1 || maxContacts < 1 || maxGroupTasks < 1) {
            throw new IllegalArgumentException("assist.simulator.max-customers, max-chat-lines, max-log-messages, "
                    + "max-contacts and max-group-tasks must be at least 1");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String random(int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(LETTERS_AND_DIGITS.charAt(RANDOM.nextInt(LETTERS_AND_DIGITS.length())));
        }
        return s.toString();
    }
}
