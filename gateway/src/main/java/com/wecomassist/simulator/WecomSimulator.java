package com.wecomassist.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * The state of a simulated WeCom enterprise with 微信客服 accounts: access tokens that expire,
 * each account's message log with cursors (three days readable), customers' session states
 * (0 new … 4 ended), the 48-hour / 5-message reply window, welcome codes, and every message the
 * gateway sent. Tests and the chat page act on it as customers and servicers would; the API
 * controller answers the gateway from it. Errors can be injected per API.
 *
 * <p>Bounded, because its chat API is open while it runs and anyone can make up customers: at most
 * {@code max-customers} customers (the least recently active is forgotten), {@code max-chat-lines}
 * lines and sent msgids per customer, {@code max-log-messages} per account's log, and only the
 * access tokens and welcome codes that have not expired.
 */
public class WecomSimulator {

    static final Duration READABLE = Duration.ofDays(3);
    static final Duration REPLY_WINDOW = Duration.ofHours(48);
    static final int REPLIES_PER_WINDOW = 5;
    static final Duration WELCOME_CODE_TTL = Duration.ofSeconds(20);
    /** Access tokens kept at once: the gateway holds one; a few more cover refreshes that cross. */
    static final int MAX_ACCESS_TOKENS = 100;
    private static final Pattern MSGID = Pattern.compile("[0-9a-zA-Z_-]{1,32}");

    /** An answer of the simulated API: errcode 0 with fields, or an error. */
    public record Answer(int errcode, String errmsg, Map<String, Object> fields) {
        public static Answer ok(Map<String, Object> fields) {
            return new Answer(0, "ok", fields);
        }

        public static Answer error(int errcode, String errmsg) {
            return new Answer(errcode, errmsg, Map.of());
        }

