package com.wecomassist.simulator.contacts;

import com.wecomassist.simulator.SimulatorMode;
import com.wecomassist.simulator.WecomSimulator;
import java.util.List;
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
 * The simulated 客户联系 server API under {@code /simulator/cgi-bin/externalcontact}, at WeCom's paths
 * and with its shapes; each call passes the same access-token check (and injected faults) as the
 * 微信客服 API. Always HTTP 200 with an errcode, as WeCom answers.
 */
@RestController
@Conditional(SimulatorMode.class)
@RequestMapping("/simulator/cgi-bin/externalcontact")
class ContactsApiController {

    private static final String TOKEN = "access_token";

    private final WecomSimulator simulator;
    private final ContactsSimulator contacts;
    private final GroupSendSimulator groupSend;

    ContactsApiController(WecomSimulator simulator, ContactsSimulator contacts, GroupSendSimulator groupSend) {
        this.simulator = simulator;
        this.contacts = contacts;
        this.groupSend = groupSend;
    }

    @GetMapping("/get_follow_user_list")
    Map<String, Object> followUsers(@RequestParam(name = TOKEN, required = false) String token) {
        return admitted("externalcontact/get_follow_user_list", token, contacts::followUserList);
    }

    @GetMapping("/list")
    Map<String, Object> list(@RequestParam(name = TOKEN, required = false) String token,
                             @RequestParam(required = false) String userid) {
        return admitted("externalcontact/list", token, () -> contacts.list(userid));
    }

    @GetMapping("/get")
    Map<String, Object> get(@RequestParam(name = TOKEN, required = false) String token,
                            @RequestParam(name = "external_userid", required = false) String externalUserId) {
        return admitted("externalcontact/get", token, () -> contacts.get(externalUserId));
    }

    @PostMapping("/batch/get_by_user")
    Map<String, Object> batchGetByUser(@RequestParam(name = TOKEN, required = false) String token,
                                       @RequestBody Map<String, Object> body) {
        return admitted("externalcontact/batch/get_by_user", token, () -> contacts.batchGetByUser(
                strings(body, "userid_list"), str(body, "cursor"), (int) num(body, "limit", 0)));
    }

    @PostMapping("/get_corp_tag_list")
    Map<String, Object> corpTagList(@RequestParam(name = TOKEN, required = false) String token,
                                    @RequestBody(required = false) Map<String, Object> body) {
        Map<String, Object> b = body == null ? Map.of() : body;
        return admitted("externalcontact/get_corp_tag_list", token,
                () -> contacts.corpTagList(strings(b, "tag_id"), strings(b, "group_id")));
    }

    @PostMapping("/mark_tag")
    Map<String, Object> markTag(@RequestParam(name = TOKEN, required = false) String token,
                                @RequestBody Map<String, Object> body) {
        return admitted("externalcontact/mark_tag", token, () -> contacts.markTag(str(body, "userid"),
                str(body, "external_userid"), strings(body, "add_tag"), strings(body, "remove_tag")));
    }

    @PostMapping("/send_welcome_msg")
    Map<String, Object> sendWelcomeMsg(@RequestParam(name = TOKEN, required = false) String token,
                                       @RequestBody Map<String, Object> body) {
        int attachments = body.get("attachments") instanceof List<?> list ? list.size() : 0;
        return admitted("externalcontact/send_welcome_msg", token,
                () -> contacts.sendWelcomeMsg(str(body, "welcome_code"), text(body), attachments));
    }

    @PostMapping("/transfer_customer")
    Map<String, Object> transferCustomer(@RequestParam(name = TOKEN, required = false) String token,
                                         @RequestBody Map<String, Object> body) {
        return admitted("externalcontact/transfer_customer", token, () -> contacts.transferCustomer(
                str(body, "handover_userid"), str(body, "takeover_userid"), strings(body, "external_userid"),
                str(body, "transfer_success_msg")));
    }

    @PostMapping("/resigned/transfer_customer")
    Map<String, Object> resignedTransferCustomer(@RequestParam(name = TOKEN, required = false) String token,
                                                 @RequestBody Map<String, Object> body) {
        return admitted("externalcontact/resigned/transfer_customer", token, () -> contacts.resignedTransferCustomer(
                str(body, "handover_userid"), str(body, "takeover_userid"), strings(body, "external_userid")));
    }

