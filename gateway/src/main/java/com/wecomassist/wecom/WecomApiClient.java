package com.wecomassist.wecom;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.JsonNode;

/**
 * The WeCom server API on WebClient: gettoken, 微信客服 sync/send/service-state, app messages, and
 * 客户联系: reading customers, the welcome (send_welcome_msg), inheritance, statistics and 企业群发
 * (add_msg_template and its task, results, reminders and cancelling).
 * Non-blocking throughout. Every call gets a token from {@link AccessTokens}, refreshes it once
 * when WeCom says it is invalid or expired (40001/40014/42001), retries busy and rate-limit errors
 * (-1/45009/45033) and calls that got no answer with exponential backoff and jitter, and never
 * retries anything else. The calls a second copy of would do harm (a second 企业群发 task, a reminder
 * spent) are not retried after no answer: the error says so ({@link WecomApiException#unanswered()}).
 * Every error is logged with its errcode.
 */
public class WecomApiClient {

    private static final Logger log = LoggerFactory.getLogger(WecomApiClient.class);

    private final WebClient http;
    private final WecomAccount account;
    private final AccessTokens tokens;
    private final WecomProperties settings;
    private final MeterRegistry meters;
    private final Map<String, Timer> latencies = new ConcurrentHashMap<>();

    public WecomApiClient(WebClient.Builder builder, WecomAccount account, AccessTokenStore tokenStore,
                          WecomProperties settings, MeterRegistry meters, Clock clock) {
        // No observation per call (http.client.requests): its per-request context and handlers were a
        // measurable part of the event loops' CPU per reply; assist.wecom.api.latency times each call.
        this.http = builder.clone().observationRegistry(ObservationRegistry.NOOP).build();
        this.account = account;
        this.settings = settings;
        this.meters = meters;
        this.tokens = new AccessTokens(account.tokenCacheKey(), tokenStore, issueToken(clock),
                settings.tokenRefreshMargin(), clock);
    }