        public Map<String, Object> body() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("errcode", errcode);
            body.put("errmsg", errmsg);
            body.putAll(fields);
            return body;
        }
    }

    /** A message as sync_msg returns it, with its position in the account's log. */
    record Logged(long seq, Instant at, Map<String, Object> item) {
    }

    /** One customer of one account. Guarded by itself. */
    static final class Customer {
        int state = 4;
        String servicer;
        Instant lastCustomerMessage;
        int repliesSinceCustomer;
        final int maxLines;
        final Deque<ChatLine> transcript = new ArrayDeque<>();
        /** The msgids the gateway sent to this customer, newest last: a msgid sent again is delivered once. */
        final Set<String> delivered = new LinkedHashSet<>();
        /** Replays the chat kept to each new viewer, then goes live; buffers for slow viewers. */
        final Sinks.Many<ChatLine> live;

        Customer(int maxLines) {
            this.maxLines = maxLines;
            this.live = Sinks.many().replay().limit(maxLines);
        }
    }

    private final SimulatorProperties settings;
    private final Clock clock;
    private final AtomicLong seq = new AtomicLong();
    private final Map<String, Deque<Logged>> logs = new ConcurrentHashMap<>();
    /** By "openKfId/externalUserId", least recently active first. Guarded by itself. */
    private final Map<String, Customer> customers;
    /** Guarded by itself; oldest first. */
    private final Map<String, Instant> accessTokens = new LinkedHashMap<>();
    private final Map<String, WelcomeCode> welcomeCodes = new ConcurrentHashMap<>();
    private final Map<String, Deque<Integer>> injected = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final Sinks.Many<String> newMessages =
            Sinks.many().multicast().onBackpressureBuffer(Queues.SMALL_BUFFER_SIZE * 64, false);

    private record WelcomeCode(String openKfId, String externalUserId, Instant expires) {
    }

    public WecomSimulator(SimulatorProperties settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        settings.openKfIds().forEach(id -> logs.put(id, new ArrayDeque<>()));
        int maxCustomers = settings.maxCustomers();
        this.customers = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Customer> eldest) {
                return size() > maxCustomers;
            }
        };
    }

    public SimulatorProperties settings() {
        return settings;
    }

    public List<String> openKfIds() {
        return settings.openKfIds();
    }

    // ---- acting as people -------------------------------------------------------------------

    /** A customer types a text: it enters the account's log and opens a fresh reply window. */
    public String customerWrites(String openKfId, String externalUserId, String text) {
        return customerSends(openKfId, externalUserId, "text", Map.of("content", text), text);
    }

    /**
     * A customer clicks an item of a msgmenu: as WeCom does, a text message whose content is the item's
     * text and whose {@code text.menu_id} is the item's id.
     */
    public String customerClicks(String openKfId, String externalUserId, String menuId, String content) {
        return customerSends(openKfId, externalUserId, "text", Map.of("content", content, "menu_id", menuId), content);
    }

    /** A customer sends an image (or another non-text type). */
    public String customerSendsImage(String openKfId, String externalUserId) {
        return customerSends(openKfId, externalUserId, "image", Map.of("media_id", "sim-media-" + seq.get()),
                "[图片]");
    }

    /** A customer opens the chat: an enter_session event with a single-use welcome code. */
    public String customerEnters(String openKfId, String externalUserId) {
        String code = "welcome_" + UUID.randomUUID().toString().replace("-", "");
        Instant now = clock.instant();
        welcomeCodes.values().removeIf(unused -> now.isAfter(unused.expires()));
        welcomeCodes.put(code, new WelcomeCode(openKfId, externalUserId, clock.instant().plus(WELCOME_CODE_TTL)));
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event_type", "enter_session");
        event.put("open_kfid", openKfId);
        event.put("external_userid", externalUserId);
        event.put("scene", "sim");
        event.put("welcome_code", code);
        append(openKfId, item(openKfId, null, 4, "event", Map.of("event", event)));
        return code;
    }

    /** A servicer takes the conversation in the WeCom client (state 3) and the event is logged. */
    public void servicerTakesOver(String openKfId, String externalUserId, String servicerUserId) {
        Customer c = customer(openKfId, externalUserId);
        synchronized (c) {
            c.state = 3;
            c.servicer = servicerUserId;
        }
        statusChanged(openKfId, externalUserId, 3, servicerUserId, "接入人工：" + servicerUserId);
    }

    /**
     * A servicer transfers the session to WeCom's pool in the WeCom client (state 2): WeCom reports a
     * session_status_change of type 2 (转接) without a new servicer.
     */
    public void servicerReturnsToPool(String openKfId, String externalUserId) {
        Customer c = customer(openKfId, externalUserId);
        synchronized (c) {
            c.state = 2;
            c.servicer = null;
        }
        statusChanged(openKfId, externalUserId, 2, null, "转入待接入池");
    }

    /** A servicer ends the session in the WeCom client (state 4). */
    public void servicerEnds(String openKfId, String externalUserId) {
        Customer c = customer(openKfId, externalUserId);
        synchronized (c) {
            c.state = 4;
            c.servicer = null;
        }
        statusChanged(openKfId, externalUserId, 4, null, "会话已结束");
    }

    /** A servicer types in the WeCom client (origin 5): the customer sees it, the bot must not answer. */
    public String servicerWrites(String openKfId, String externalUserId, String servicerUserId, String text) {
        Customer c = customer(openKfId, externalUserId);
        synchronized (c) {
            c.state = 3;
            c.servicer = servicerUserId;
        }
        Map<String, Object> item = item(openKfId, externalUserId, 5, "text", Map.of("text", Map.of("content", text)));
        item.put("servicer_userid", servicerUserId);
        append(openKfId, item);
        synchronized (c) {
            show(c, new ChatLine(ChatLine.SERVICER, text, clock.instant(), (String) item.get("msgid")));
        }
        return (String) item.get("msgid");
    }

    // ---- the API ----------------------------------------------------------------------------

    public Answer getToken(String corpId, String secret) {
        count("gettoken");
        Answer injectedError = takeInjected("gettoken");
        if (injectedError != null) {
            return injectedError;
        }
        if (!settings.corpId().equals(corpId)) {
            return Answer.error(SimulatorErrors.INVALID_CORP_ID, "invalid corpid");
        }
        if (!settings.secret().equals(secret)) {
            return Answer.error(SimulatorErrors.INVALID_SECRET, "invalid credential");
        }
        String token = "simtoken_" + UUID.randomUUID().toString().replace("-", "");
        Instant now = clock.instant();
        synchronized (accessTokens) {
            accessTokens.values().removeIf(expires -> !now.isBefore(expires));
            if (accessTokens.size() >= MAX_ACCESS_TOKENS) {
                accessTokens.remove(accessTokens.keySet().iterator().next());
            }
            accessTokens.put(token, now.plus(settings.accessTokenTtl()));
        }
        return Answer.ok(Map.of("access_token", token, "expires_in", settings.accessTokenTtl().toSeconds()));
    }

    /** Checks the access token and injected faults for one call; null when the call may proceed. */
    public Answer admit(String api, String accessToken) {
        count(api);
        if (accessToken == null || accessToken.isEmpty()) {
            return Answer.error(SimulatorErrors.MISSING_TOKEN, "access_token missing");
        }
        Instant expires;
        synchronized (accessTokens) {
            expires = accessTokens.get(accessToken);
        }
        if (expires == null) {
            return Answer.error(SimulatorErrors.INVALID_TOKEN, "invalid access_token");
        }
        if (!clock.instant().isBefore(expires)) {
            return Answer.error(SimulatorErrors.TOKEN_EXPIRED, "access_token expired");
        }
        return takeInjected(api);
    }

    public Answer syncMsg(String openKfId, String cursor, int limit) {
        Deque<Logged> log = logs.get(openKfId);
        if (log == null) {
            return Answer.error(SimulatorErrors.INVALID_PARAMETER, "invalid open_kfid");
        }
        long after = parseCursor(cursor);
        if (after < -1) {
            return Answer.error(SimulatorErrors.INVALID_PARAMETER, "invalid cursor");
        }
        int max = Math.max(1, Math.min(limit <= 0 ? 1000 : limit, 1000));
        Instant oldest = clock.instant().minus(READABLE);
        List<Map<String, Object>> page = new ArrayList<>();
        long last = after;
        boolean more = false;
        synchronized (log) {
            for (Logged m : log) {
                if (m.seq() <= after || m.at().isBefore(oldest)) {
                    continue;
                }
                if (page.size() == max) {
                    more = true;
                    break;
                }
                page.add(m.item());
                last = m.seq();
            }
        }
        return Answer.ok(Map.of("next_cursor", last >= 0 ? "c" + last : (cursor == null ? "" : cursor),
                "has_more", more ? 1 : 0, "msg_list", page));
    }

    public Answer sendMsg(String openKfId, String externalUserId, String msgid, String msgtype, String content) {
        return sendMsg(openKfId, externalUserId, msgid, msgtype, content, null);
    }

    /**
     * kf/send_msg of a text, or of a msgmenu ({@code msgtype} "msgmenu", {@code msgmenu} the body's
     * object) checked against WeCom's limits: 1–10 click items, ids of 1–64 bytes, item texts of 1–128
     * bytes, head and tail of at most 1024 bytes.
     */
    public Answer sendMsg(String openKfId, String externalUserId, String msgid, String msgtype, String content,
                          Map<String, Object> msgmenu) {
        ChatLine.Menu menu = null;
        if ("msgmenu".equals(msgtype)) {
            menu = menuOf(msgmenu);
            if (menu == null) {
                return Answer.error(SimulatorErrors.INVALID_PARAMETER, "invalid msgmenu");
            }
            content = menuText(menu);
            msgtype = "text";
        }
        if (!logs.containsKey(openKfId) || externalUserId == null) {
            return Answer.error(SimulatorErrors.INVALID_PARAMETER, "invalid open_kfid or touser");
        }
        if (msgid != null && !MSGID.matcher(msgid).matches()) {
            return Answer.error(SimulatorErrors.INVALID_PARAMETER, "invalid msgid");
        }
        if (!"text".equals(msgtype) || content == null || content.isEmpty()) {
            return Answer.error(SimulatorErrors.INVALID_PARAMETER, "only non-empty text is simulated");
        }
        if (content.getBytes(StandardCharsets.UTF_8).length > 2048) {
            return Answer.error(SimulatorErrors.CONTENT_TOO_LONG, "content exceeds 2048 bytes");
        }
        String id = msgid != null ? msgid : "sim_" + UUID.randomUUID().toString().replace("-", "");
        Customer c = customer(openKfId, externalUserId);
        synchronized (c) {
            if (c.delivered.contains(id)) {
                // The same msgid again: answered like the first time, delivered once.
                return Answer.ok(Map.of("msgid", id));
            }
            if (c.state != 0 && c.state != 1) {
                return Answer.error(SimulatorErrors.SESSION_NOT_SERVABLE, "send msg session status invalid");
            }
            Instant now = clock.instant();
            if (c.lastCustomerMessage == null || now.isAfter(c.lastCustomerMessage.plus(REPLY_WINDOW))
                    || c.repliesSinceCustomer >= REPLIES_PER_WINDOW) {
                return Answer.error(SimulatorErrors.REPLY_WINDOW_CLOSED, "reply window closed (48h / 5 messages)");
            }
            c.repliesSinceCustomer++;
            c.delivered.add(id);
            if (c.delivered.size() > c.maxLines) {
                c.delivered.remove(c.delivered.iterator().next());
            }
            show(c, new ChatLine(ChatLine.BOT, content, now, id, menu));
        }
        return Answer.ok(Map.of("msgid", id));
    }

    public Answer sendMsgOnEvent(String code, String msgid, String content) {
        WelcomeCode welcome = code == null ? null : welcomeCodes.remove(code);
        if (welcome == null || clock.instant().isAfter(welcome.expires())) {
            return Answer.error(SimulatorErrors.INVALID_EVENT_CODE, "invalid, used or expired code");
        }
        if (content == null || content.isEmpty() || content.getBytes(StandardCharsets.UTF_8).length > 2048) {
            return Answer.error(SimulatorErrors.INVALID_PARAMETER, "invalid content");
        }
        String id = msgid != null ? msgid : "sim_" + UUID.randomUUID().toString().replace("-", "");
        Customer c = customer(welcome.openKfId(), welcome.externalUserId());
        synchronized (c) {
            show(c, new ChatLine(ChatLine.BOT, content, clock.instant(), id));
        }
        return Answer.ok(Map.of("msgid", id));
    }

    public Answer serviceState(String openKfId, String externalUserId) {
        Customer c = customer(openKfId, externalUserId);
        synchronized (c) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("service_state", c.state);
            if (c.state == 3) {
                fields.put("servicer_userid", c.servicer);
            }
            return Answer.ok(fields);
        }
    }

    /** service_state/trans with WeCom's allowed moves (see PROTOCOL.md §3.3). */
    public Answer transfer(String openKfId, String externalUserId, int to, String servicerUserId) {
        Customer c = customer(openKfId, externalUserId);
        synchronized (c) {
            int from = c.state;
            boolean allowed = switch (from) {
                case 0 -> to == 1 || to == 2 || to == 3;
                case 1 -> to == 2 || to == 3;
                case 2 -> to == 3;
                case 3 -> to == 3 || to == 4;
                default -> false;
            };
            if (!allowed) {
                return Answer.error(SimulatorErrors.SESSION_NOT_SERVABLE,
                        "service_state " + from + " cannot change to " + to);
            }
            if (to == 3 && (servicerUserId == null || servicerUserId.isEmpty())) {
                return Answer.error(SimulatorErrors.SERVICER_NOT_AVAILABLE, "servicer_userid required");
            }
            c.state = to;
            c.servicer = to == 3 ? servicerUserId : null;
            show(c, new ChatLine(ChatLine.SYSTEM, "会话状态：" + stateName(to), clock.instant(), null));
        }
        return Answer.ok(Map.of("msg_code", to == 2 || to == 3 ? "msgcode_" + UUID.randomUUID() : ""));
    }

    // ---- for tests and the chat page --------------------------------------------------------

    /** Makes the next {@code times} calls of {@code api} (e.g. "kf/send_msg") answer {@code errcode}. */
    public void injectError(String api, int errcode, int times) {
        Deque<Integer> queue = injected.computeIfAbsent(api, k -> new ArrayDeque<>());
        synchronized (queue) {
            for (int i = 0; i < times; i++) {
                queue.add(errcode);
            }
        }
    }

    /** Expires every issued access token now (as WeCom may do before expires_in). */
    public void expireAccessTokens() {
        synchronized (accessTokens) {
            accessTokens.replaceAll((token, expiry) -> clock.instant());
        }
    }

    public long calls(String api) {
        AtomicLong n = calls.get(api);
        return n == null ? 0 : n.get();
    }

    public List<ChatLine> transcript(String openKfId, String externalUserId) {
        Customer c = customer(openKfId, externalUserId);
        synchronized (c) {
            return List.copyOf(c.transcript);
        }
    }

    public int sessionState(String openKfId, String externalUserId) {
        Customer c = customer(openKfId, externalUserId);
        synchronized (c) {
            return c.state;
        }
    }

    /**
     * WeCom's state as a person reads it: 4 is "ended" only for a customer who ever wrote; before
     * that the session has not started (WeCom names 4 已结束/未开始 alike).
     */
    public String sessionStateName(String openKfId, String externalUserId) {
        Customer c = customer(openKfId, externalUserId);
        synchronized (c) {
            return c.state == 4 && c.lastCustomerMessage == null ? "未开始" : stateName(c.state);
        }
    }

    /** The chat as it happens: the transcript so far, then every new line. */
    public Flux<ChatLine> chat(String openKfId, String externalUserId) {
        Customer c = customer(openKfId, externalUserId);
        return c.live.asFlux();
    }

    /** Emits the open_kfid each time a message enters its log (the callback poster listens). */
    public Flux<String> newMessages() {
        return newMessages.asFlux();
    }

    // ---- internals --------------------------------------------------------------------------

    /** The msgmenu object of a send_msg body, or null when it breaks one of WeCom's limits. */
    private static ChatLine.Menu menuOf(Map<String, Object> msgmenu) {
        if (msgmenu == null || !(msgmenu.get("list") instanceof List<?> list) || list.isEmpty() || list.size() > 10) {
            return null;
        }
        String head = msgmenu.get("head_content") == null ? "" : msgmenu.get("head_content").toString();
        String tail = msgmenu.get("tail_content") == null ? "" : msgmenu.get("tail_content").toString();
        if (bytes(head) > 1024 || bytes(tail) > 1024) {
            return null;
        }
        List<ChatLine.Item> items = new ArrayList<>();
        for (Object entry : list) {
            if (!(entry instanceof Map<?, ?> item) || !"click".equals(item.get("type"))
                    || !(item.get("click") instanceof Map<?, ?> click)
                    || click.get("id") == null || click.get("content") == null) {
                return null;
            }
            String id = click.get("id").toString();
            String text = click.get("content").toString();
            if (bytes(id) < 1 || bytes(id) > 64 || bytes(text) < 1 || bytes(text) > 128) {
                return null;
            }
            items.add(new ChatLine.Item(id, text));
        }
        return new ChatLine.Menu(head, items, tail);
    }

    private static String menuText(ChatLine.Menu menu) {
        StringBuilder text = new StringBuilder(menu.head());
        menu.items().forEach(i -> text.append(text.isEmpty() ? "" : "\n").append(i.content()));
        if (!menu.tail().isEmpty()) {
            text.append("\n").append(menu.tail());
        }
        return text.toString();
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private String customerSends(String openKfId, String externalUserId, String msgtype, Map<String, Object> body,
                                 String shown) {
        Customer c = customer(openKfId, externalUserId);
        Map<String, Object> item = item(openKfId, externalUserId, 3, msgtype, Map.of(msgtype, body));
        synchronized (c) {
            if (c.state == 4) {
                c.state = 0; // a customer's message starts a new session
            }
            c.lastCustomerMessage = clock.instant();
            c.repliesSinceCustomer = 0;
            show(c, new ChatLine(ChatLine.CUSTOMER, shown, clock.instant(), (String) item.get("msgid")));
        }
        append(openKfId, item);
        return (String) item.get("msgid");
    }

    private void statusChanged(String openKfId, String externalUserId, int state, String servicer, String shown) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event_type", "session_status_change");
        event.put("open_kfid", openKfId);
        event.put("external_userid", externalUserId);
        event.put("change_type", switch (state) {
            case 3 -> 1;
            case 2 -> 2;
            default -> 3;
        });
        if (servicer != null) {
            event.put("new_servicer_userid", servicer);
        }
        event.put("msg_code", "msgcode_" + UUID.randomUUID());
        append(openKfId, item(openKfId, null, 4, "event", Map.of("event", event)));
        Customer c = customer(openKfId, externalUserId);
        synchronized (c) {
            show(c, new ChatLine(ChatLine.SYSTEM, shown, clock.instant(), null));
        }
    }

    private Map<String, Object> item(String openKfId, String externalUserId, int origin, String msgtype,
                                     Map<String, Object> payload) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("msgid", "sim_msg_" + UUID.randomUUID().toString().replace("-", ""));
        item.put("open_kfid", openKfId);
        if (externalUserId != null) {
            item.put("external_userid", externalUserId);
        }
        item.put("send_time", clock.instant().getEpochSecond());
        item.put("origin", origin);
        item.put("msgtype", msgtype);
        item.putAll(payload);
        return item;
    }

    private void append(String openKfId, Map<String, Object> item) {
        Deque<Logged> log = logs.get(openKfId);
        if (log == null) {
            throw new IllegalArgumentException("unknown open_kfid " + openKfId + "; simulated accounts: "
                    + settings.openKfIds());
        }
        synchronized (log) {
            log.add(new Logged(seq.getAndIncrement(), clock.instant(), item));
            if (log.size() > settings.maxLogMessages()) {
                log.removeFirst();
            }
        }
        synchronized (newMessages) {
            newMessages.tryEmitNext(openKfId);
        }
    }

    /** Called holding {@code c}'s lock. */
    private void show(Customer c, ChatLine line) {
        c.transcript.add(line);
        if (c.transcript.size() > c.maxLines) {
            c.transcript.removeFirst();
        }
        c.live.tryEmitNext(line);
    }

    private Customer customer(String openKfId, String externalUserId) {
        synchronized (customers) {
            return customers.computeIfAbsent(openKfId + "/" + externalUserId, k -> new Customer(settings.maxChatLines()));
        }
    }

    /** How many customers the simulator keeps now (at most {@code max-customers}). */
    int customersKept() {
        synchronized (customers) {
            return customers.size();
        }
    }

    /** How many messages an account's log keeps now (at most {@code max-log-messages}). */
    int logged(String openKfId) {
        Deque<Logged> log = logs.get(openKfId);
        synchronized (log) {
            return log.size();
        }
    }

    int accessTokensKept() {
        synchronized (accessTokens) {
            return accessTokens.size();
        }
    }

    private Answer takeInjected(String api) {
        Deque<Integer> queue = injected.get(api);
        if (queue == null) {
            return null;
        }
        Integer code;
        synchronized (queue) {
            code = queue.poll();
        }
        return code == null ? null : Answer.error(code, "injected by the simulator");
    }

    private void count(String api) {
        calls.computeIfAbsent(api, k -> new AtomicLong()).incrementAndGet();
    }

    private static long parseCursor(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return -1;
        }
        try {
            return cursor.startsWith("c") ? Long.parseLong(cursor.substring(1)) : -2;
        } catch (NumberFormatException e) {
            return -2;
        }
    }

    static String stateName(int state) {
        return switch (state) {
            case 0 -> "未处理";
            case 1 -> "智能助手接待";
            case 2 -> "待接入池排队";
            case 3 -> "人工接待";
            case 4 -> "已结束";
            default -> String.valueOf(state);
        };
    }
}