    @PostMapping("/transfer_result")
    Map<String, Object> transferResult(@RequestParam(name = TOKEN, required = false) String token,
                                       @RequestBody Map<String, Object> body) {
        return admitted("externalcontact/transfer_result", token, () -> contacts.transferResult(false,
                str(body, "handover_userid"), str(body, "takeover_userid"), str(body, "cursor")));
    }

    @PostMapping("/resigned/transfer_result")
    Map<String, Object> resignedTransferResult(@RequestParam(name = TOKEN, required = false) String token,
                                               @RequestBody Map<String, Object> body) {
        return admitted("externalcontact/resigned/transfer_result", token, () -> contacts.transferResult(true,
                str(body, "handover_userid"), str(body, "takeover_userid"), str(body, "cursor")));
    }

    @PostMapping("/get_unassigned_list")
    Map<String, Object> unassignedList(@RequestParam(name = TOKEN, required = false) String token,
                                       @RequestBody(required = false) Map<String, Object> body) {
        Map<String, Object> b = body == null ? Map.of() : body;
        return admitted("externalcontact/get_unassigned_list", token,
                () -> contacts.unassignedList(str(b, "cursor"), (int) num(b, "page_size", 0)));
    }

    @PostMapping("/get_user_behavior_data")
    Map<String, Object> behaviourData(@RequestParam(name = TOKEN, required = false) String token,
                                      @RequestBody Map<String, Object> body) {
        return admitted("externalcontact/get_user_behavior_data", token, () -> contacts.behaviourData(
                strings(body, "userid"), num(body, "start_time", 0), num(body, "end_time", 0)));
    }

    @PostMapping("/add_msg_template")
    Map<String, Object> addMsgTemplate(@RequestParam(name = TOKEN, required = false) String token,
                                       @RequestBody Map<String, Object> body) {
        int attachments = body.get("attachments") instanceof List<?> list ? list.size() : 0;
        return admitted("externalcontact/add_msg_template", token, () -> groupSend.addMsgTemplate(
                str(body, "chat_type"), str(body, "sender"), strings(body, "external_userid"), text(body), attachments));
    }

    @PostMapping("/get_groupmsg_task")
    Map<String, Object> groupMsgTask(@RequestParam(name = TOKEN, required = false) String token,
                                     @RequestBody Map<String, Object> body) {
        return admitted("externalcontact/get_groupmsg_task", token, () -> groupSend.groupMsgTask(
                str(body, "msgid"), (int) num(body, "limit", 0), str(body, "cursor")));
    }

    @PostMapping("/get_groupmsg_send_result")
    Map<String, Object> groupMsgSendResult(@RequestParam(name = TOKEN, required = false) String token,
                                           @RequestBody Map<String, Object> body) {
        return admitted("externalcontact/get_groupmsg_send_result", token, () -> groupSend.groupMsgSendResult(
                str(body, "msgid"), str(body, "userid"), (int) num(body, "limit", 0), str(body, "cursor")));
    }

    @PostMapping("/remind_groupmsg_send")
    Map<String, Object> remindGroupMsgSend(@RequestParam(name = TOKEN, required = false) String token,
                                           @RequestBody Map<String, Object> body) {
        return admitted("externalcontact/remind_groupmsg_send", token, () -> groupSend.remind(str(body, "msgid")));
    }

    @PostMapping("/cancel_groupmsg_send")
    Map<String, Object> cancelGroupMsgSend(@RequestParam(name = TOKEN, required = false) String token,
                                           @RequestBody Map<String, Object> body) {
        return admitted("externalcontact/cancel_groupmsg_send", token, () -> groupSend.cancel(str(body, "msgid")));
    }

    private Map<String, Object> admitted(String api, String token, Supplier<WecomSimulator.Answer> call) {
        WecomSimulator.Answer refused = simulator.admit(api, token);
        return (refused != null ? refused : call.get()).body();
    }

    private static String str(Map<String, Object> body, String field) {
        Object value = body.get(field);
        return value == null ? null : value.toString();
    }

    /** {@code text.content}, as send_welcome_msg and add_msg_template carry it. */
    private static String text(Map<String, Object> body) {
        return body.get("text") instanceof Map<?, ?> t && t.get("content") != null ? t.get("content").toString() : null;
    }

    private static List<String> strings(Map<String, Object> body, String field) {
        return body.get(field) instanceof List<?> list ? list.stream().map(String::valueOf).toList() : null;
    }

    private static long num(Map<String, Object> body, String field, long fallback) {
        Object value = body.get(field);
        if (value instanceof Number n) {
            return n.longValue();
        }
        try {
            return value == null ? fallback : Long.parseLong(value.toString());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
