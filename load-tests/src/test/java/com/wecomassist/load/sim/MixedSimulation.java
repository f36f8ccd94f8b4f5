package com.wecomassist.load.sim;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.doSwitch;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.onCase;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.wecomassist.load.CustomerQuestions;
import com.wecomassist.load.LoadConfig;
import com.wecomassist.load.MenuCustomers;
import com.wecomassist.load.callback.CallbackSigner;
import com.wecomassist.load.report.ApprovalQueueSampler;
import com.wecomassist.load.report.GatewayGauges;
import com.wecomassist.load.report.GatewayTimers;
import com.wecomassist.load.report.MenuReport;
import com.wecomassist.load.report.MixedReport;
import com.wecomassist.load.report.Recorder;
import com.wecomassist.load.stub.Json;
import com.wecomassist.load.stub.MsgMenu;
import com.wecomassist.load.stub.WecomApiStub.SendRecord;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scenario 4, mixed with people. Customers keep writing as in scenario 2, but with the normal
 * auto-send threshold, and a share of their questions ({@code load.unsure-share}) are ones the
 * knowledge base cannot answer surely, so their drafts wait in the approval queue. Meanwhile
 * {@code load.agents} agents, each logged in with HTTP Basic as {@code agent01…} (role AGENT), poll
 * {@code GET /api/approvals?queue=direct}, claim a draft nobody holds, think for a uniform
 * {@code load.think-seconds} (8–20 s by default) and approve it. An unsure question comes from a
 * customer of its own each time: a conversation with repeated unsure questions would be handed to a
 * person, and then no reply would ever come. Run by {@code ./assist load mixed}, never by verify.
 *
 * <p>With {@code load.question-source=list} ({@code ./assist load menus}) the customers ask what real
 * ones ask instead of one sentence: questions drawn from the labelled lists ({@link CustomerQuestions},
 * a share of them ambiguous), each turn as a new visitor (one question per customer, as on a bank's
 * 微信客服: a conversation's earlier unsure turns would otherwise send it to the people's queue). A
 * customer who gets a 猜你想问 menu reads it and taps the entry they meant when it is there, else
 * writes 人工 or leaves it ({@link MenuCustomers}); the report adds what they saw and the gateway's
 * live split ({@link MenuReport}). Menus are answered this way in both question sources.
 */
public class MixedSimulation extends Simulation {

    private static final Recorder RECORDER = new Recorder();
    private static final AtomicInteger CUSTOMER = new AtomicInteger();
    private static final AtomicInteger AGENT = new AtomicInteger();
    private static final ConcurrentLinkedQueue<MixedReport.Approval> APPROVALS = new ConcurrentLinkedQueue<>();
    private static final int RAMP_SECONDS = 10;
    /** The stub answers an await after 30 s at most; a customer keeps waiting for up to this long in all. */
    private static final long REPLY_PATIENCE_MS = 150_000;
    private static final String UNSURE_QUESTION = "那个东西怎么弄";
    private static final ConcurrentLinkedQueue<MenuReport.Seen> MENUS = new ConcurrentLinkedQueue<>();

    private final LoadConfig config = LoadConfig.fromEnvironment();
    private final CallbackSigner signer = new CallbackSigner(config.token(), config.encodingAesKey(), config.corpId());
    private final GatewayGauges gauges = new GatewayGauges(config.gatewayUrl());
    private final ApprovalQueueSampler queue = new ApprovalQueueSampler(config.gatewayUrl());
    private final int agents = Integer.parseInt(LoadConfig.setting("agents", "20"));
    private final double[] think = thinkSeconds(LoadConfig.setting("think-seconds", "8-20"));
    private final double unsureShare = Double.parseDouble(LoadConfig.setting("unsure-share", "0.3"));
    /** Between a customer's turns (list: between one visitor's answer and the next visitor's question). */
    private final double[] pause = thinkSeconds(LoadConfig.setting("pause-seconds", "1-3"));
    private final String sla = LoadConfig.setting("sla", "60s");
    private final String agentPassword = LoadConfig.setting("gateway-password", "test-password-1");
    /** one: {@code load.question} again and again (scenario 4); list: drawn labelled questions, one per visitor. */
    private final boolean drawn = questionSource(LoadConfig.setting("question-source", "one"));
    private final CustomerQuestions questions = CustomerQuestions.fromEnvironment();
    private final MenuCustomers menuCustomers = MenuCustomers.fromEnvironment();
    /** The gateway's text after 人工 ({@code assist.reply.menu-declined-text}): the customer waits on past it. */
    private final String declinedNotice = LoadConfig.setting("menu-declined-text", "好的，已将您的问题转给工作人员，请稍候。");
    private long scenarioStart;

