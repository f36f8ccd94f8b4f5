package com.wecomassist.simulator;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The built-in WeCom simulator. It runs when no WeCom account is configured (or when
 * {@code enabled} is true), serves the WeCom API under {@code /simulator/cgi-bin} and a customer
 * chat page under {@code /simulator}, and posts real encrypted callbacks to the gateway.
 *
 * @param enabled        null: on exactly when {@code assist.wecom.corp-id} is empty
 * @param corpId         the simulated enterprise's CorpID
 * @param secret         the secret gettoken accepts
 * @param token          the callback Token
 * @param encodingAesKey the callback EncodingAESKey (43 characters)
 * @param openKfIds      the simulated 微信客服 accounts
 * @param accessTokenTtl how long issued access tokens live (WeCom: 7200 s)
 * @param callbackUrls   where callbacks go, taken in turn (as a load balancer in front of several
 *                       instances would); empty: this gateway's own /wecom/callback
 * @param callbackRetries how often a callback that did not get a 200 is re-sent (WeCom: 3)
 */
@ConfigurationProperties(prefix = "assist.simulator", ignoreUnknownFields = false)
public record SimulatorProperties(
        Boolean enabled,
        @DefaultValue("wwsimulatedbank001") String corpId,
        @DefaultValue("simulator-secret") String secret,
        @DefaultValue("SimulatorToken01") String token,
        @DefaultValue("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG") String encodingAesKey,
        @DefaultValue("wkSimulatedBank01") List<String> openKfIds,
        @DefaultValue("2h") Duration accessTokenTtl,
        List<String> callbackUrls,
        @DefaultValue("3") int callbackRetries) {
}
