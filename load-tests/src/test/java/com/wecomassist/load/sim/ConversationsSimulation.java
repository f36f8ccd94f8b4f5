package com.wecomassist.load.sim;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import com.fasterxml.jackson.core.type.TypeReference;
import com.wecomassist.load.CustomerQuestions;
import com.wecomassist.load.LoadConfig;
import com.wecomassist.load.callback.CallbackSigner;
import com.wecomassist.load.cluster.ClusterCost;
import com.wecomassist.load.cluster.KafkaTraffic;
import com.wecomassist.load.cluster.RedisCommandStats;
import com.wecomassist.load.report.ConversationsReport;
import com.wecomassist.load.report.GatewayGauges;
import com.wecomassist.load.report.GatewayTimers;
import com.wecomassist.load.report.ProcessCpu;
import com.wecomassist.load.report.WindowCpu;
import com.wecomassist.load.report.Recorder;
import com.wecomassist.load.stub.Json;
import com.wecomassist.load.stub.WecomApiStub.SendRecord;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scenario 2, conversations end to end: {@code load.customers} customers, each in a loop for
 * {@code load.conversation-seconds}: the WeCom stub holds the customer's question for kf/sync_msg, a
 * signed callback tells the gateway, and the customer waits (long poll on the stub, 30 s at most) for
 * the reply the gateway sends through kf/send_msg. Replies/s and end-to-end latency come from the
 * stub's send_msg records. Run by {@code ./assist load conversations}, never by {@code verify}.
 */
public class ConversationsSimulation extends Simulation {

    private static final Recorder RECORDER = new Recorder();
    private static final AtomicInteger CUSTOMER = new AtomicInteger();
    private static final int RAMP_SECONDS = 10;
    /** Callbacks go to the instances in turn (scenario 3: two gateways behind one WeCom callback URL). */
    private static final java.util.concurrent.atomic.AtomicLong CALLBACK = new java.util.concurrent.atomic.AtomicLong();

    private final LoadConfig config = LoadConfig.fromEnvironment();
    /** Many questions and a share of new ones: one repeated sentence would measure the embedding cache. */
    private final CustomerQuestions questions = CustomerQuestions.fromEnvironment();
    private final CallbackSigner signer = new CallbackSigner(config.token(), config.encodingAesKey(), config.corpId());
    private final GatewayGauges gauges = new GatewayGauges(config.gatewayUrl());
    private final List<String> gateways = config.gatewayUrls();
    /** Cluster mode: where the report reads what Redis and Kafka did (empty in embedded mode). */
    private final String redisUrl = LoadConfig.setting("redis-url", "");
    private final String kafkaBootstrap = LoadConfig.setting("kafka-bootstrap", "");
    private final String mode = LoadConfig.setting("mode", "embedded");
    private final int warmupSeconds = warmupSeconds(config.conversationSeconds());
    private Map<String, Long> redisBefore = Map.of();
    private Map<String, KafkaTraffic.Topic> kafkaBefore = Map.of();
    private long heldBefore;
    private long scenarioStart;
    private WindowCpu steadyCpu;

    private final ScenarioBuilder customers = scenario("customer")
            .exec(session -> {
                int id = CUSTOMER.getAndIncrement();
                return session.set("kf", config.openKfId(id)).set("user", String.format("wmLoadCustomer%06d", id));
            })
            .during(Duration.ofSeconds(config.conversationSeconds())).on(
                    exec(session -> session.set("t0", System.nanoTime()).set("t0ms", System.currentTimeMillis())
                            .set("hold", Json.string(Map.of("open_kfid", session.getString("kf"),
                                    "external_userid", session.getString("user"), "content", questions.next()))))
                    .exec(http("hold").post(config.wecomUrl() + "/_load/hold").header("Content-Type", "application/json")
                            .body(StringBody("#{hold}"))
                            .check(status().is(200), jsonPath("$.replies").ofInt().saveAs("replies")))
                    .exec(session -> {
                        CallbackSigner.SignedCallback cb = signer.kfEvent(session.getString("kf"));
                        return session.set("query", cb.query()).set("body", cb.body());
                    })
                    .exec(session -> session.set("gateway", gateways.get(
                            (int) Math.floorMod(CALLBACK.getAndIncrement(), (long) gateways.size()))))
                    .exec(http("callback").post("#{gateway}/wecom/callback?#{query}")
                            .header("Content-Type", "text/xml").body(StringBody("#{body}")).check(status().is(200)))
                    .exec(http("await reply").get(config.wecomUrl()
                                    + "/_load/await?open_kfid=#{kf}&external_userid=#{user}&after=#{replies}&timeout_ms=30000")
                            .check(status().is(200), jsonPath("$.errcode").ofInt().saveAs("awaited")))
                    .exec(ConversationsSimulation::recordTurn));

    /** The run's note, with what the customers asked. */
    private String withQuestions(String note) {
        String asked = String.format(java.util.Locale.ROOT, "questions: drawn at random from %d everyday questions; "
                + "%.0f %% of turns ask one no customer asked before (never in the gateway's embedding cache)",
                questions.size(), questions.newShare() * 100);
        return note == null || note.isBlank() ? asked : note + " — " + asked;
    }

    private static Session recordTurn(Session session) {
        boolean ok = !session.isFailed() && session.contains("awaited") && session.getInt("awaited") == 0;
        long micros = (System.nanoTime() - session.getLong("t0")) / 1000;
        RECORDER.record("reply", session.getLong("t0ms"), micros, ok);
        return session.remove("awaited").markAsSucceeded();
    }

