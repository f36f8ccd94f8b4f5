package com.wecomassist.simulator;

import java.util.Map;
import java.util.function.Supplier;
import org.springframework.context.annotation.Conditional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The simulated WeCom server API, at the same paths under {@code /simulator} as under
 * {@code https://qyapi.weixin.qq.com}: point {@code assist.wecom.api-base-url} (or anything that
 * speaks WeCom) at {@code http://host:port/simulator}. Answers are always HTTP 200 with an errcode,
 * as WeCom's are.
 */
@RestController
@Conditional(SimulatorMode.class)
@RequestMapping("/simulator/cgi-bin")
class SimulatorApiController {

    private final WecomSimulator simulator;

    SimulatorApiController(WecomSimulator simulator) {
        this.simulator = simulator;
    }

    @GetMapping("/gettoken")
    Map<String, Object> getToken(@RequestParam(required = false) String corpid,
                                 @RequestParam(required = false) String corpsecret) {
        return simulator.getToken(corpid, corpsecret).body();
    }

    @PostMapping("/kf/sync_msg")
    Map<String, Object> syncMsg(@RequestParam(name = "access_token", required = false) String token,
                                @RequestBody Map<String, Object> body) {
        return admitted("kf/sync_msg", token,
                () -> simulator.syncMsg(str(body, "open_kfid"), str(body, "cursor"), num(body, "limit", 1000)));
    }

    @PostMapping("/kf/send_msg")
    Map<String, Object> sendMsg(@RequestParam(name = "access_token", required = false) String token,
                                @RequestBody Map<String, Object> body) {
        return admitted("kf/send_msg", token, () -> simulator.sendMsg(str(body, "open_kfid"), str(body, "touser"),
                str(body, "msgid"), str(body, "msgtype"), textContent(body), menu(body)));
    }

    @PostMapping("/kf/send_msg_on_event")
    Map<String, Object> sendMsgOnEvent(@RequestParam(name = "access_token", required = false) String token,
                                       @RequestBody Map<String, Object> body) {
        return admitted("kf/send_msg_on_event", token,
                () -> simulator.sendMsgOnEvent(str(body, "code"), str(body, "msgid"), textContent(body)));
    }

    @PostMapping("/kf/service_state/get")
    Map<String, Object> serviceState(@RequestParam(name = "access_token", required = false) String token,
                                     @RequestBody Map<String, Object> body) {
        return admitted("kf/service_state/get", token,
                () -> simulator.serviceState(str(body, "open_kfid"), str(body, "external_userid")));
    }

    @PostMapping("/kf/service_state/trans")
    Map<String, Object> transfer(@RequestParam(name = "access_token", required = false) String token,
                                 @RequestBody Map<String, Object> body) {
        return admitted("kf/service_state/trans", token, () -> simulator.transfer(str(body, "open_kfid"),
                str(body, "external_userid"), num(body, "service_state", -1), str(body, "servicer_userid")));
    }

    /** Checks the token (and injected faults) as WeCom would, then makes the call. */
    private Map<String, Object> admitted(String api, String token, Supplier<WecomSimulator.Answer> call) {
        WecomSimulator.Answer refused = simulator.admit(api, token);
        return (refused != null ? refused : call.get()).body();
    }

    private static String textContent(Map<String, Object> body) {
        return body.get("text") instanceof Map<?, ?> text && text.get("content") != null
                ? text.get("content").toString() : null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> menu(Map<String, Object> body) {
        return body.get("msgmenu") instanceof Map<?, ?> menu ? (Map<String, Object>) menu : null;
    }

    private static String str(Map<String, Object> body, String field) {
        Object value = body.get(field);
        return value == null ? null : value.toString();
    }

    private static int num(Map<String, Object> body, String field, int fallback) {
        Object value = body.get(field);
        if (value instanceof Number n) {
            return n.intValue();
        }
        try {
            return value == null ? fallback : Integer.parseInt(value.toString());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
