package com.wecomassist.load.sim;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.wecomassist.load.LoadConfig;
import com.wecomassist.load.callback.CallbackSigner;
import com.wecomassist.load.report.ContactsReport;
import com.wecomassist.load.report.GatewayGauges;
import com.wecomassist.load.report.GatewayTimers;
import com.wecomassist.load.stub.Json;
import com.wecomassist.load.stub.SyntheticContacts;
import com.wecomassist.load.stub.WelcomeArrivals;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 19, welcomes: {@code load.welcome-adds} employees add a customer, evenly over
 * {@code load.welcome-seconds}: each a signed, encrypted {@code change_external_contact} /
 * {@code add_external_contact} callback with a fresh WelcomeCode (made by {@link WelcomeArrivals#code}
 * from the moment of posting). The WeCom stub records when each code's {@code send_welcome_msg}
 * arrives. After the last add the run waits for the welcomes (at most the code's 20 s and 5 s more),
 * then reports the share within 20 s, the latency percentiles, and for each code never welcomed what
 * the gateway's audit trail says. Run by {@code ./assist load welcomes}, never by {@code verify}.
 */
public class WelcomesSimulation extends Simulation {

    private static final Duration LIFETIME = Duration.ofSeconds(20);
    /** Codes never welcomed whose reason is looked up in the audit trail, at most. */
    private static final int WHY_LOOKUPS = 50;
    private static final AtomicLong ADD = new AtomicLong();
    private static final Map<String, ContactsReport.Posted> POSTED = new ConcurrentHashMap<>();

    private final LoadConfig config = LoadConfig.fromEnvironment();
    private final int adds = Integer.parseInt(LoadConfig.setting("welcome-adds", "1000"));
    private final int seconds = Integer.parseInt(LoadConfig.setting("welcome-seconds", "60"));
    private final int employees = Integer.parseInt(LoadConfig.setting("contacts-employees", "1000"));
    private final String mode = LoadConfig.setting("mode", "embedded");
    private final CallbackSigner signer = new CallbackSigner(config.token(), config.encodingAesKey(), config.corpId());
    private final GatewayGauges gauges = new GatewayGauges(config.gatewayUrl());
    private final List<String> gateways = config.gatewayUrls();
    private long start;

    private final ScenarioBuilder employeesAdding = scenario("employee adds a customer")
            .exec(this::newAdd)
            .exec(http("add_external_contact").post("#{gateway}/wecom/callback?#{query}")
                    .header("Content-Type", "text/xml").body(StringBody("#{body}"))
                    .check(status().saveAs("status")))
            .exec(this::posted);

    /** The add's callback, signed the moment it is made: its WelcomeCode carries that moment. */
    private Session newAdd(Session session) {
        long n = ADD.incrementAndGet();
        long now = System.currentTimeMillis();
        String code = WelcomeArrivals.code(now, n);
        String employee = SyntheticContacts.employeeId((int) (n % employees));
        String customer = String.format("wmLoadNew%010d", n);
        // a quarter came through a 渠道活码, as in the synced directory
        CallbackSigner.SignedCallback cb = signer.contactAdded(employee, customer, n % 4 == 0 ? "ch" + (n % 10) : null, code);
        POSTED.put(code, new ContactsReport.Posted(code, "contact:" + employee + ":" + customer, now, -1));
        return session.set("code", code).set("query", cb.query()).set("body", cb.body())
                .set("gateway", gateways.get((int) (n % gateways.size())));
    }

    private Session posted(Session session) {
        String code = session.getString("code");
        int status = session.contains("status") ? session.getInt("status") : -1;
        POSTED.computeIfPresent(code, (k, p) -> new ContactsReport.Posted(p.code(), p.conversationId(), p.postedMillis(),
                status));
        return session;
    }

    {
        setUp(employeesAdding.injectOpen(constantUsersPerSec((double) adds / seconds).during(Duration.ofSeconds(seconds))))
                .maxDuration(Duration.ofSeconds(seconds + 60L));
    }

    @Override
    public void before() {
        start = System.currentTimeMillis();
        gauges.start(seconds + 120);
    }

    @Override
    public void after() {
        // the welcomes of the last adds may still be on their way: wait for them, at most a code's lifetime
        long lastPost = POSTED.values().stream().mapToLong(ContactsReport.Posted::postedMillis).max().orElse(start);
        long waitUntil = lastPost + LIFETIME.toMillis() + 5000;
        while (System.currentTimeMillis() < waitUntil && welcomed() < POSTED.size()) {
            sleep(500);
        }
        List<GatewayGauges.Sample> jvm = gauges.stop();
        List<WelcomeArrivals.Arrival> arrivals = StubPages.read(config.wecomUrl() + "/_load/welcomes?since_ms=" + start,
                new TypeReference<List<WelcomeArrivals.Arrival>>() { });
        List<ContactsReport.Posted> posted = new ArrayList<>(POSTED.values());
        posted.sort((a, b) -> Long.compare(a.postedMillis(), b.postedMillis()));
        String prometheus = GatewayTimers.get(config.gatewayUrl() + "/actuator/prometheus");
        Map<String, Double> outcomes = GatewayTimers.counterByLabel(prometheus, "assist_welcome_outcomes_total",
                Map.of(), "outcome");
        Map<String, String> whyNot = whyNotWelcomed(posted, arrivals);
        Map<String, Object> stats = StubPages.read(config.wecomUrl() + "/_load/stats", new TypeReference<Map<String, Object>>() { });
        ContactsReport.writeWelcomes(config.reportDir(), posted, arrivals, LIFETIME, seconds, outcomes, whyNot, stats,
                GatewayTimers.fetch(config.gatewayUrl()), jvm, mode, config.note());
        System.out.println("load report written to " + config.reportDir().toAbsolutePath());
    }

    /** For the codes never welcomed (the first {@value #WHY_LOOKUPS}): the reason of the gateway's NOT_SENT audit event. */
    private Map<String, String> whyNotWelcomed(List<ContactsReport.Posted> posted, List<WelcomeArrivals.Arrival> arrivals) {
        java.util.Set<String> arrived = new java.util.HashSet<>();
        arrivals.forEach(a -> arrived.add(a.code()));
        Map<String, String> why = new LinkedHashMap<>();
        for (ContactsReport.Posted p : posted) {
            if (arrived.contains(p.code()) || why.size() >= WHY_LOOKUPS) {
                continue;
            }
            String page = GatewayTimers.get(config.gatewayUrl() + "/api/audit?conversation="
                    + URLEncoder.encode(p.conversationId(), StandardCharsets.UTF_8));
            String reason = page == null ? "audit trail not readable" : "no welcome event on the audit trail";
            if (page != null) {
                for (JsonNode event : Json.tree(page)) {
                    JsonNode details = event.path("details");
                    if ("CONTACT_WELCOME".equals(details.path("purpose").asText())) {
                        String said = details.path("reason").asText("");
                        reason = event.path("type").asText() + ": " + said + (said.contains("after CreateTime") ? ""
                                : " (" + details.path("elapsedMs").asText() + " ms after CreateTime)");
                    }
                }
            }
            why.put(p.code(), reason + (p.status() == 200 ? "" : "; callback answered " + p.status()));
        }
        return why;
    }

    private long welcomed() {
        Object w = StubPages.read(config.wecomUrl() + "/_load/stats", new TypeReference<Map<String, Object>>() { })
                .get("welcome");
        return w instanceof Map<?, ?> m && m.get("welcomes") instanceof Number n ? n.longValue() : 0;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
