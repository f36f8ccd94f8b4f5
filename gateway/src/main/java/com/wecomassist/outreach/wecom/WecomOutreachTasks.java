package com.wecomassist.outreach.wecom;

import com.wecomassist.outreach.OutreachTasks;
import com.wecomassist.wecom.WecomApiClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Outreach through WeCom: a task is {@code add_msg_template} for one customer (WeCom leaves a customer out
 * who is not the sender's friend: then there is no task), a churn warning an app message to the employee
 * (it needs {@code assist.wecom.agent-id}; the same warning within the duplicate-check window is delivered
 * once).
 */
public class WecomOutreachTasks implements OutreachTasks {

    private final WecomApiClient api;
    private final Integer agentId;
    private final Duration duplicateCheck;

    public WecomOutreachTasks(WecomApiClient api, Integer agentId, Duration duplicateCheck) {
        this.api = api;
        this.agentId = agentId;
        this.duplicateCheck = duplicateCheck;
    }

    @Override
    public Mono<String> create(String sender, String customer, String text) {
        return api.addGroupMessage(sender, List.of(customer), text, null)
                .filter(task -> !task.failList().contains(customer) && !task.msgid().isEmpty())
                .map(task -> task.msgid());
    }

    @Override
    public Mono<Result> result(String msgid, String employee, String customer) {
        return api.groupMessageSendResults(msgid, employee, "", 1000).map(answer -> {
            for (JsonNode row : answer.path("send_list")) {
                if (customer.equals(row.path("external_userid").asString())) {
                    long sent = row.path("send_time").asLong(0);
                    Instant at = sent > 0 ? Instant.ofEpochSecond(sent) : null;
                    return switch (row.path("status").asInt(0)) {
                        case 1 -> new Result(State.SENT, at);
                        case 2 -> new Result(State.NOT_FRIEND, null);
                        case 3 -> new Result(State.OVER_LIMIT, at);
                        default -> new Result(State.WAITING, null);
                    };
                }
            }
            return new Result(State.WAITING, null);
        });
    }

    @Override
    public Mono<Void> remind(String msgid) {
        return api.remindGroupMessage(msgid);
    }

    @Override
    public Mono<Void> cancel(String msgid) {
        return api.cancelGroupMessage(msgid);
    }

    @Override
    public Mono<Void> warn(String employee, String customer, String why) {
        if (agentId == null) {
            return Mono.error(new IllegalStateException(
                    "assist.wecom.agent-id is not set: a churn warning cannot reach the employee through the app"));
        }
        return api.sendAppText(agentId, employee, "【流失预警】" + why + "：客户 " + customer
                + " 需要您亲自跟进，请尽快联系。", duplicateCheck).then();
    }
}