    static boolean questionSource(String source) {
        return switch (source) {
            case "one" -> false;
            case "list" -> true;
            default -> throw new IllegalArgumentException("load.question-source must be one or list, not " + source);
        };
    }

    static double[] thinkSeconds(String range) {
        double[] parsed = MenuCustomers.range(range, "load.think-seconds");
        double min = parsed[0];
        double max = parsed[1];
        if (min < 0 || max < min || max > 600) {
            throw new IllegalArgumentException("load.think-seconds must be MIN-MAX within 0..600 s, not " + range);
        }
        return new double[] {min, max};
    }

    private final ScenarioBuilder customers = scenario("customer")
            .exec(session -> {
                int id = CUSTOMER.getAndIncrement();
                return session.set("kf", config.openKfId(id)).set("base", String.format("wmMixedCustomer%06d", id))
                        .set("turn", 0);
            })
            // false: a customer waiting for an answer at the end keeps waiting (Gatling would cut the turn off)
            .during(Duration.ofSeconds(config.conversationSeconds()), false).on(
                    exec(this::newTurn)
                    .exec(http("hold").post(config.wecomUrl() + "/_load/hold").header("Content-Type", "application/json")
                            .body(StringBody("#{hold}"))
                            .check(status().is(200), jsonPath("$.replies").ofInt().saveAs("replies")))
                    .exec(callback())
                    .exec(awaitReply("await reply", false))
                    .exec(MixedSimulation::recordTurn)
                    .doIf(session -> session.contains("menuItems")).then(answerMenu())
                    .exec(session -> session.removeAll("menuItems", "menuAction", "menuItem", "menuAt", "tChoice", "waitFor")
                            .markAsSucceeded())
                    // a person reads the answer before writing again (list: the next visitor comes)
                    .pause(Duration.ofMillis((long) (pause[0] * 1000)), Duration.ofMillis((long) (pause[1] * 1000))));

    /** The next question: the one sentence, the unsure one from a new customer, or (list) a drawn one from a new visitor. */
    private Session newTurn(Session session) {
        int turn = session.getInt("turn") + 1;
        boolean unsure = ThreadLocalRandom.current().nextDouble() < unsureShare;
        CustomerQuestions.Question asked = unsure ? new CustomerQuestions.Question(UNSURE_QUESTION, null)
                : drawn ? questions.nextQuestion() : new CustomerQuestions.Question(config.question(), null);
        // an unsure question is a new customer's (see the class comment); so is every drawn one
        String user = unsure ? session.getString("base") + "t" + turn
                : drawn ? session.getString("base") + "v" + turn : session.getString("base");
        return session.set("turn", turn).set("unsure", unsure).set("user", user)
                .set("expected", asked.expectedEntryId() == null ? "" : asked.expectedEntryId())
                .set("t0", System.nanoTime()).set("t0ms", System.currentTimeMillis())
                .set("hold", Json.string(Map.of("open_kfid", session.getString("kf"), "external_userid", user,
                        "content", asked.text())));
    }

    /** A signed callback telling the gateway there is something to sync. */
    private ChainBuilder callback() {
        return exec(session -> {
            CallbackSigner.SignedCallback cb = signer.kfEvent(session.getString("kf"));
            return session.set("query", cb.query()).set("body", cb.body());
        })
                .exec(http("callback").post(config.gatewayUrl() + "/wecom/callback?#{query}")
                        .header("Content-Type", "text/xml").body(StringBody("#{body}")).check(status().is(200)));
    }

