package com.wecomassist.simulator;

import java.util.Map;
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
        WecomSimulator.Answer refused = simulator.admit("kf/sync_msg", token);
        if (refused != null) {
            return refused.body();
        }
        return simulator.syncMsg(str(body, "open_kfid"), str(body, "cursor"), num(body, "limit", 1000)).body();
    }

    @PostMapping("/kf/send_msg")
    @SuppressWarnings("unchecked")
    Map<String, Object> sendMsg(@RequestParam(name = "access_token", required = false) String token,
                                @RequestBody Map<String, Object> body) {
        WecomSimulator.Answer refused = simulator.admit("kf/send_msg", token);
        if (refused != null) {
            return refused.body();
        }
        Object text = body.get("text");
        String content = text instanceof Map<?, ?> m ? (String) ((Map<String, Object>) m).get("content") : null;
        return simulator.sendMsg(str(body, "open_kfid"), str(body, "touser"), str(body, "msgid"),
                str(body, "msgtype"), content).body();
    }

    @PostMapping("/kf/send_msg_on_event")
    @SuppressWarnings("unchecked")
    Map<String, Object> sendMsgOnEvent(@RequestParam(name = "access_token", required = false) String token,
                                       @RequestBody Map<String, Object> body) {
        WecomSimulator.Answer refused = simulator.admit("kf/send_msg_on_event", token);
        if (refused != null) {
            return refused.body();
        }
        Object text = body.get("text");
        String content = text instanceof Map<?, ?> m ? (String) ((Map<String, Object>) m).get("content") : null;
        return simulator.sendMsgOnEvent(str(body, "code"), str(body, "msgid"), content).body();
    }

    @PostMapping("/kf/service_state/get")
    Map<String, Object> serviceState(@RequestParam(name = "access_token", required = false) String token,
                                     @RequestBody Map<String, Object> body) {
        WecomSimulator.Answer refused = simulator.admit("kf/service_state/get", token);
        if (refused != null) {
            return refused.body();
        }
        return simulator.serviceState(str(body, "open_kfid"), str(body, "external_userid")).body();
    }

    @PostMapping("/kf/service_state/trans")
    Map<String, Object> transfer(@RequestParam(name = "access_token", required = false) String token,
                                 @RequestBody Map<String, Object> body) {
        WecomSimulator.Answer refused = simulator.admit("kf/service_state/trans", token);
        if (refused != null) {
            return refused.body();
        }
        return simulator.transfer(str(body, "open_kfid"), str(body, "external_userid"),
                num(body, "service_state", -1), str(body, "servicer_userid")).body();
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
