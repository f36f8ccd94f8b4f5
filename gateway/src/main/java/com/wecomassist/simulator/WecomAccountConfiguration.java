package com.wecomassist.simulator;

import com.wecomassist.LocalServerAddress;
import com.wecomassist.wecom.WecomAccount;
import com.wecomassist.wecom.WecomProperties;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Which WeCom account the gateway serves. A configured account must be complete; with none, the
 * built-in simulator stands in, and the log says so. Decided here, beside the simulator, because
 * only this choice knows both: the {@code wecom} package stays unaware that a simulator exists.
 */
@Configuration(proxyBeanMethods = false)
class WecomAccountConfiguration {

    private static final Logger log = LoggerFactory.getLogger(WecomAccountConfiguration.class);

    @Bean
    WecomAccount wecomAccount(WecomProperties wecom, SimulatorProperties simulator, Environment env,
                              LocalServerAddress local) {
        if (wecom.accountConfigured()) {
            List<String> missing = new ArrayList<>();
            if (blank(wecom.token())) {
                missing.add("assist.wecom.token (ASSIST_WECOM_TOKEN)");
            }
            if (blank(wecom.encodingAesKey())) {
                missing.add("assist.wecom.encoding-aes-key (ASSIST_WECOM_ENCODING_AES_KEY)");
            }
            if (blank(wecom.secret())) {
                missing.add("assist.wecom.secret (ASSIST_WECOM_SECRET)");
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException("assist.wecom.corp-id is set, but the WeCom account is incomplete; "
                        + "missing: " + String.join(", ", missing));
            }
            String base = stripSlash(wecom.apiBaseUrl().toString());
            log.info("WeCom account {} at {}", wecom.corpId(), base);
            return new WecomAccount(wecom.corpId(), wecom.token(), wecom.encodingAesKey(), wecom.secret(),
                    wecom.agentId(), () -> base, false);
        }
        if (!SimulatorMode.active(env)) {
            // normally reported before any bean is made (SimulatorMode.Rule); here for a context started without that check
            throw new IllegalStateException(SimulatorMode.noAccount(env));
        }
        log.warn("No WeCom account configured (assist.wecom.corp-id is empty): talking to the built-in WeCom "
                + "simulator. Set ASSIST_WECOM_CORP_ID, ASSIST_WECOM_TOKEN, ASSIST_WECOM_ENCODING_AES_KEY and "
                + "ASSIST_WECOM_SECRET to serve a real 微信客服 account.");
        return new WecomAccount(simulator.corpId(), simulator.token(), simulator.encodingAesKey(), simulator.secret(),
                wecom.agentId(), () -> local.baseUrl() + "/simulator", true);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