    /**
     * Waits (long polls of 30 s, up to the patience since {@code waitFrom}) for the next message to the
     * customer; with {@code pastNotice}, for the next one that is not the gateway's notice after 人工.
     * Leaves {@code awaited} 0 when it came, {@code got} its JSON messages and {@code replies} the count.
     */
    private ChainBuilder awaitReply(String name, boolean pastNotice) {
        return exec(session -> session.set("awaited", -1).set("waitFrom", System.nanoTime()))
                .asLongAs(session -> session.getInt("awaited") != 0
                        && (System.nanoTime() - session.getLong("waitFrom")) / 1_000_000 < REPLY_PATIENCE_MS).on(
                        exec(http(name).get(config.wecomUrl()
                                        + "/_load/await?open_kfid=#{kf}&external_userid=#{user}&after=#{replies}&timeout_ms=30000")
                                .check(status().is(200), jsonPath("$.errcode").ofInt().saveAs("awaited"),
                                        jsonPath("$.replies").ofInt().saveAs("replies"), bodyString().saveAs("got")))
                        .exec(session -> pastNotice && session.getInt("awaited") == 0 && onlyNotice(session.getString("got"))
                                ? session.set("awaited", -1) : session));
    }

    private boolean onlyNotice(String awaitBody) {
        for (JsonNode m : Json.tree(awaitBody).path("messages")) {
            if (!declinedNotice.equals(m.path("text").path("content").asText(null))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The customer's answer to a 猜你想问 menu: read it, then tap the meant entry, write 人工, or leave it
     * and wait for a person; every way ends at the next message that answers, or at the patience.
     */
    private ChainBuilder answerMenu() {
        return exec(session -> {
            @SuppressWarnings("unchecked")
            List<MsgMenu.Item> items = (List<MsgMenu.Item>) session.get("menuItems");
            MenuCustomers.Choice choice = menuCustomers.choose(emptyToNull(session.getString("expected")), items,
                    ThreadLocalRandom.current());
            Session s = session.set("menuAction", choice.action().name())
                    .set("think", menuCustomers.thinkTime(ThreadLocalRandom.current()));
            return choice.item() == null ? s : s.set("menuItem", choice.item());
        })
                .pause(session -> session.<Duration>get("think"))
                .exec(session -> session.set("tChoice", System.nanoTime()))
                .doSwitch("#{menuAction}").on(
                        onCase("CLICK").then(
                                exec(session -> {
                                    MsgMenu.Item item = session.get("menuItem");
                                    // as WeCom reports a tap: the item's text, and its id as text.menu_id
                                    return session.set("hold", Json.string(Map.of("open_kfid", session.getString("kf"),
                                            "external_userid", session.getString("user"), "content", item.content(),
                                            "menu_id", item.id())));
                                })
                                .exec(http("menu click").post(config.wecomUrl() + "/_load/hold")
                                        .header("Content-Type", "application/json").body(StringBody("#{hold}"))
                                        .check(status().is(200), jsonPath("$.replies").ofInt().saveAs("replies")))
                                .exec(callback())
                                .exec(awaitReply("await menu answer", false))),
                        onCase("PERSON").then(
                                exec(session -> session.set("hold", Json.string(Map.of("open_kfid", session.getString("kf"),
                                        "external_userid", session.getString("user"), "content", MenuCustomers.PERSON))))
                                .exec(http("menu 人工").post(config.wecomUrl() + "/_load/hold")
                                        .header("Content-Type", "application/json").body(StringBody("#{hold}"))
                                        .check(status().is(200), jsonPath("$.replies").ofInt().saveAs("replies")))
                                .exec(callback())
                                .exec(awaitReply("await person after 人工", true))),
                        onCase("IGNORE").then(awaitReply("await person after lapse", false)))
                .exec(MixedSimulation::recordMenu);
    }

    private static Session recordTurn(Session session) {
        boolean ok = !session.isFailed() && session.getInt("awaited") == 0;
        long micros = (System.nanoTime() - session.getLong("t0")) / 1000;
        RECORDER.record(session.getBoolean("unsure") ? "reply unsure" : "reply confident", session.getLong("t0ms"), micros, ok);
        Session s = session.markAsSucceeded();
        if (ok) {
            // the first message back is a menu: the customer answers it next
            JsonNode first = Json.tree(session.getString("got")).path("messages").path(0);
            if ("msgmenu".equals(first.path("msgtype").asText())) {
                RECORDER.record("menu offered", session.getLong("t0ms"), micros, true);
                s = s.set("menuItems", MsgMenu.itemsOf(first.path("msgmenu"))).set("menuAt", System.currentTimeMillis());
            }
        }
        return s.remove("got");
    }

    private static Session recordMenu(Session session) {
        @SuppressWarnings("unchecked")
        List<MsgMenu.Item> items = (List<MsgMenu.Item>) session.get("menuItems");
        String expected = emptyToNull(session.getString("expected"));
        int rank = 0;
        for (int i = 0; i < items.size() && expected != null; i++) {
            if (items.get(i).id().equals(expected)) {
                rank = i + 1;
                break;
            }
        }
        boolean answered = !session.isFailed() && session.getInt("awaited") == 0;
        long now = System.nanoTime();
        MENUS.add(new MenuReport.Seen(session.getLong("menuAt"), expected, items.size(), rank,
                MenuCustomers.Action.valueOf(session.getString("menuAction")),
                answered ? (now - session.getLong("tChoice")) / 1000 : -1,
                answered ? (now - session.getLong("t0")) / 1000 : -1));
        return session.remove("got").markAsSucceeded();
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private final ScenarioBuilder agentsAtWork = scenario("agent")
            .exec(session -> session.set("agent", String.format("agent%02d", AGENT.incrementAndGet())))
            .during(Duration.ofSeconds(config.conversationSeconds() + 20), false).on(
                    exec(http("queue").get(config.gatewayUrl() + "/api/approvals?queue=direct")
                            .basicAuth("#{agent}", agentPassword).check(status().is(200), bodyString().saveAs("queue")))
                    .exec(MixedSimulation::pickDraft)
                    .doIfOrElse(session -> session.contains("draft")).then(
                            exec(http("claim").post(config.gatewayUrl() + "/api/approvals/#{draft}/claim")
                                    .basicAuth("#{agent}", agentPassword)
                                    .check(status().in(200, 409).saveAs("claimed")))
                            .doIf(session -> session.getInt("claimed") == 200).then(
                                    pause(Duration.ofMillis((long) (think[0] * 1000)), Duration.ofMillis((long) (think[1] * 1000)))
                                    .exec(session -> session.set("clickMs", System.currentTimeMillis()))
                                    .exec(http("approve").post(config.gatewayUrl() + "/api/approvals/#{draft}/approve")
                                            .basicAuth("#{agent}", agentPassword)
                                            .check(status().in(200, 409).saveAs("approved")))
                                    .exec(MixedSimulation::recordApproval)))
                    .orElse(pause(Duration.ofSeconds(1)))
                    .exec(session -> session.remove("draft").remove("claimed").remove("approved").markAsSucceeded()));

    /** A draft nobody holds, at random among the first few (agents do not all reach for the same one). */
    private static Session pickDraft(Session session) {
        JsonNode waiting = Json.tree(session.getString("queue"));
        List<JsonNode> free = new ArrayList<>();
        for (JsonNode w : waiting) {
            if ((w.path("claim").isNull() || w.path("claim").isMissingNode()) && free.size() < 5) {
                free.add(w.path("draft"));
            }
        }
        Session s = session.remove("queue");
        if (free.isEmpty()) {
            return s;
        }
        JsonNode draft = free.get(ThreadLocalRandom.current().nextInt(free.size()));
        Instant enqueued = ApprovalQueueSampler.instant(draft.path("enqueuedAt"));
        return s.set("draft", draft.path("draftId").asText())
                .set("kf", draft.path("conversation").path("account").asText())
                .set("user", draft.path("conversation").path("peer").asText())
                .set("enqueuedMs", enqueued == null ? -1L : enqueued.toEpochMilli());
    }

    private static Session recordApproval(Session session) {
        if (session.contains("approved") && session.getInt("approved") == 200) {
            APPROVALS.add(new MixedReport.Approval(session.getString("kf"), session.getString("user"),
                    session.getString("draft"), session.getLong("enqueuedMs"), session.getLong("clickMs")));
        }
        return session;
    }

    {
        setUp(customers.injectOpen(rampUsers(config.customers()).during(Duration.ofSeconds(RAMP_SECONDS))),
                agentsAtWork.injectOpen(rampUsers(agents).during(Duration.ofSeconds(RAMP_SECONDS))))
                .maxDuration(Duration.ofSeconds(RAMP_SECONDS + config.conversationSeconds() + REPLY_PATIENCE_MS / 1000 + 60));
    }

    /** What the customers asked, for the report. */
    private String asked() {
        if (!drawn) {
            return "the same question every turn (" + config.question() + ")";
        }
        return String.format(java.util.Locale.ROOT, "questions drawn from %d everyday ones (%d naming the entry that answers them)"
                        + "%s, %.0f %% of them with a reference number no customer used before; each turn a new visitor",
                questions.size(), questions.labelled(), questions.ambiguousShare() == 0 ? ""
                        : String.format(java.util.Locale.ROOT, " and, on %.0f %% of turns, from %d ambiguous ones (each with the entry its customer meant)",
                        questions.ambiguousShare() * 100, questions.ambiguousSize()),
                questions.newShare() * 100);
    }

    private Map<String, Object> menuSettings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("person_share_when_the_meant_entry_is_missing", menuCustomers.personShare());
        m.put("think_seconds", List.of(menuCustomers.thinkMinSeconds(), menuCustomers.thinkMaxSeconds()));
        m.put("gateway_menu_wait", LoadConfig.setting("menu-wait", "3m (the gateway's default)"));
        m.put("pause_between_turns_seconds", List.of(pause[0], pause[1]));
        return m;
    }

    @Override
    public void before() {
        scenarioStart = System.currentTimeMillis();
        int samples = RAMP_SECONDS + config.conversationSeconds() + (int) (REPLY_PATIENCE_MS / 1000) + 120;
        gauges.start(samples);
        queue.start(samples);
    }

    @Override
    public void after() {
        List<GatewayGauges.Sample> jvm = gauges.stop();
        List<ApprovalQueueSampler.Sample> depth = queue.stop();
        long from = scenarioStart + (RAMP_SECONDS + 10) * 1000L;
        long to = scenarioStart + (RAMP_SECONDS + config.conversationSeconds() - 5) * 1000L;
        List<SendRecord> sends = StubPages.read(config.wecomUrl() + "/_load/sends?since_ms=" + scenarioStart, new TypeReference<List<SendRecord>>() { });
        String prometheus = GatewayTimers.get(config.gatewayUrl() + "/actuator/prometheus");
        Map<String, Object> counters = new LinkedHashMap<>();
        counters.put("outbound_sent_by_purpose", GatewayTimers.counterByLabel(prometheus, "assist_outbound_sent_total", Map.of(), "purpose"));
        counters.put("approval_decisions", GatewayTimers.counterByLabel(prometheus, "assist_approval_decisions_total", Map.of(), "decision"));
        counters.put("route_decisions_by_route_counted_per_reason",
                GatewayTimers.counterByLabel(prometheus, "assist_route_decisions_total", Map.of(), "route"));
        counters.put("sla_breaches", GatewayTimers.counter(prometheus, "assist_approval_sla_breaches_total", Map.of()));
        // the live split as the dashboard shows it (and the same counters on the Prometheus page)
        long questionsAsked = RECORDER.samples("reply confident").size() + RECORDER.samples("reply unsure").size();
        double waiting = depth.isEmpty() ? Double.NaN : depth.get(depth.size() - 1).depth();
        Map<String, Object> menus = MenuReport.figures(List.copyOf(MENUS), GatewayTimers.get(config.gatewayUrl() + "/api/dashboard?hours=1"),
                prometheus, questionsAsked, waiting);
        MixedReport.Run run = new MixedReport.Run(config.customers(), agents, think[0], think[1], sla, unsureShare, from,
                Math.max(from + 1000, to), StubPages.read(config.wecomUrl() + "/_load/stats", new TypeReference<Map<String, Object>>() { }), counters,
                prometheus == null ? Map.of() : GatewayTimers.parse(prometheus), asked(), menuSettings(), menus, drawn);
        MixedReport.write(config.reportDir(), run, sends, List.copyOf(APPROVALS), RECORDER, depth, jvm, config.note());
        System.out.println("load report written to " + config.reportDir().toAbsolutePath());
    }
}
