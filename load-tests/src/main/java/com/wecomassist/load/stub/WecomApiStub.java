package com.wecomassist.load.stub;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The WeCom API as the gateway calls it ({@code /cgi-bin/gettoken}, {@code kf/sync_msg},
 * {@code kf/send_msg}, {@code kf/send_msg_on_event}, {@code kf/service_state/get|trans}) on Reactor
 * Netty: no thread per request, so thousands of calls can be in flight. Any open_kfid is accepted;
 * sessions are always servable by the bot (state 1), so every reply the gateway decides to send is
 * delivered and counted. kf/send_msg takes {@code text} and {@code msgmenu} (猜你想问 menus, checked
 * against WeCom's limits by {@link MsgMenu}); anything else is refused. 客户联系: the synthetic customers
 * of {@link SyntheticContacts} ({@code externalcontact/get_follow_user_list}, {@code batch/get_by_user},
 * {@code get}) and {@code send_welcome_msg}, whose arrivals {@link WelcomeArrivals} records; 企业群发
 * ({@code add_msg_template}, {@code get_groupmsg_send_result}, remind, cancel), which {@link GroupSendTasks}
 * records and checks against WeCom's monthly limit ({@code GET /_load/group-sends}).
 *
 * <p>Control endpoints for the load generator (not WeCom's): {@code POST /_load/hold} puts a
 * customer's text message into the account's log for sync_msg to return (with {@code menu_id}: a
 * click on a menu item, as WeCom reports one); {@code GET /_load/await} answers once a customer got a
 * reply beyond a count (or after a timeout), with the messages beyond it that are still kept, as the
 * customer's client shows them; {@code GET /_load/stats} and {@code GET /_load/sends} give the
 * recorded replies with their times and end-to-end latency (from the hold of the customer's latest
 * message to the send_msg call); {@code GET /_load/welcomes} the welcomes' arrivals.
 */
public final class WecomApiStub implements AutoCloseable {

    /** Replies recorded at most; beyond it they are only counted (memory stays bounded). */
    static final int MAX_RECORDED_SENDS = 2_000_000;
    /** Messages kept per customer for {@code /_load/await} (the latest; older ones are only counted). */
    static final int KEPT_PER_CUSTOMER = 16;
    /** Documented errcode for an invalid parameter: what WeCom answers for a malformed message. */
    static final int INVALID_PARAMETER = 40058;
    /** How long WeCom accepts an add_external_contact event's welcome_code. */
    static final Duration WELCOME_CODE_LIFETIME = Duration.ofSeconds(20);

    /** One reply the gateway sent through kf/send_msg ({@code msgtype} text or msgmenu). */
    public record SendRecord(long atMillis, long latencyMicros, String openKfId, String toUser, String msgid,
                             int contentBytes, String msgtype) {
    }

    /** A message as the customer's client shows it: its number for this customer (1, 2, …), type and content. */
    private record Delivered(int n, String msgtype, String content, MsgMenu menu) {

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("n", n);
            m.put("msgtype", msgtype);
            if (menu != null) {
                m.put("msgmenu", menu.body());
            } else {
                m.put("text", Map.of("content", content));
            }
            return m;
        }
    }

    private record Logged(long seq, Map<String, Object> item) {
    }

    private static final class Customer {
        volatile long lastHeldNanos;
        final AtomicInteger replies = new AtomicInteger();
        /** WeCom's service_state of the session; 1 (the bot holds it) unless a test set another. */
        volatile int serviceState = 1;
        volatile boolean transferred;
        /** How often each text reached the customer under different msgids (a count above 1 is a duplicate). */
        final Map<String, AtomicInteger> texts = new ConcurrentHashMap<>();
        final Sinks.Many<Integer> replyCount = Sinks.many().replay().latest();
        /** The latest messages, guarded by itself. */
        final java.util.ArrayDeque<Delivered> kept = new java.util.ArrayDeque<>();

        /** Numbers the message and keeps it (dropping the oldest beyond the bound); answers its number. */
        int deliver(String msgtype, String content, MsgMenu menu) {
            synchronized (kept) {
                int n = replies.incrementAndGet();
                kept.addLast(new Delivered(n, msgtype, content, menu));
                if (kept.size() > KEPT_PER_CUSTOMER) {
                    kept.removeFirst();
                }
                return n;
            }
        }

        List<Map<String, Object>> after(int n) {
            synchronized (kept) {
                return kept.stream().filter(d -> d.n() > n).map(Delivered::json).toList();
            }
        }
    }

    private final Map<String, List<Logged>> logs = new ConcurrentHashMap<>();
    private final Map<String, Customer> customers = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<SendRecord> sends = new ConcurrentLinkedQueue<>();
    private final Set<String> sentMsgIds = ConcurrentHashMap.newKeySet();
    private final AtomicLong sendCount = new AtomicLong();
    private final AtomicLong duplicateSends = new AtomicLong();
    private final AtomicLong menus = new AtomicLong();
    private final AtomicLong refusedSends = new AtomicLong();
    private final AtomicLong clicks = new AtomicLong();
    private final AtomicLong held = new AtomicLong();
    private final AtomicLong seq = new AtomicLong();
    private final AtomicLong tokens = new AtomicLong();
    private final long startNanos = System.nanoTime();
    private final long startMillis = System.currentTimeMillis();
    private final DisposableServer server;
    /** Faults to inject into WeCom's API (the fault suite's; none unless a test adds them). */
    private final StubFaults faults = new StubFaults();

    /** 客户联系: the synthetic customers the directory sync reads, and the welcomes' arrivals. */
    private final SyntheticContacts contacts;
    /** How long the 客户联系 calls take to answer (WeCom's round trip from a bank; zero on loopback by default). */
    private final Duration contactsLatency;
    private final WelcomeArrivals welcomes = new WelcomeArrivals(WELCOME_CODE_LIFETIME);
    /** 企业群发 tasks the strategies engine creates (add_msg_template), with WeCom's monthly limit checked. */
    private final GroupSendTasks groupSends = new GroupSendTasks();

    public WecomApiStub(String host, int port) {
        this(host, port, new SyntheticContacts(0, 1), Duration.ZERO);
    }

    public WecomApiStub(String host, int port, SyntheticContacts contacts, Duration contactsLatency) {
        this.contacts = contacts;
        this.contactsLatency = contactsLatency;
        this.server = HttpServer.create().host(host).port(port)
                .route(r -> r
                        .get("/cgi-bin/gettoken", (req, res) -> api("gettoken", req, res, b -> getToken()))
                        .post("/cgi-bin/kf/sync_msg", (req, res) -> api("kf/sync_msg", req, res, this::syncMsg))
                        .post("/cgi-bin/kf/send_msg", (req, res) -> api("kf/send_msg", req, res, this::sendMsg))
                        .post("/cgi-bin/kf/send_msg_on_event", (req, res) -> api("kf/send_msg_on_event", req, res,
                                this::sendMsgOnEvent))
                        .post("/cgi-bin/kf/service_state/get", (req, res) -> api("kf/service_state/get", req, res,
                                this::serviceState))
                        .post("/cgi-bin/kf/service_state/trans", (req, res) -> api("kf/service_state/trans", req, res,
                                this::transfer))
                        .get("/cgi-bin/externalcontact/get_follow_user_list", (req, res) -> api(
                                "externalcontact/get_follow_user_list", req, res, counted(
                                        "externalcontact/get_follow_user_list", b -> contacts.followUserList())))
                        .post("/cgi-bin/externalcontact/batch/get_by_user", (req, res) -> api(
                                "externalcontact/batch/get_by_user", req, res, counted(
                                        "externalcontact/batch/get_by_user", this::contactsByUser)))
                        .get("/cgi-bin/externalcontact/get", (req, res) -> api("externalcontact/get", req, res,
                                counted("externalcontact/get", b -> contacts.get(param(new QueryStringDecoder(req.uri()),
                                        "external_userid", "")))))
                        .post("/cgi-bin/externalcontact/send_welcome_msg", (req, res) -> api(
                                "externalcontact/send_welcome_msg", req, res, counted(
                                        "externalcontact/send_welcome_msg", b -> welcomes.send(b, System.currentTimeMillis()))))
                        .post("/cgi-bin/externalcontact/add_msg_template", (req, res) -> api(
                                "externalcontact/add_msg_template", req, res, counted(
                                        "externalcontact/add_msg_template", b -> groupSends.add(b, System.currentTimeMillis()))))
                        .post("/cgi-bin/externalcontact/get_groupmsg_send_result", (req, res) -> api(
                                "externalcontact/get_groupmsg_send_result", req, res, counted(
                                        "externalcontact/get_groupmsg_send_result", groupSends::sendResult)))
                        .post("/cgi-bin/externalcontact/remind_groupmsg_send", (req, res) -> api(
                                "externalcontact/remind_groupmsg_send", req, res, counted(
                                        "externalcontact/remind_groupmsg_send", b -> ok(Map.of()))))
                        .post("/cgi-bin/externalcontact/cancel_groupmsg_send", (req, res) -> api(
                                "externalcontact/cancel_groupmsg_send", req, res, counted(
                                        "externalcontact/cancel_groupmsg_send", b -> ok(Map.of()))))
                        .post("/_load/hold", (req, res) -> body(req, res, this::hold))
                        .get("/_load/await", this::await)
                        .get("/_load/stats", (req, res) -> json(res, stats()))
                        .get("/_load/group-sends", (req, res) -> json(res, groupSends.stats()))
                        .get("/_load/sends", (req, res) -> json(res, sendsSince(req)))
                        .get("/_load/welcomes", (req, res) -> json(res, welcomes.arrivals(Long.parseLong(
                                param(new QueryStringDecoder(req.uri()), "since_ms", "0"))))))
                .bindNow(Duration.ofSeconds(10));
    }


    public String baseUrl() {
        return "http://" + server.host() + ":" + server.port();
    }

    // ---- WeCom's API -------------------------------------------------------------------------

    Map<String, Object> getToken() {
        count("gettoken");
        return ok(Map.of("access_token", "load_token_" + tokens.incrementAndGet(), "expires_in", 7200));
    }

    Map<String, Object> syncMsg(JsonNode body) {
        count("kf/sync_msg");
        String openKfId = body.path("open_kfid").asText("");
        String cursor = body.path("cursor").asText("");
        int limit = body.path("limit").asInt(1000);
        int max = Math.max(1, Math.min(limit <= 0 ? 1000 : limit, 1000));
        long after;
        try {
            after = cursor.isEmpty() ? -1 : Long.parseLong(cursor.substring(1));
        } catch (RuntimeException e) {
            return error(95000, "invalid cursor");
        }
        List<Logged> log = logs.computeIfAbsent(openKfId, k -> new ArrayList<>());
        List<Map<String, Object>> page = new ArrayList<>();
        long last = after;
        boolean more = false;
        synchronized (log) {
            int from = firstAfter(log, after);
            for (int i = from; i < log.size(); i++) {
                if (page.size() == max) {
                    more = true;
                    break;
                }
                page.add(log.get(i).item());
                last = log.get(i).seq();
            }
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("next_cursor", last >= 0 ? "c" + last : cursor);
        fields.put("has_more", more ? 1 : 0);
        fields.put("msg_list", page);
        return ok(fields);
    }

    /** Index of the first entry with a sequence above {@code after} (the log is in sequence order). */
    private static int firstAfter(List<Logged> log, long after) {
        int lo = 0;
        int hi = log.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (log.get(mid).seq() <= after) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    Map<String, Object> sendMsg(JsonNode body) {
        count("kf/send_msg");
        long now = System.nanoTime();
        String openKfId = body.path("open_kfid").asText("");
        String toUser = body.path("touser").asText("");
        String msgid = body.path("msgid").asText("");
        String msgtype = body.path("msgtype").asText("text");
        String content = "";
        MsgMenu menu = null;
        int bytes;
        if (openKfId.isEmpty() || toUser.isEmpty()) {
            return refused(INVALID_PARAMETER, "invalid open_kfid or touser");
        }
        if ("msgmenu".equals(msgtype)) {
            try {
                menu = MsgMenu.read(body.get("msgmenu"));
            } catch (MsgMenu.Invalid e) {
                return refused(INVALID_PARAMETER, e.getMessage());
            }
            bytes = menu.bytes();
        } else if ("text".equals(msgtype)) {
            content = body.path("text").path("content").asText("");
            if (content.isEmpty()) {
                return refused(INVALID_PARAMETER, "invalid content");
            }
            bytes = content.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (bytes > 2048) {
                return refused(95001, "content exceeds 2048 bytes");
            }
        } else {
            return refused(INVALID_PARAMETER, "msgtype " + msgtype + " is not simulated (text and msgmenu are)");
        }
        Customer c = customer(openKfId, toUser);
        if (c.serviceState != 0 && c.serviceState != 1) {
            return refused(95018, "invalid service state: session is not served by the bot");
        }
        String id = msgid.isEmpty() ? "load_" + seq.incrementAndGet() : msgid;
        if (!sentMsgIds.add(openKfId + "/" + id)) {
            duplicateSends.incrementAndGet();
            return ok(Map.of("msgid", id));
        }
        c.texts.computeIfAbsent(msgtype + ":" + (menu != null ? menu.body().toString() : content),
                k -> new AtomicInteger()).incrementAndGet();
        long latencyMicros = c.lastHeldNanos == 0 ? -1 : (now - c.lastHeldNanos) / 1000;
        if (sendCount.incrementAndGet() <= MAX_RECORDED_SENDS) {
            sends.add(new SendRecord(startMillis + (now - startNanos) / 1_000_000, latencyMicros, openKfId, toUser, id,
                    bytes, msgtype));
        }
        if (menu != null) {
            menus.incrementAndGet();
        }
        // Several event loops may send to one customer at once: retry the emission briefly, never drop it.
        c.replyCount.emitNext(c.deliver(msgtype, content, menu), Sinks.EmitFailureHandler.busyLooping(Duration.ofMillis(100)));
        return ok(Map.of("msgid", id));
    }

    Map<String, Object> sendMsgOnEvent(JsonNode body) {
        count("kf/send_msg_on_event");
        return ok(Map.of("msgid", body.path("msgid").asText("load_ev_" + seq.incrementAndGet())));
    }

    Map<String, Object> serviceState(JsonNode body) {
        count("kf/service_state/get");
        Customer c = customer(body.path("open_kfid").asText(""), body.path("external_userid").asText(""));
        return ok(Map.of("service_state", c.serviceState));
    }

    Map<String, Object> transfer(JsonNode body) {
        count("kf/service_state/trans");
        Customer c = customer(body.path("open_kfid").asText(""), body.path("external_userid").asText(""));
        c.transferred = true;
        int to = body.path("service_state").asInt(2);
        c.serviceState = to;
        return ok(Map.of("msg_code", "load_msgcode_" + seq.incrementAndGet()));
    }

    Object contactsByUser(JsonNode body) {
        List<String> userids = new ArrayList<>();
        body.path("userid_list").forEach(u -> userids.add(u.asText()));
        return contacts.byUser(userids, body.path("cursor").asText(""), body.path("limit").asInt(0));
    }

    /** The 企业群发 tasks recorded (the events scenario reads them through {@code GET /_load/group-sends}). */
    public GroupSendTasks groupSends() {
        return groupSends;
    }

    /** The welcomes recorded (the welcomes scenario reads them through {@code GET /_load/welcomes}). */
    public WelcomeArrivals welcomes() {
        return welcomes;
    }

    // ---- the load generator's controls -------------------------------------------------------

    /** Puts one customer text message into the account's log; answers its msgid and the replies so far. */
    public Map<String, Object> hold(String openKfId, String externalUserId, String content) {
        return hold(openKfId, externalUserId, content, null);
    }

    /**
     * Puts one customer text message into the account's log, or with {@code menuId} a click on a
     * msgmenu item as WeCom reports it (a text whose content is the item's text and whose
     * {@code text.menu_id} is the item's id); answers its msgid and the replies so far.
     */
    public Map<String, Object> hold(String openKfId, String externalUserId, String content, String menuId) {
        Customer c = customer(openKfId, externalUserId);
        long s = seq.incrementAndGet();
        Map<String, Object> item = new LinkedHashMap<>();
        String msgid = "load_msg_" + s;
        item.put("msgid", msgid);
        item.put("open_kfid", openKfId);
        item.put("external_userid", externalUserId);
        item.put("send_time", System.currentTimeMillis() / 1000);
        item.put("origin", 3);
        item.put("msgtype", "text");
        if (menuId == null || menuId.isEmpty()) {
            item.put("text", Map.of("content", content));
        } else {
            item.put("text", Map.of("content", content, "menu_id", menuId));
            clicks.incrementAndGet();
        }
        List<Logged> log = logs.computeIfAbsent(openKfId, k -> new ArrayList<>());
        synchronized (log) {
            c.lastHeldNanos = System.nanoTime();
            // Appended under the lock with a fresh sequence so the log stays in order for the cursor.
            log.add(new Logged(seq.incrementAndGet(), item));
        }
        held.incrementAndGet();
        return ok(Map.of("msgid", msgid, "replies", c.replies.get()));
    }

    private Map<String, Object> hold(JsonNode body) {
        return hold(body.path("open_kfid").asText("wkLoad01"), body.path("external_userid").asText("wmLoad"),
                body.path("content").asText("你好"), body.path("menu_id").asText(""));
    }

    private Publisher<Void> await(HttpServerRequest req, HttpServerResponse res) {
        QueryStringDecoder q = new QueryStringDecoder(req.uri());
        String openKfId = param(q, "open_kfid", "wkLoad01");
        String user = param(q, "external_userid", "wmLoad");
        int after = Integer.parseInt(param(q, "after", "0"));
        long timeoutMs = Math.min(120_000, Long.parseLong(param(q, "timeout_ms", "30000")));
        Customer c = customer(openKfId, user);
        // a reply already counted answers at once (two sends may emit their counts out of order)
        Mono<Map<String, Object>> answer = Mono.defer(() -> c.replies.get() > after ? Mono.just(c.replies.get())
                        : c.replyCount.asFlux().filter(n -> n > after).next())
                .map(n -> {
                    List<Map<String, Object>> messages = c.after(after);
                    // the count the messages reach: a next await after it shows only what is newer
                    int reached = messages.isEmpty() ? n : Math.max(n, (Integer) messages.get(messages.size() - 1).get("n"));
                    return ok(Map.of("replies", reached, "messages", messages));
                })
                .timeout(Duration.ofMillis(timeoutMs), Mono.fromSupplier(() -> {
                    Map<String, Object> late = error(408, "no reply in time");
                    late.put("replies", c.replies.get());
                    late.put("messages", List.of());
                    return late;
                }));
        return answer.flatMap(m -> Mono.from(json(res, m)));
    }

    // ---- the fault suite's controls and observations ---------------------------------------------

    /** Faults to inject into the API's answers. */
    public StubFaults faults() {
        return faults;
    }

    /** Sets WeCom's service_state of one session (3: a servicer holds it, 4: ended; send_msg then answers 95018). */
    public void serviceState(String openKfId, String externalUserId, int state) {
        customer(openKfId, externalUserId).serviceState = state;
    }

    /**
     * What became of one customer, as WeCom saw it: messages delivered (distinct msgids), whether the
     * session was transferred (service_state/trans), and how many texts reached them more than once
     * under different msgids; whether a person holds the session now (service_state 2 or 3).
     */
    public record CustomerView(int delivered, boolean transferred, int duplicatedTexts, boolean servedByPerson) {
    }

    public CustomerView customerView(String openKfId, String externalUserId) {
        Customer c = customer(openKfId, externalUserId);
        int duplicated = (int) c.texts.values().stream().filter(n -> n.get() > 1).count();
        return new CustomerView(c.replies.get(), c.transferred, duplicated, c.serviceState == 2 || c.serviceState == 3);
    }

    public Map<String, Object> stats() {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Long> callCounts = new LinkedHashMap<>();
        calls.forEach((k, v) -> callCounts.put(k, v.get()));
        m.put("calls", callCounts);
        m.put("held", held.get());
        m.put("sends", sendCount.get());
        m.put("duplicate_sends", duplicateSends.get());
        m.put("menus", menus.get());
        m.put("menu_clicks", clicks.get());
        m.put("refused_sends", refusedSends.get());
        m.put("customers", customers.size());
        m.put("contacts", Map.of("customers", contacts.customers(), "employees", contacts.employees()));
        m.put("welcome", welcomes.stats());
        return m;
    }

    /** Recorded replies at or after {@code since_ms} (epoch milliseconds). */
    public List<SendRecord> sends(long sinceMillis) {
        List<SendRecord> out = new ArrayList<>();
        for (SendRecord r : sends) {
            if (r.atMillis() >= sinceMillis) {
                out.add(r);
            }
        }
        return out;
    }

    private List<SendRecord> sendsSince(HttpServerRequest req) {
        return sends(Long.parseLong(param(new QueryStringDecoder(req.uri()), "since_ms", "0")));
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }

    // ---- plumbing ----------------------------------------------------------------------------

    private Customer customer(String openKfId, String user) {
        return customers.computeIfAbsent(openKfId + "/" + user, k -> new Customer());
    }

    /** A handler that counts its calls first (the 客户联系 handlers; the kf ones count themselves). */
    private java.util.function.Function<JsonNode, Object> counted(String api,
                                                                 java.util.function.Function<JsonNode, Object> handler) {
        return body -> {
            count(api);
            return handler.apply(body);
        };
    }

    private void count(String api) {
        calls.computeIfAbsent(api, k -> new AtomicLong()).incrementAndGet();
    }

    private static String param(QueryStringDecoder q, String name, String fallback) {
        List<String> values = q.parameters().get(name);
        return values == null || values.isEmpty() ? fallback : values.get(0);
    }

    static Map<String, Object> ok(Map<String, Object> fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("errcode", 0);
        m.put("errmsg", "ok");
        m.putAll(fields);
        return m;
    }

    /** A send_msg WeCom would refuse: counted (a load run must show it), answered with WeCom's error shape. */
    private Map<String, Object> refused(int errcode, String errmsg) {
        refusedSends.incrementAndGet();
        return error(errcode, errmsg);
    }

    static Map<String, Object> error(int errcode, String errmsg) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("errcode", errcode);
        m.put("errmsg", errmsg);
        return m;
    }

    private static Publisher<Void> body(HttpServerRequest req, HttpServerResponse res,
                                        java.util.function.Function<JsonNode, Object> handler) {
        return req.receive().aggregate().asString().defaultIfEmpty("")
                .flatMap(text -> Mono.from(json(res, handler.apply(Json.tree(text)))));
    }

    /** One WeCom API call: its handler, unless an injected fault replaces, delays or follows it. */
    private Publisher<Void> api(String name, HttpServerRequest req, HttpServerResponse res,
                                java.util.function.Function<JsonNode, Object> handler) {
        StubFaults.Fault fault = faults.take(name).orElse(null);
        if (fault == null && name.startsWith("externalcontact/") && !contactsLatency.isZero()) {
            // answered after WeCom's round trip, on a timer: the call is made at once, its answer waits
            return req.receive().aggregate().asString().defaultIfEmpty("")
                    .flatMap(text -> {
                        Object answer = handler.apply(Json.tree(text));
                        return Mono.delay(contactsLatency).then(Mono.from(json(res, answer)));
                    });
        }
        if (fault == null) {
            return body(req, res, handler);
        }
        return req.receive().aggregate().asString().defaultIfEmpty("").flatMap(text -> {
            JsonNode body = Json.tree(text);
            if (fault instanceof StubFaults.WecomError e) {
                return Mono.from(json(res, error(e.errcode(), e.errmsg())));
            }
            if (fault instanceof StubFaults.Slow s) {
                return Mono.delay(s.delay()).then(Mono.from(json(res, handler.apply(body))));
            }
            if (fault instanceof StubFaults.HttpStatus s) {
                if (s.afterDoing()) {
                    handler.apply(body); // it took effect; the answer says otherwise
                }
                return Mono.from(res.status(s.status()).sendString(Mono.just("injected by the fault suite")));
            }
            return Mono.never(); // Hang (a cut stream means nothing to a JSON API: it hangs too)
        });
    }

    static Publisher<Void> json(HttpServerResponse res, Object value) {
        return res.status(HttpResponseStatus.OK).header("Content-Type", "application/json; charset=utf-8")
                .sendByteArray(Mono.just(Json.bytes(value)));
    }
}