    {
        setUp(customers.injectOpen(rampUsers(config.customers()).during(Duration.ofSeconds(RAMP_SECONDS))))
                .maxDuration(Duration.ofSeconds(RAMP_SECONDS + config.conversationSeconds() + 90));
    }

    @Override
    public void before() {
        scenarioStart = System.currentTimeMillis();
        gauges.start(RAMP_SECONDS + config.conversationSeconds() + 120);
        if (!redisUrl.isBlank()) {
            redisBefore = RedisCommandStats.read(redisUrl);
        }
        if (!kafkaBootstrap.isBlank()) {
            kafkaBefore = KafkaTraffic.read(kafkaBootstrap);
        }
        heldBefore = held();
        steadyCpu = WindowCpu.start(ProcessCpu.pidFromEnvironment("LOAD_GATEWAY_PID"), steadyFrom(), steadyTo());
    }

    /** Steady window: after the ramp and a warm-up (10 s, or --warmup-seconds), until 5 s before the customers stop. */
    private long steadyFrom() {
        return scenarioStart + (RAMP_SECONDS + warmupSeconds) * 1000L;
    }

    private long steadyTo() {
        return scenarioStart + (RAMP_SECONDS + config.conversationSeconds() - 5) * 1000L;
    }

    @Override
    public void after() {
        List<GatewayGauges.Sample> jvm = gauges.stop();
        long from = steadyFrom();
        long to = steadyTo();
        List<SendRecord> sends = StubPages.read(config.wecomUrl() + "/_load/sends?since_ms=" + scenarioStart, new TypeReference<List<SendRecord>>() { });
        String llmUrl = System.getProperty("load.llm-stats-url", System.getenv().getOrDefault("LOAD_LLM_STATS_URL",
                "http://127.0.0.1:18082/_load/stats"));
        ConversationsReport.Run run = new ConversationsReport.Run(config.customers(), config.llmLatencySeconds(), from,
                Math.max(from + 1000, to), StubPages.read(config.wecomUrl() + "/_load/stats", new TypeReference<Map<String, Object>>() { }),
                StubPages.read(llmUrl, new TypeReference<Map<String, Object>>() { }), gauges.gcPauses(),
                GatewayTimers.fetch(config.gatewayUrl()));
        Map<String, Object> extra = new java.util.LinkedHashMap<>();
        StringBuilder extraMd = new StringBuilder();
        extra.put("mode", mode);
        extra.put("instances", gateways.size());
        // the first gateway's CPU per reply once it runs steadily (the whole run's is in cpu.md)
        long steadyReplies = sends.stream().filter(r -> r.atMillis() >= from && r.atMillis() < to).count();
        double cpuSeconds = steadyCpu.seconds();
        if (!Double.isNaN(cpuSeconds) && steadyReplies > 0 && gateways.size() == 1) {
            double msPerReply = cpuSeconds * 1000 / steadyReplies;
            extra.put("gateway_cpu_steady", Map.of("cpu_seconds", cpuSeconds, "replies", steadyReplies,
                    "ms_per_reply", Math.round(msPerReply * 100) / 100.0));
            extraMd.append(String.format(java.util.Locale.ROOT, "Gateway CPU in the steady window: %.1f s for %d replies, "
                    + "**%.2f ms per reply** (the whole run's figure, start-up of the run included, is in the CPU table).%n%n",
                    cpuSeconds, steadyReplies, msPerReply));
        }
        if (gateways.size() > 1) {
            // the first instance's timers are above; each instance's own follow
            Map<String, Object> byInstance = new java.util.LinkedHashMap<>();
            for (String url : gateways) {
                Map<String, Object> timers = GatewayTimers.fetch(url);
                byInstance.put(url, timers);
                extraMd.append("Instance ").append(url).append(":\n\n").append(GatewayTimers.markdown(timers)).append('\n');
            }
            extra.put("gateway_timers_by_instance", byInstance);
        }
        if (!redisUrl.isBlank() && !kafkaBootstrap.isBlank()) {
            Map<String, Object> cost = ClusterCost.figures(RedisCommandStats.delta(redisBefore, RedisCommandStats.read(redisUrl)),
                    KafkaTraffic.delta(kafkaBefore, KafkaTraffic.read(kafkaBootstrap)), held() - heldBefore);
            extra.put("cluster_cost", cost);
            extraMd.append(ClusterCost.markdown(cost));
        }
        String scenario = "conversations".concat(mode.equals("embedded") && gateways.size() == 1 ? ""
                : ", " + mode + " mode, " + gateways.size() + (gateways.size() == 1 ? " instance" : " instances"));
        ConversationsReport.write(config.reportDir(), scenario, run, sends, RECORDER, jvm, withQuestions(config.note()), extra,
                extraMd.toString());
        System.out.println("load report written to " + config.reportDir().toAbsolutePath());
    }

    private static int warmupSeconds(int conversationSeconds) {
        int warmup = Integer.parseInt(LoadConfig.setting("conversation-warmup-seconds", "10"));
        if (warmup < 0 || warmup + 10 > conversationSeconds) {
            throw new IllegalArgumentException("--warmup-seconds " + warmup + " leaves no steady window in "
                    + conversationSeconds + " s (it must be at least 0 and 10 less than --seconds)");
        }
        return warmup;
    }

    private long held() {
        Object held = StubPages.read(config.wecomUrl() + "/_load/stats", new TypeReference<Map<String, Object>>() { })
                .get("held");
        return held instanceof Number n ? n.longValue() : 0;
    }
}