    /** kf/sync_msg: one page of messages after {@code cursor} (null: the last three days). */
    public Mono<JsonNode> syncMessages(String openKfId, String cursor, String callbackToken, int limit) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (cursor != null && !cursor.isEmpty()) {
            body.put("cursor", cursor);
        }
        if (callbackToken != null && !callbackToken.isEmpty()) {
            body.put("token", callbackToken);
        }
        body.put("limit", limit);
        body.put("voice_format", 0);
        body.put("open_kfid", openKfId);
        return post("kf/sync_msg", body);
    }

    /** kf/send_msg with a caller-chosen msgid, so that a retry can never deliver a second copy. */
    public Mono<String> sendKfText(String openKfId, String externalUserId, String msgid, String content) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("touser", externalUserId);
        body.put("open_kfid", openKfId);
        body.put("msgid", msgid);
        body.put("msgtype", "text");
        body.put("text", Map.of("content", content));
        return post("kf/send_msg", body).map(answer -> text(answer, "msgid", msgid));
    }

    /** kf/send_msg of a 猜你想问 menu ({@code msgmenu}), with a caller-chosen msgid like {@link #sendKfText}. */
    public Mono<String> sendKfMenu(String openKfId, String externalUserId, String msgid, KfMenu menu) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("touser", externalUserId);
        body.put("open_kfid", openKfId);
        body.put("msgid", msgid);
        body.put("msgtype", "msgmenu");
        body.put("msgmenu", menu.body());
        return post("kf/send_msg", body).map(answer -> text(answer, "msgid", msgid));
    }

    /** kf/send_msg_on_event: the one message a welcome_code or msg_code allows (e.g. a welcome). */
    public Mono<String> sendKfTextOnEvent(String code, String msgid, String content) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("msgid", msgid);
        body.put("msgtype", "text");
        body.put("text", Map.of("content", content));
        return post("kf/send_msg_on_event", body).map(answer -> text(answer, "msgid", msgid));
    }

    /**
     * externalcontact/send_welcome_msg: the one welcome an add_external_contact event's welcome_code
     * allows (valid 20 s, single use), sent through the employee the customer added. Attachments are
     * WeCom's objects as given ({@code msgtype} and its body), at most 9; none is the usual case.
     * A code already used (by us or another app) answers 41051, an invalid or expired one 41050:
     * neither is retried. The caller bounds the call by the code's deadline.
     */
    public Mono<Void> sendWelcome(String welcomeCode, String text, java.util.List<Map<String, Object>> attachments) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("welcome_code", welcomeCode);
        if (text != null && !text.isEmpty()) {
            body.put("text", Map.of("content", text));
        }
        if (attachments != null && !attachments.isEmpty()) {
            body.put("attachments", attachments);
        }
        return post("externalcontact/send_welcome_msg", body).then();
    }

    /** kf/service_state/get: who is serving this customer right now. */
    public Mono<ServiceState> serviceState(String openKfId, String externalUserId) {
        return post("kf/service_state/get", Map.of("open_kfid", openKfId, "external_userid", externalUserId))
                .map(answer -> new ServiceState(answer.path("service_state").asInt(0),
                        text(answer, "servicer_userid", null)));
    }

    /** kf/service_state/trans: move the session (to the pool, a person, or end it); returns msg_code. */
    public Mono<String> transferServiceState(String openKfId, String externalUserId, int state, String servicerUserId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("open_kfid", openKfId);
        body.put("external_userid", externalUserId);
        body.put("service_state", state);
        if (servicerUserId != null) {
            body.put("servicer_userid", servicerUserId);
        }
        return post("kf/service_state/trans", body).map(answer -> text(answer, "msg_code", ""));
    }

    /**
     * message/send: a text from the self-built app to an employee. It has no caller-chosen msgid, so
     * it goes with WeCom's duplicate check on: the same request again within {@code duplicateCheck}
     * (at most 4 h) is not delivered again, which makes a retry after a timeout or a 5xx (WeCom may
     * have delivered the first) harmless, as the msgid makes it for kf/send_msg.
     */
    public Mono<String> sendAppText(int agentId, String userId, String content, Duration duplicateCheck) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("touser", userId);
        body.put("msgtype", "text");
        body.put("agentid", agentId);
        body.put("text", Map.of("content", content));
        body.put("enable_duplicate_check", 1);
        body.put("duplicate_check_interval", duplicateCheck.toSeconds());
        return post("message/send", body).map(answer -> text(answer, "msgid", ""));
    }

    /**
     * externalcontact/batch/get_by_user: one page of the customers of up to 100 employees
     * ({@code external_contact_list[]}, each {@code external_contact} and {@code follow_info}, and
     * {@code next_cursor}, empty after the last page). {@code limit} is at most 100.
     */
    public Mono<JsonNode> contactsOfEmployees(List<String> userIds, String cursor, int limit) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("userid_list", userIds);
        body.put("cursor", cursor == null ? "" : cursor);
        body.put("limit", limit);
        return post("externalcontact/batch/get_by_user", body);
    }

    /**
     * externalcontact/transfer_customer (在职继承) or, {@code resigned}, resigned/transfer_customer (离职继承):
     * up to 100 customers from {@code handover} to {@code takeover}. The answer's {@code customer[]} holds
     * each customer's own {@code errcode} (0: the takeover completes in 24 h unless the customer refuses).
     * {@code message} (在职 only, at most 200 characters) is shown to the customer; null for none.
     */
    public Mono<JsonNode> transferCustomers(boolean resigned, String handover, String takeover,
                                            List<String> externalUserIds, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("handover_userid", handover);
        body.put("takeover_userid", takeover);
        body.put("external_userid", externalUserIds);
        if (!resigned && message != null && !message.isEmpty()) {
            body.put("transfer_success_msg", message);
        }
        return post(resigned ? "externalcontact/resigned/transfer_customer" : "externalcontact/transfer_customer", body);
    }

    /**
     * externalcontact/transfer_result or resigned/transfer_result: one page of the customers handed from
     * {@code handover} to {@code takeover} ({@code customer[]}: {@code external_userid}, {@code status}
     * 1 taken over, 2 waiting, 3 refused, 4 takeover at their limit, 5 no record; {@code takeover_time})
     * and {@code next_cursor}, empty after the last page.
     */
    public Mono<JsonNode> transferResults(boolean resigned, String handover, String takeover, String cursor) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("handover_userid", handover);
        body.put("takeover_userid", takeover);
        body.put("cursor", cursor == null ? "" : cursor);
        return post(resigned ? "externalcontact/resigned/transfer_result" : "externalcontact/transfer_result", body);
    }

    /** externalcontact/get_unassigned_list: one page of the departed employees' customers not yet handed on. */
    public Mono<JsonNode> unassignedCustomers(String cursor, int pageSize) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("cursor", cursor == null ? "" : cursor);
        body.put("page_size", pageSize);
        return post("externalcontact/get_unassigned_list", body);
    }

    /**
     * externalcontact/get_user_behavior_data: per natural day of [{@code startTime}, {@code endTime}] (epoch
     * seconds, at most 30 days) the 1V1 statistics of the employees named, summed over them
     * ({@code behavior_data[]}: {@code stat_time}, {@code chat_cnt}, {@code message_cnt},
     * {@code reply_percentage}, {@code avg_reply_time}, {@code negative_feedback_cnt}, {@code new_apply_cnt},
     * {@code new_contact_cnt}). One employee per call gives that employee's own figures.
     */
    public Mono<JsonNode> behaviourData(List<String> userIds, long startTime, long endTime) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("userid", userIds);
        body.put("start_time", startTime);
        body.put("end_time", endTime);
        return post("externalcontact/get_user_behavior_data", body);
    }

    /** externalcontact/get_follow_user_list: the userids of the employees who have 客户联系. */
    public Mono<List<String>> followUsers() {
        return get("externalcontact/get_follow_user_list", Map.of()).map(answer -> {
            List<String> users = new ArrayList<>();
            answer.path("follow_user").forEach(user -> users.add(user.asString()));
            return users;
        });
    }

    /**
     * externalcontact/get: one customer ({@code external_contact}: name, unionid) and every employee who
     * follows them now ({@code follow_user[]}: userid, remark, tags, createtime, state). Only the first
     * page of follow_user (WeCom pages it past 500 followers, which a bank's customer does not reach).
     */
    public Mono<JsonNode> contact(String externalUserId) {
        return get("externalcontact/get", Map.of("external_userid", externalUserId));
    }

    /**
     * externalcontact/add_msg_template, single chat: a 企业群发 task for {@code sender} to send
     * {@code text} (and {@code attachments}, WeCom's objects as given, at most 9; null for none) to the
     * customers named (WeCom takes up to 10,000). Nothing is sent until the employee confirms it in their
     * client; each customer receives at most 4 such messages a natural month, which WeCom applies then.
     * The answer's {@code fail_list} names the customers left out. Not retried after no answer: WeCom may
     * have created the task, and a second one would reach the customers twice.
     */
    public Mono<GroupMessageTask> addGroupMessage(String sender, List<String> externalUserIds, String text,
                                                  List<Map<String, Object>> attachments) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("chat_type", "single");
        body.put("external_userid", externalUserIds);
        body.put("sender", sender);
        if (text != null && !text.isEmpty()) {
            body.put("text", Map.of("content", text));
        }
        if (attachments != null && !attachments.isEmpty()) {
            body.put("attachments", attachments);
        }
        return postAtMostOnce("externalcontact/add_msg_template", body).map(answer -> {
            List<String> failed = new ArrayList<>();
            answer.path("fail_list").forEach(id -> failed.add(id.asString()));
            return new GroupMessageTask(text(answer, "msgid", ""), failed);
        });
    }

    /**
     * externalcontact/get_groupmsg_task: one page of the employees of a 企业群发 task ({@code task_list[]}:
     * {@code userid}, {@code status} 0 not sent / 2 sent, {@code send_time}) and {@code next_cursor},
     * empty after the last page. {@code limit} is at most 1000.
     */
    public Mono<JsonNode> groupMessageTask(String msgid, String cursor, int limit) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("msgid", msgid);
        body.put("limit", limit);
        body.put("cursor", cursor == null ? "" : cursor);
        return post("externalcontact/get_groupmsg_task", body);
    }

    /**
     * externalcontact/get_groupmsg_send_result: one page of the customers of {@code userid}'s part of a
     * 企业群发 task ({@code send_list[]}: {@code external_userid}, {@code userid}, {@code status} 0 not
     * sent, 1 sent, 2 not a friend, 3 over the customer's monthly limit; {@code send_time}) and
     * {@code next_cursor}, empty after the last page. {@code limit} is at most 1000.
     */
    public Mono<JsonNode> groupMessageSendResults(String msgid, String userid, String cursor, int limit) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("msgid", msgid);
        body.put("userid", userid);
        body.put("limit", limit);
        body.put("cursor", cursor == null ? "" : cursor);
        return post("externalcontact/get_groupmsg_send_result", body);
    }

    /**
     * externalcontact/remind_groupmsg_send: notifies the employees again of a task they have not sent;
     * WeCom allows 3 a task in 24 hours, so it is not retried after no answer (a reminder may be spent).
     */
    public Mono<Void> remindGroupMessage(String msgid) {
        return postAtMostOnce("externalcontact/remind_groupmsg_send", Map.of("msgid", msgid)).then();
    }

    /** externalcontact/cancel_groupmsg_send: what the employees have not sent of the task never will be. */
    public Mono<Void> cancelGroupMessage(String msgid) {
        return post("externalcontact/cancel_groupmsg_send", Map.of("msgid", msgid)).then();
    }

    private Mono<JsonNode> get(String api, Map<String, String> query) {
        Mono<JsonNode> once = tokens.current().flatMap(token -> callGet(api, token, query)
                .onErrorResume(WecomApiException.class, e -> e.tokenRejected()
                        ? tokens.rejected(token).then(tokens.current().flatMap(fresh -> callGet(api, fresh, query)))
                        : Mono.error(e)));
        return once.retryWhen(retryPolicy(api));
    }

    private Mono<JsonNode> callGet(String api, String token, Map<String, String> query) {
        Map<String, String> variables = new LinkedHashMap<>(query);
        variables.put("access_token", token);
        StringBuilder uri = new StringBuilder(account.apiBase().get() + "/cgi-bin/" + api + "?access_token={access_token}");
        // values go in as URI variables, so they are encoded, never spliced into the query as they are
        query.keySet().forEach(name -> uri.append('&').append(name).append("={").append(name).append('}'));
        return http.get()
                .uri(uri.toString(), variables)
                .retrieve()
                .bodyToMono(JsonNode.class)
                .timeout(settings.apiTimeout())
                .onErrorMap(this::isNoAnswer, e -> WecomApiException.unreachable(api, e))
                .flatMap(answer -> checked(api, answer));
    }

    private Mono<JsonNode> post(String api, Object body) {
        return post(api, body, retryPolicy(api));
    }

    private Mono<JsonNode> post(String api, Object body, Retry retries) {
        Mono<JsonNode> once = tokens.current().flatMap(token -> call(api, token, body)
                .onErrorResume(WecomApiException.class, e -> e.tokenRejected()
                        ? tokens.rejected(token).then(tokens.current().flatMap(fresh -> call(api, fresh, body)))
                        : Mono.error(e)));
        return once.retryWhen(retries);
    }

    /**
     * A call a second copy of would do harm: retried only when WeCom answered that it did nothing (busy,
     * rate limits), never after no answer, when WeCom may have acted on the first.
     */
    private Mono<JsonNode> postAtMostOnce(String api, Object body) {
        return post(api, body, retryPolicy(api, e -> !e.unanswered()));
    }

    private Mono<JsonNode> call(String api, String token, Object body) {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return http.post()
                    .uri(account.apiBase().get() + "/cgi-bin/" + api + "?access_token={token}", token)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body)
                    .retrieve()
                    .bodyToMono(JsonNode.class)
                    .timeout(settings.apiTimeout())
                    .onErrorMap(this::isNoAnswer, e -> WecomApiException.unreachable(api, e))
                    .doOnEach(signal -> {
                        if (signal.isOnNext() || signal.isOnError()) {
                            latency(api).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                        }
                    })
                    .flatMap(answer -> checked(api, answer));
        });
    }

    /** Time to WeCom's answer (or to the failure) of one call, per API. */
    private Timer latency(String api) {
        return latencies.computeIfAbsent(api, a -> Timer.builder("assist.wecom.api.latency")
                .description("time to WeCom's answer of one API call (retries are calls of their own)")
                .tag("api", a).register(meters));
    }

    private Mono<AccessToken> issueToken(Clock clock) {
        String api = "gettoken";
        return Mono.defer(() -> http.get()
                        .uri(account.apiBase().get() + "/cgi-bin/gettoken?corpid={corp}&corpsecret={secret}",
                                account.corpId(), account.secret())
                        .retrieve()
                        .bodyToMono(JsonNode.class)
                        .timeout(settings.apiTimeout())
                        .onErrorMap(this::isNoAnswer, e -> WecomApiException.unreachable(api, e))
                        .flatMap(answer -> checked(api, answer)))
                .map(answer -> new AccessToken(answer.path("access_token").asString(),
                        clock.instant().plus(Duration.ofSeconds(answer.path("expires_in").asLong(7200)))))
                .retryWhen(retryPolicy(api));
    }

    private Mono<JsonNode> checked(String api, JsonNode answer) {
        int errcode = answer.path("errcode").asInt(0);
        meters.counter("assist.wecom.api.calls", "api", api, "errcode", Integer.toString(errcode)).increment();
        if (errcode == 0) {
            return Mono.just(answer);
        }
        String errmsg = answer.path("errmsg").asString("");
        log.warn("WeCom {} answered errcode {} ({})", api, errcode, errmsg);
        return Mono.error(new WecomApiException(api, errcode, errmsg));
    }

    private Retry retryPolicy(String api) {
        return retryPolicy(api, e -> true);
    }

    private Retry retryPolicy(String api, Predicate<WecomApiException> alsoWhen) {
        return Retry.backoff(settings.maxRetries(), settings.retryBackoff())
                .jitter(0.5)
                .filter(e -> e instanceof WecomApiException w && w.retryable() && alsoWhen.test(w))
                .doBeforeRetry(signal -> log.info("retrying WeCom {} (attempt {}) after: {}", api,
                        signal.totalRetries() + 1, signal.failure().getMessage()))
                .onRetryExhaustedThrow((spec, signal) -> signal.failure());
    }

    private boolean isNoAnswer(Throwable e) {
        return e instanceof TimeoutException || e instanceof WebClientRequestException
                || (e instanceof WebClientResponseException r && r.getStatusCode().is5xxServerError());
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? fallback : value.asString();
    }
}
